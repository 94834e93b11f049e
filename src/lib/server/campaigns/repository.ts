import { sql } from 'kysely';
import type { Conn } from '../db';
import { larger } from '../db/dialect';
import type { Campaign } from '$lib/domain/campaign';
import { parseStoredThresholds } from '$lib/domain/emulation';
import type { Campaign as CampaignRow, CampaignSnapshotTimes, CampaignUpdate, NewCampaign } from '../db/schema';

/** The campaign as the domain sees it, from its row: the one place that reads a `campaigns` row. */
export function toCampaign(row: CampaignRow): Campaign {
	return {
		id: row.id,
		code: row.code,
		name: row.name,
		hierarchyId: row.hierarchy_id,
		provinceId: row.province_id,
		start: row.start_date,
		deadline: row.deadline,
		timeZone: row.time_zone,
		dayEndHour: row.day_end_hour,
		excludedWeekdays: JSON.parse(row.excluded_weekdays) as number[],
		holidays: JSON.parse(row.holidays) as string[],
		snapshotTimes: JSON.parse(row.snapshot_times) as string[],
		onTrackRatio: row.on_track_ratio,
		atRiskRatio: row.at_risk_ratio,
		isPublic: row.is_public === 1,
		isActive: row.is_active === 1,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
		latestValueAsOf: row.latest_value_as_of,
		latestTargetAt: row.latest_target_at,
		dataVersion: row.data_version,
		dataChangedAt: row.data_changed_at,
		bracketThresholds: parseStoredThresholds(row.bracket_thresholds)
	};
}

/** Inserts a campaign with the first entry of its snapshot-time history: its times from its creation. */
export async function insertCampaign(conn: Conn, campaign: NewCampaign): Promise<number> {
	const row = await conn.insertInto('campaigns').values(campaign).returning('id').executeTakeFirstOrThrow();
	await conn
		.insertInto('campaign_snapshot_times')
		.columns(['campaign_id', 'times', 'effective_from'])
		.expression((eb) => eb.selectFrom('campaigns').select(['id as campaign_id', 'snapshot_times as times', 'created_at as effective_from']).where('id', '=', row.id))
		.execute();
	return row.id;
}

