import { sql, type RawBuilder } from 'kysely';
import type { Conn } from '../db';
import { forEachChunk } from '../perf/bulk';
import { idList, packRows, readPackedRows } from '../db/dialect';
import type { Campaign } from '$lib/domain/campaign';
import { splitGroupCode } from '$lib/domain/groups';

/** A province's units, or every unit of the hierarchy version for a national campaign (no province). */
function selectCampaignUnits(conn: Conn, campaign: Pick<Campaign, 'hierarchyId' | 'provinceId'>) {
	let query = conn.selectFrom('units').select(['id', 'code', 'name', 'type', 'level', 'parent_id']).where('hierarchy_id', '=', campaign.hierarchyId);
	if (campaign.provinceId !== null) query = query.where('province_id', '=', campaign.provinceId);
	return query.orderBy('code').execute();
}

export type CampaignUnit = Awaited<ReturnType<typeof selectCampaignUnits>>[number];

/**
 * A hierarchy version's units never change once imported: an import writes them in one
 * transaction, and nothing edits or deletes them. So each database keeps a province's
 * units once read (every page, snapshot and import reads them; nationally 10.739 rows
 * and about 20 ms), frozen so that no caller can change the shared list. Inside a
 * transaction they are read afresh.
 */
const unitsRead = new WeakMap<Conn, Map<string, Promise<readonly Readonly<CampaignUnit>[]>>>();

/** The units a campaign covers: its province and everything under it in its hierarchy version. */
export function campaignUnits(conn: Conn, campaign: Pick<Campaign, 'hierarchyId' | 'provinceId'>): Promise<readonly Readonly<CampaignUnit>[]> {
	if (conn.isTransaction) return selectCampaignUnits(conn, campaign);
	let byProvince = unitsRead.get(conn);
	if (!byProvince) unitsRead.set(conn, (byProvince = new Map<string, Promise<readonly Readonly<CampaignUnit>[]>>()));
	const key = `${campaign.hierarchyId}:${campaign.provinceId}`;
	let units = byProvince.get(key);
	if (!units) {
		units = selectCampaignUnits(conn, campaign).then((rows) => Object.freeze(rows.map((u) => Object.freeze(u))));
		byProvince.set(key, units);
		units.catch(() => byProvince.delete(key));
	}
	return units;
}

/** The campaign's province and middle level, and only the named communes. */
export function campaignUnitsNamed(conn: Conn, campaign: Campaign, communeCodes: string[]) {
	let query = conn.selectFrom('units').select(['id', 'code', 'name', 'type', 'level', 'parent_id']).where('hierarchy_id', '=', campaign.hierarchyId);
	if (campaign.provinceId !== null) query = query.where('province_id', '=', campaign.provinceId);
	return query
		.where((eb) => eb.or([eb('level', '!=', 'commune'), eb('code', 'in', communeCodes.length ? communeCodes : [''])]))
		.orderBy('code')
		.execute();
}

export function hierarchyLevels(conn: Conn, hierarchyId: number) {
	return conn.selectFrom('hierarchies').select('levels').where('id', '=', hierarchyId).executeTakeFirstOrThrow();
}

