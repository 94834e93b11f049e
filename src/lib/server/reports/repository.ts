import type { Conn } from '../db';
import type { NewReport } from '../db/schema';

/**
 * Appends reports to the log and keeps `current_values` in step: a report replaces the
 * current value only when it is later by (asOf, receivedAt), so a late-entered report
 * about the past never hides a newer one. Run inside a transaction.
 */
export async function appendReports(conn: Conn, reports: NewReport[]): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < reports.length; i += 400) {
		const inserted = await conn
			.insertInto('reports')
			.values(reports.slice(i, i + 400))
			.returning(['id', 'campaign_id', 'commune_id', 'record_type', 'stage', 'cumulative', 'as_of', 'received_at'])
			.execute();
		const latest = new Map<string, (typeof inserted)[number]>();
		for (const r of inserted) {
			ids.push(r.id);
			const key = `${r.campaign_id}|${r.commune_id}|${r.record_type}|${r.stage}`;
			const seen = latest.get(key);
			if (!seen || isLater(r, seen)) latest.set(key, r);
		}
		await conn
			.insertInto('current_values')
			.values(
				[...latest.values()].map((r) => ({
					campaign_id: r.campaign_id,
					commune_id: r.commune_id,
					record_type: r.record_type,
					stage: r.stage,
					cumulative: r.cumulative,
					as_of: r.as_of,
					received_at: r.received_at,
					report_id: r.id
				}))
			)
			.onConflict((oc) =>
				oc
					.columns(['campaign_id', 'commune_id', 'record_type', 'stage'])
					.doUpdateSet((eb) => ({
						cumulative: eb.ref('excluded.cumulative'),
						as_of: eb.ref('excluded.as_of'),
						received_at: eb.ref('excluded.received_at'),
						report_id: eb.ref('excluded.report_id')
					}))
					.where((eb) =>
						eb.or([
							eb('excluded.as_of', '>', eb.ref('current_values.as_of')),
							eb.and([
								eb('excluded.as_of', '=', eb.ref('current_values.as_of')),
								eb('excluded.received_at', '>=', eb.ref('current_values.received_at'))
							])
						])
					)
			)
			.execute();
	}
	return ids;
}

function isLater(a: { as_of: string; received_at: string; id: number }, b: { as_of: string; received_at: string; id: number }) {
	if (a.as_of !== b.as_of) return a.as_of > b.as_of;
	if (a.received_at !== b.received_at) return a.received_at > b.received_at;
	return a.id > b.id;
}

export function listCurrentValues(conn: Conn, campaignId: number, stage: string) {
	return conn
		.selectFrom('current_values')
		.select(['commune_id', 'record_type', 'cumulative', 'as_of', 'received_at'])
		.where('campaign_id', '=', campaignId)
		.where('stage', '=', stage)
		.execute();
}