/** Puts new snapshot times in force from an instant; returns the history entry's id. */
export async function insertSnapshotTimes(conn: Conn, campaignId: number, times: string[], effectiveFrom: string, setBy: number | null): Promise<number> {
	const row = await conn
		.insertInto('campaign_snapshot_times')
		.values({ campaign_id: campaignId, times: JSON.stringify(times), effective_from: effectiveFrom, set_by: setBy })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** The campaign's snapshot-time history, oldest first. */
export function listSnapshotTimes(conn: Conn, campaignId: number): Promise<CampaignSnapshotTimes[]> {
	return conn.selectFrom('campaign_snapshot_times').selectAll().where('campaign_id', '=', campaignId).orderBy('effective_from').orderBy('id').execute();
}

const toMaybeCampaign = (row: CampaignRow | undefined): Campaign | undefined => (row ? toCampaign(row) : undefined);

export async function findCampaignByCode(conn: Conn, code: string): Promise<Campaign | undefined> {
	return toMaybeCampaign(await conn.selectFrom('campaigns').selectAll().where('code', '=', code).executeTakeFirst());
}

export async function findCampaignById(conn: Conn, id: number): Promise<Campaign | undefined> {
	return toMaybeCampaign(await conn.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function listCampaigns(conn: Conn): Promise<Campaign[]> {
	return (await conn.selectFrom('campaigns').selectAll().orderBy('start_date', 'desc').orderBy('code').execute()).map(toCampaign);
}

/** The active campaigns, in the order they were created: those the jobs work for. */
export async function listActiveCampaigns(conn: Conn): Promise<Campaign[]> {
	return (await conn.selectFrom('campaigns').selectAll().where('is_active', '=', 1).orderBy('id').execute()).map(toCampaign);
}

/** The public campaign to show on the home page: the most recent public one. */
export async function findFeaturedCampaign(conn: Conn): Promise<Campaign | undefined> {
	return toMaybeCampaign(
		await conn.selectFrom('campaigns').selectAll().where('is_public', '=', 1).where('is_active', '=', 1).orderBy('start_date', 'desc').orderBy('id', 'desc').executeTakeFirst()
	);
}

/** The public, active campaigns, newest first: the home page's links to the other ones. */
export async function listPublicCampaigns(conn: Conn): Promise<Campaign[]> {
	return (await conn.selectFrom('campaigns').selectAll().where('is_public', '=', 1).where('is_active', '=', 1).orderBy('start_date', 'desc').orderBy('id', 'desc').execute()).map(
		toCampaign
	);
}

export async function setCampaignRecordTypes(conn: Conn, campaignId: number, codes: string[]): Promise<void> {
	await conn.deleteFrom('campaign_record_types').where('campaign_id', '=', campaignId).execute();
	await conn
		.insertInto('campaign_record_types')
		.values(codes.map((record_type, position) => ({ campaign_id: campaignId, record_type, position })))
		.execute();
}

export async function setCampaignStages(conn: Conn, campaignId: number, stages: { code: string; name: string }[]): Promise<void> {
	await conn.deleteFrom('campaign_stages').where('campaign_id', '=', campaignId).execute();
	await conn
		.insertInto('campaign_stages')
		.values(stages.map((s, position) => ({ campaign_id: campaignId, code: s.code, name: s.name, position })))
		.execute();
}

export interface CampaignRecordType {
	code: string;
	name: string;
}

export function listCampaignRecordTypes(conn: Conn, campaignId: number): Promise<CampaignRecordType[]> {
	return conn
		.selectFrom('campaign_record_types as c')
		.innerJoin('record_types as r', 'r.code', 'c.record_type')
		.select(['r.code', 'r.name'])
		.where('c.campaign_id', '=', campaignId)
		.orderBy('c.position')
		.execute();
}

/** The stage that progress counts: the campaign's first. */
export async function primaryStage(conn: Conn, campaignId: number): Promise<string> {
	const row = await conn.selectFrom('campaign_stages').select('code').where('campaign_id', '=', campaignId).orderBy('position').executeTakeFirst();
	return row?.code ?? 'nhap_lieu';
}

export async function updateCampaign(conn: Conn, campaignId: number, changes: CampaignUpdate): Promise<void> {
	await conn.updateTable('campaigns').set(changes).where('id', '=', campaignId).execute();
}

export function listCampaignStages(conn: Conn, campaignId: number) {
	return conn.selectFrom('campaign_stages').select(['code', 'name']).where('campaign_id', '=', campaignId).orderBy('position').execute();
}

/**
 * Sets (or with null removes) the own deadline of a node of the campaign tree: a unit
 * (`u:<id>`) or a group (`g:<id>`).
 */
export async function setDeadline(conn: Conn, campaignId: number, key: string, deadline: string | null, setBy: number | null, at: string): Promise<void> {
	const id = Number(key.slice(2));
	if (key.startsWith('g:')) {
		if (deadline === null) await conn.deleteFrom('group_deadlines').where('campaign_id', '=', campaignId).where('group_id', '=', id).execute();
		else
			await conn
				.insertInto('group_deadlines')
				.values({ campaign_id: campaignId, group_id: id, deadline, set_by: setBy, set_at: at })
				.onConflict((oc) => oc.columns(['campaign_id', 'group_id']).doUpdateSet({ deadline, set_by: setBy, set_at: at }))
				.execute();
	} else if (deadline === null) await conn.deleteFrom('unit_deadlines').where('campaign_id', '=', campaignId).where('unit_id', '=', id).execute();
	else
		await conn
			.insertInto('unit_deadlines')
			.values({ campaign_id: campaignId, unit_id: id, deadline, set_by: setBy, set_at: at })
			.onConflict((oc) => oc.columns(['campaign_id', 'unit_id']).doUpdateSet({ deadline, set_by: setBy, set_at: at }))
			.execute();
}

/**
 * The active campaigns of a province, newest first: its own, and the national campaigns on
 * its hierarchy version (its part of them is its users' too, issue 29). The ministry
 * (province id 0) has the national campaigns.
 */
function activeCampaignsOfProvince(conn: Conn, provinceId: number) {
	return conn
		.selectFrom('campaigns')
		.selectAll()
		.where('is_active', '=', 1)
		.where((eb) =>
			eb.or([
				eb('province_id', '=', provinceId),
				eb.and([eb('province_id', 'is', null), provinceId > 0 ? eb('hierarchy_id', '=', eb.selectFrom('units').select('hierarchy_id').where('id', '=', provinceId)) : eb.lit(true)])
			])
		)
		.orderBy('start_date', 'desc')
		.orderBy('id', 'desc');
}

/** The newest active campaign of a province (see `activeCampaignsOfProvince`): what its own users see first. */
export async function findLatestCampaignOfProvince(conn: Conn, provinceId: number): Promise<Campaign | undefined> {
	return toMaybeCampaign(await activeCampaignsOfProvince(conn, provinceId).executeTakeFirst());
}

/** The active campaigns of a province, newest first: those its users may land on. */
export async function listActiveCampaignsOfProvince(conn: Conn, provinceId: number): Promise<Campaign[]> {
	return (await activeCampaignsOfProvince(conn, provinceId).execute()).map(toCampaign);
}

/**
 * Keeps a campaign's latest value asOf and latest target time (see the schema): each only
 * ever rises, as a value in force is replaced only by one later in force order.
 */
export async function raiseLatestChanges(conn: Conn, campaignId: number, latest: { valueAsOf?: string; targetAt?: string }): Promise<void> {
	await conn
		.updateTable('campaigns')
		.set({
			latest_value_as_of: sql<string | null>`nullif(${larger(conn, sql`coalesce(latest_value_as_of, '')`, latest.valueAsOf ?? '')}, '')`,
			latest_target_at: sql<string | null>`nullif(${larger(conn, sql`coalesce(latest_target_at, '')`, latest.targetAt ?? '')}, '')`
		})
		.where('id', '=', campaignId)
		.execute();
}

/**
 * Raises the campaign's data version: call it in the same transaction as every write to the
 * campaign's figures, settings, targets, deadlines, groups or snapshots. Every cache of the
 * campaign's pages and figures is keyed on the version, so the write shows at once, and no
 * other campaign's caches are touched.
 */
export async function raiseDataVersion(conn: Conn, campaignId: number, at = new Date().toISOString()): Promise<void> {
	await conn
		.updateTable('campaigns')
		.set({ data_version: sql<number>`data_version + 1`, data_changed_at: at })
		.where('id', '=', campaignId)
		.execute();
}

export type CampaignVersion = Pick<Campaign, 'id' | 'code' | 'provinceId' | 'isPublic' | 'dataVersion' | 'dataChangedAt' | 'createdAt'>;

/** What a cached response of a campaign is keyed on, read in one small query. */
export async function findCampaignVersion(conn: Conn, code: string): Promise<CampaignVersion | undefined> {
	const row = await conn
		.selectFrom('campaigns')
		.select(['id', 'code', 'province_id', 'is_public', 'data_version', 'data_changed_at', 'created_at'])
		.where('code', '=', code)
		.executeTakeFirst();
	return (
		row && {
			id: row.id,
			code: row.code,
			provinceId: row.province_id,
			isPublic: row.is_public === 1,
			dataVersion: row.data_version,
			dataChangedAt: row.data_changed_at,
			createdAt: row.created_at
		}
	);
}

/** A campaign with its province's code and name (none for a national one) and its hierarchy's date. */
export interface CampaignWithPlace {
	campaign: Campaign;
	/** Null for a national campaign (issue 29). */
	provinceCode: string | null;
	provinceName: string | null;
	hierarchyAsOf: string;
}

/** Every campaign with its province's code and name (null for a national one) and its hierarchy's date, in one query (`GET /campaigns`). */
export async function listCampaignsWithPlace(conn: Conn): Promise<CampaignWithPlace[]> {
	const rows = await conn
		.selectFrom('campaigns as c')
		.leftJoin('units as p', 'p.id', 'c.province_id')
		.innerJoin('hierarchies as h', 'h.id', 'c.hierarchy_id')
		.selectAll('c')
		.select(['p.code as province_code', 'p.name as province_name', 'h.as_of as hierarchy_as_of'])
		.orderBy('c.start_date', 'desc')
		.orderBy('c.code')
		.execute();
	return rows.map(({ province_code, province_name, hierarchy_as_of, ...row }) => ({
		campaign: toCampaign(row),
		provinceCode: province_code,
		provinceName: province_name,
		hierarchyAsOf: hierarchy_as_of
	}));
}

/** Every campaign's record types and stages, in their order, in two queries. */
export async function listRecordTypesAndStagesOfAll(conn: Conn) {
	const [types, stages] = await Promise.all([
		conn.selectFrom('campaign_record_types').select(['campaign_id', 'record_type']).orderBy('campaign_id').orderBy('position').execute(),
		conn.selectFrom('campaign_stages').select(['campaign_id', 'code', 'name']).orderBy('campaign_id').orderBy('position').execute()
	]);
	const typesOf = new Map<number, string[]>();
	for (const t of types) typesOf.set(t.campaign_id, [...(typesOf.get(t.campaign_id) ?? []), t.record_type]);
	const stagesOf = new Map<number, { code: string; name: string }[]>();
	for (const s of stages) stagesOf.set(s.campaign_id, [...(stagesOf.get(s.campaign_id) ?? []), { code: s.code, name: s.name }]);
	return { typesOf: (id: number) => typesOf.get(id) ?? [], stagesOf: (id: number) => stagesOf.get(id) ?? [] };
}