/** Whether a campaign has groups at all (any time). */
export async function hasCampaignGroups(conn: Conn, campaignId: number): Promise<boolean> {
	return (await conn.selectFrom('campaign_groups').select('id').where('campaign_id', '=', campaignId).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * The grouping of a campaign in force at instant `at` (ISO; null: now): its memberships
 * then, and the groups that held communes then, in code order, each with its own code and
 * the province it is scoped by in a national campaign (null in a provincial one).
 */
export async function campaignGroupingAt(conn: Conn, campaignId: number, at: string | null) {
	let members = conn.selectFrom('campaign_group_memberships').select(['group_id', 'commune_id']).where('campaign_id', '=', campaignId);
	members = at === null ? members.where('valid_to', 'is', null) : members.where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
	const [groups, rows] = await Promise.all([
		conn.selectFrom('campaign_groups').select(['id', 'code', 'name', 'ungrouped']).where('campaign_id', '=', campaignId).orderBy('ungrouped').orderBy('code').execute(),
		members.execute()
	]);
	const held = new Set(rows.map((m) => m.group_id));
	return { groups: groups.filter((g) => held.has(g.id)).map((g) => ({ ...g, ...splitGroupCode(g.code) })), members: rows };
}

/** Each commune's group code now (its province's own), for access: a group lead covers the communes of their group. */
export async function communeGroupCodes(conn: Conn, campaignId: number): Promise<Map<number, string>> {
	const rows = await conn
		.selectFrom('campaign_group_memberships as m')
		.innerJoin('campaign_groups as g', 'g.id', 'm.group_id')
		.select(['m.commune_id', 'g.code'])
		.where('m.campaign_id', '=', campaignId)
		.where('m.valid_to', 'is', null)
		.execute();
	return new Map(rows.map((r) => [r.commune_id, splitGroupCode(r.code).code]));
}

export function deadlineOverrides(conn: Conn, campaignId: number) {
	return conn.selectFrom('unit_deadlines').select(['unit_id', 'deadline']).where('campaign_id', '=', campaignId).execute();
}

export function groupDeadlineOverrides(conn: Conn, campaignId: number) {
	return conn.selectFrom('group_deadlines').select(['group_id', 'deadline']).where('campaign_id', '=', campaignId).execute();
}

/** Latest target revision time and latest asOf of the campaign: "now" needs no history after both. */
export async function latestChanges(conn: Conn, campaignId: number) {
	const row = await conn.selectFrom('campaigns').select(['latest_target_at', 'latest_value_as_of']).where('id', '=', campaignId).executeTakeFirst();
	return { targetsAt: row?.latest_target_at ?? null, valuesAt: row?.latest_value_as_of ?? null };
}

export interface CellQuery {
	campaignId: number;
	stage: string;
	/** The instant of the values, or null for the current values ("now"). */
	valuesAt: string | null;
	/** The instant of the targets, or null for the current targets. */
	targetsAt: string | null;
	/** The start of the pace window. */
	before: string;
	/** A scheduled snapshot counts only reports received by its instant. */
	receivedBy: string | null;
}

/**
 * One cell, as an array of its columns (tens of thousands per national evaluation):
 * commune id; record type; target at the instant; current target (to tell whether the
 * current finish time still holds); value in force at the instant and its asOf (null
 * before the cell's first report); value in force at the start of the pace window (or the
 * target, for a cell already at or above it since before then: the pace caps it); the
 * current-value table's finish time (valid for the current values and targets); 1 when
 * the cell has a current-value row, i.e. has been reported at all.
 */
export type CellRow = [
	communeId: number,
	recordType: string,
	target: number,
	targetNow: number,
	cumulative: number | null,
	asOf: string | null,
	before: number | null,
	finishedAt: string | null,
	reported: 0 | 1
];

/**
 * Every cell (commune × record type) of a campaign with what the engine needs, in one
 * pass: a cell with a target, plus any cell reported without one (target 0). Hand-written
 * SQL, as this is the hot path of every page and snapshot: one index seek per cell for
 * each instant that is not "now".
 */
export async function campaignCells(conn: Conn, q: CellQuery): Promise<CellRow[]> {
	// Seeks key on the cell's current-value row `k`: a cell without one has no report yet.
	const receivedBy = q.receivedBy === null ? sql`` : sql`and r.received_at <= ${q.receivedBy}`;
	const inForce = (column: 'id' | 'cumulative', at: string) => sql`(
		select r.${sql.ref(column)} from reports r
		where r.campaign_id = k.campaign_id and r.commune_id = k.commune_id and r.record_type = k.record_type and r.stage = k.stage
			and r.as_of <= ${at} ${receivedBy}
		order by r.as_of desc, r.received_at desc, r.id desc limit 1)`;
	const revision = (at: string | null, order: 'asc' | 'desc') => sql`(
		select tr.target from target_revisions tr
		where tr.campaign_id = c.campaign_id and tr.commune_id = c.commune_id and tr.record_type = c.record_type
			${at === null ? sql`` : sql`and tr.created_at <= ${at}`}
		order by tr.created_at ${sql.raw(order)}, tr.id ${sql.raw(order)} limit 1)`;
	// A cell whose first target revision came after the instant takes that first one.
	const target = q.targetsAt === null ? sql`c.target` : sql`coalesce(${revision(q.targetsAt, 'desc')}, ${revision(null, 'asc')})`;
	const value =
		q.valuesAt === null
			? { columns: sql`k.cumulative, k.as_of`, join: sql`` }
			: { columns: sql`v.cumulative, v.as_of`, join: sql`left join reports v on v.id = ${inForce('id', q.valuesAt)}` };
	// For "now" the current-value row often settles the value at the window's start without
	// a seek: nothing was reported since (its asOf is before the window), or the cell has
	// stayed at or above its target since before the window (its finish time).
	const current = q.valuesAt === null && q.targetsAt === null && q.receivedBy === null;
	const before = (target: RawBuilder<number>) =>
		current
			? sql`case when k.as_of <= ${q.before} then k.cumulative when k.finished_at <= ${q.before} then ${target} else ${inForce('cumulative', q.before)} end`
			: inForce('cumulative', q.before);
	const withTarget = await packedRows<CellRow>(
		conn,
		sql`select ${packRows(
			conn,
			sql`c.commune_id, c.record_type, ${target}, c.target,
				${value.columns}, ${before(sql`c.target`)}, k.finished_at, case when k.stage is not null then 1 else 0 end`
		)} as rows
			from current_targets c
			left join current_values k on k.campaign_id = c.campaign_id and k.commune_id = c.commune_id and k.record_type = c.record_type and k.stage = ${q.stage}
			${value.join}
			where c.campaign_id = ${q.campaignId}`
	);
	// Cells reported without a target are rare: look for them only when the count says so
	// (a count on the primary key is cheap; the anti-join below reads every reported cell).
	let reportedWithTarget = 0;
	for (const row of withTarget) reportedWithTarget += row[8];
	const reported = await conn
		.selectFrom('current_values')
		.select((eb) => eb.fn.countAll<number>().as('cells'))
		.where('campaign_id', '=', q.campaignId)
		.where('stage', '=', q.stage)
		.executeTakeFirstOrThrow();
	if (reported.cells === reportedWithTarget) return withTarget;
	const withoutTarget = await packedRows<CellRow>(
		conn,
		sql`select ${packRows(
			conn,
			sql`k.commune_id, k.record_type, 0, 0,
				${value.columns}, ${before(sql`0`)}, k.finished_at, 1`
		)} as rows
			from current_values k
			${value.join}
			where k.campaign_id = ${q.campaignId} and k.stage = ${q.stage}
				and not exists (select 1 from current_targets t where t.campaign_id = k.campaign_id and t.commune_id = k.commune_id and t.record_type = k.record_type)`
	);
	return withTarget.concat(withoutTarget);
}

/**
 * Runs a query whose one row holds its rows packed by the database into a JSON array of
 * arrays (`${packRows(…)} as rows`, ../db/dialect.ts). Handing tens of thousands of rows over one
 * value at a time costs more than SQLite building their JSON and JSON.parse reading it
 * (measured: a national campaign's cells for the engine 15–20 % faster, the current targets
 * and values of 500 communes twice as fast).
 */
export async function packedRows<R extends unknown[]>(conn: Conn, query: RawBuilder<unknown>): Promise<R[]> {
	const { rows } = await sql<{ rows: unknown }>`${query}`.execute(conn);
	return readPackedRows<R>(rows[0].rows);
}

export interface CellsNowVisitor {
	target(communeId: number, recordType: string, target: number): void;
	value(communeId: number, recordType: string, stage: string, cumulative: number): void;
}

/**
 * Current targets and values of the given communes of a campaign, handed over a few hundred
 * communes at a time: a national campaign's 120.000 rows are never all held at once, and
 * other requests are answered between chunks.
 */
export async function eachCellNow(conn: Conn, campaignId: number, communeIds: readonly number[], visit: CellsNowVisitor): Promise<void> {
	await forEachChunk(communeIds, async (ids) => {
		const [targets, values] = await Promise.all([
			packedRows<[number, string, number]>(
				conn,
				sql`select ${packRows(conn, sql`commune_id, record_type, target`)} as rows
					from current_targets where campaign_id = ${campaignId} and commune_id in ${idList(conn, ids)}`
			),
			packedRows<[number, string, string, number]>(
				conn,
				sql`select ${packRows(conn, sql`commune_id, record_type, stage, cumulative`)} as rows
					from current_values where campaign_id = ${campaignId} and commune_id in ${idList(conn, ids)}`
			)
		]);
		for (const [communeId, recordType, target] of targets) visit.target(communeId, recordType, target);
		for (const [communeId, recordType, stage, cumulative] of values) visit.value(communeId, recordType, stage, cumulative);
	});
}

/** Current targets and values of the given communes of a campaign, as two lists. */
export async function campaignCellsNow(conn: Conn, campaignId: number, communeIds: readonly number[]) {
	const targets: { commune_id: number; record_type: string; target: number }[] = [];
	const values: { commune_id: number; record_type: string; stage: string; cumulative: number }[] = [];
	await eachCellNow(conn, campaignId, communeIds, {
		target: (commune_id, record_type, target) => targets.push({ commune_id, record_type, target }),
		value: (commune_id, record_type, stage, cumulative) => values.push({ commune_id, record_type, stage, cumulative })
	});
	return { targets, values };
}
