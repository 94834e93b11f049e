/** The capacities in force at an instant (DESIGN §4 "Capacity": an instant uses the values then in force). */
import { capacitiesAt, type Capacity, type CapacitiesInForce } from '$lib/domain/capacity';
import type { Conn } from '../db';
import { listCapacityRevisions } from './repository';

/** The capacities in force at `at` (ISO). */
export async function capacitiesInForce(conn: Conn, campaignId: number, at: string): Promise<CapacitiesInForce> {
	return capacitiesAt(await listCapacityRevisions(conn, campaignId, at), at);
}

/** Each commune's capacity at `at`, by its key in the campaign tree ("u:<id>"); '' holds the campaign's default. */
export async function communeCapacities(conn: Conn, campaignId: number, at: string): Promise<Map<string, Capacity>> {
	const inForce = await capacitiesInForce(conn, campaignId, at);
	const byKey = new Map<string, Capacity>([...inForce.byCommune].map(([id, c]) => [`u:${id}`, c]));
	byKey.set('', inForce.default);
	return byKey;
}
