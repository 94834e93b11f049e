/** Machines and shifts per day of a campaign's communes: an append-only history (DESIGN §4 "Capacity"). */
import type { CapacityRevision } from '$lib/domain/capacity';
import type { Conn } from '../db';

/** The campaign's capacity revisions up to `at` (ISO; all when null), in the order they took effect. */
export async function listCapacityRevisions(conn: Conn, campaignId: number, at: string | null = null): Promise<CapacityRevision[]> {
	let q = conn.selectFrom('capacity_revisions').select(['commune_id', 'machines', 'shifts_per_day', 'created_at']).where('campaign_id', '=', campaignId);
	if (at !== null) q = q.where('created_at', '<=', at);
	const rows = await q.orderBy('created_at').orderBy('id').execute();
	return rows.map((r) => ({ communeId: r.commune_id, machines: r.machines, shiftsPerDay: r.shifts_per_day, at: r.created_at }));
}

export interface CapacityEntry {
	communeId: number | null; // null: the campaign's default
	machines: number;
	shiftsPerDay: number;
}

/** Appends revisions taking effect at `meta.at`. Run inside the transaction that audits them. */
export async function insertCapacityRevisions(
	conn: Conn,
	campaignId: number,
	entries: readonly CapacityEntry[],
	meta: { at: string; authorId: number | null; source: string }
): Promise<void> {
	for (let i = 0; i < entries.length; i += 500) {
		await conn
			.insertInto('capacity_revisions')
			.values(
				entries.slice(i, i + 500).map((e) => ({
					campaign_id: campaignId,
					commune_id: e.communeId,
					machines: e.machines,
					shifts_per_day: e.shiftsPerDay,
					created_at: meta.at,
					author_id: meta.authorId,
					source: meta.source
				}))
			)
			.execute();
	}
}
