import type { Conn } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { raiseLatestChanges } from './repository';
import { refreshFinishTimes } from '../counts/repository';

export interface TargetEntry {
	communeId: number;
	recordType: string;
	target: number;
}

/** Appends target revisions and brings `current_targets` in step. Run inside a transaction. */
export async function setTargets(
	conn: Conn,
	campaignId: number,
	entries: TargetEntry[],
	meta: { at: string; authorId: number | null; source: string; note?: string | null }
): Promise<void> {
	for (let i = 0; i < entries.length; i += 500) {
		const batch = entries.slice(i, i + 500);
		const revisions = await conn
			.insertInto('target_revisions')
			.values(
				batch.map((e) => ({
					campaign_id: campaignId,
					commune_id: e.communeId,
					record_type: e.recordType,
					target: e.target,
					created_at: meta.at,
					author_id: meta.authorId,
					source: meta.source,
					note: meta.note ?? null
				}))
			)
			.returning(['id', 'commune_id', 'record_type', 'target'])
			.execute();
		await conn
			.insertInto('current_targets')
			.values(
				revisions.map((r) => ({
					campaign_id: campaignId,
					commune_id: r.commune_id,
					record_type: r.record_type,
					target: r.target,
					revision_id: r.id
				}))
			)
			.onConflict((oc) =>
				oc.columns(['campaign_id', 'commune_id', 'record_type']).doUpdateSet((eb) => ({
					target: eb.ref('excluded.target'),
					revision_id: eb.ref('excluded.revision_id')
				}))
			)
			.execute();
	}
	if (entries.length) await raiseLatestChanges(conn, campaignId, { targetAt: meta.at });
	await refreshFinishTimes(conn, campaignId, entries);
}

export function listCurrentTargets(conn: Conn, campaignId: number): Promise<{ communeId: number; recordType: string; target: number }[]> {
	return conn.selectFrom('current_targets').select(['commune_id as communeId', 'record_type as recordType', 'target']).where('campaign_id', '=', campaignId).execute();
}

/** How many communes of the campaign (of every province for a national one, issue 29) have no target above zero for any record type. */
export async function countCommunesWithoutTarget(conn: Conn, campaign: Pick<Campaign, 'id' | 'hierarchyId' | 'provinceId'>): Promise<number> {
	let query = conn
		.selectFrom('units as u')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('u.hierarchy_id', '=', campaign.hierarchyId);
	if (campaign.provinceId !== null) query = query.where('u.province_id', '=', campaign.provinceId);
	const row = await query
		.where('u.level', '=', 'commune')
		.where((eb) =>
			eb.not(
				eb.exists(
					eb.selectFrom('current_targets as t').select('t.commune_id').where('t.campaign_id', '=', campaign.id).whereRef('t.commune_id', '=', 'u.id').where('t.target', '>', 0)
				)
			)
		)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
