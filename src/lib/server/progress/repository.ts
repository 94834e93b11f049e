import type { ExpressionBuilder } from 'kysely';
import type { Conn } from '../db';
import type { Campaign, DB } from '../db/schema';

/** The units a campaign covers: its province and everything under it in its hierarchy version. */
export function campaignUnits(conn: Conn, campaign: Campaign) {
	return conn
		.selectFrom('units')
		.select(['id', 'code', 'name', 'type', 'level', 'parent_id'])
		.where('hierarchy_id', '=', campaign.hierarchy_id)
		.where('province_id', '=', campaign.province_id)
		.orderBy('code')
		.execute();
}

export function hierarchyLevels(conn: Conn, hierarchyId: number) {
	return conn.selectFrom('hierarchies').select('levels').where('id', '=', hierarchyId).executeTakeFirstOrThrow();
}

export function campaignGroups(conn: Conn, campaignId: number) {
	return conn.selectFrom('campaign_groups').select(['id', 'code', 'name']).where('campaign_id', '=', campaignId).orderBy('code').execute();
}

export function campaignGroupMembers(conn: Conn, campaignId: number) {
	return conn.selectFrom('campaign_group_members').select(['group_id', 'commune_id']).where('campaign_id', '=', campaignId).execute();
}

export function deadlineOverrides(conn: Conn, campaignId: number) {
	return conn.selectFrom('unit_deadlines').select(['unit_id', 'deadline']).where('campaign_id', '=', campaignId).execute();
}

/** Latest target revision time and latest asOf of the campaign: "now" needs no history after both. */
export async function latestChanges(conn: Conn, campaignId: number) {
	const [targets, values] = await Promise.all([
		conn.selectFrom('target_revisions').select((eb) => eb.fn.max('created_at').as('at')).where('campaign_id', '=', campaignId).executeTakeFirst(),
		conn.selectFrom('current_values').select((eb) => eb.fn.max('as_of').as('at')).where('campaign_id', '=', campaignId).executeTakeFirst()
	]);
	return { targetsAt: targets?.at ?? null, valuesAt: values?.at ?? null };
}

export function currentTargets(conn: Conn, campaignId: number) {
	return conn.selectFrom('current_targets').select(['commune_id', 'record_type', 'target']).where('campaign_id', '=', campaignId).execute();
}

/** The target in force at an instant; a cell whose first revision came later takes that first one. */
export function targetsAt(conn: Conn, campaignId: number, at: string) {
	return conn
		.selectFrom('current_targets as k')
		.select((eb) => [
			'k.commune_id',
			'k.record_type',
			eb.fn
				.coalesce(
					eb
						.selectFrom('target_revisions as r')
						.select('r.target')
						.whereRef('r.campaign_id', '=', 'k.campaign_id')
						.whereRef('r.commune_id', '=', 'k.commune_id')
						.whereRef('r.record_type', '=', 'k.record_type')
						.where('r.created_at', '<=', at)
						.orderBy('r.created_at', 'desc')
						.orderBy('r.id', 'desc')
						.limit(1),
					eb
						.selectFrom('target_revisions as r')
						.select('r.target')
						.whereRef('r.campaign_id', '=', 'k.campaign_id')
						.whereRef('r.commune_id', '=', 'k.commune_id')
						.whereRef('r.record_type', '=', 'k.record_type')
						.orderBy('r.created_at')
						.orderBy('r.id')
						.limit(1)
				)
				.$notNull()
				.as('target')
		])
		.where('k.campaign_id', '=', campaignId)
		.execute();
}

export function currentValues(conn: Conn, campaignId: number, stage: string) {
	return conn
		.selectFrom('current_values')
		.select(['commune_id', 'record_type', 'cumulative', 'as_of', 'finished_at'])
		.where('campaign_id', '=', campaignId)
		.where('stage', '=', stage)
		.execute();
}

/**
 * The report in force at an instant for the cell of a `current_values as k` row: the
 * latest with asOf ≤ at (and, for a scheduled snapshot, received by then). One index seek.
 */
function reportInForce<C extends 'id' | 'cumulative'>(eb: ExpressionBuilder<DB & { k: DB['current_values'] }, 'k'>, column: C, at: string, receivedBy: string | null) {
	return eb
		.selectFrom('reports as r')
		.select(`r.${column}` as `r.${C}`)
		.whereRef('r.campaign_id', '=', 'k.campaign_id')
		.whereRef('r.commune_id', '=', 'k.commune_id')
		.whereRef('r.record_type', '=', 'k.record_type')
		.whereRef('r.stage', '=', 'k.stage')
		.where('r.as_of', '<=', at)
		.$if(receivedBy !== null, (q) => q.where('r.received_at', '<=', receivedBy!))
		.orderBy('r.as_of', 'desc')
		.orderBy('r.received_at', 'desc')
		.orderBy('r.id', 'desc')
		.limit(1);
}

/** The value in force at an instant for every cell, with its asOf. */
export function valuesAt(conn: Conn, campaignId: number, stage: string, at: string, receivedBy: string | null) {
	const latest = conn
		.selectFrom('current_values as k')
		.select((eb) => [reportInForce(eb, 'id', at, receivedBy).as('report_id')])
		.where('k.campaign_id', '=', campaignId)
		.where('k.stage', '=', stage);
	return conn
		.selectFrom(latest.as('v'))
		.innerJoin('reports as r', 'r.id', 'v.report_id')
		.select(['r.commune_id', 'r.record_type', 'r.cumulative', 'r.as_of'])
		.execute();
}

/** Like valuesAt, but only the cumulative value (no join): for pace. */
export async function cumulativeAt(conn: Conn, campaignId: number, stage: string, at: string, receivedBy: string | null) {
	const rows = await conn
		.selectFrom('current_values as k')
		.select((eb) => ['k.commune_id', 'k.record_type', reportInForce(eb, 'cumulative', at, receivedBy).as('cumulative')])
		.where('k.campaign_id', '=', campaignId)
		.where('k.stage', '=', stage)
		.execute();
	return rows.filter((r): r is typeof r & { cumulative: number } => r.cumulative !== null);
}
