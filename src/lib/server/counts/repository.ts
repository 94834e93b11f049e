import { sql } from 'kysely';
import { cellFinishTime, type SeriesPoint } from '$lib/domain/progress';
import { raiseLatestChanges } from '../campaigns/repository';
import type { Conn } from '../db';
import { insertMany, insertManyReturningIds, selectByChunks } from '../perf/bulk';
import { idList, smaller } from '../db/dialect';
import { inSlices, mapByInSlices, SLICE, yieldToEventLoop } from '../event-loop';
import type { NewCurrentValue, NewReport, Report } from '../db/schema';

const REPORT_COLUMNS = [
	'campaign_id',
	'commune_id',
	'record_type',
	'stage',
	'as_of',
	'cumulative',
	'delta',
	'received_at',
	'source',
	'author_id',
	'note',
	'idempotency_key'
] as const;
const CURRENT_VALUE_COLUMNS = ['campaign_id', 'commune_id', 'record_type', 'stage', 'cumulative', 'as_of', 'received_at', 'report_id', 'finished_at'] as const;

type CellKey = string; // campaign|commune|recordType|stage

function keyOf(r: { campaign_id: number; commune_id: number; record_type: string; stage: string }): CellKey {
	return `${r.campaign_id}|${r.commune_id}|${r.record_type}|${r.stage}`;
}

type Stored = Pick<Report, 'id' | 'campaign_id' | 'commune_id' | 'record_type' | 'stage' | 'cumulative' | 'as_of' | 'received_at'>;

/** Force order of the log: asOf, then receivedAt, then arrival. */
function compareForce(a: Stored, b: Stored): number {
	if (a.as_of !== b.as_of) return a.as_of < b.as_of ? -1 : 1;
	if (a.received_at !== b.received_at) return a.received_at < b.received_at ? -1 : 1;
	return a.id - b.id;
}

/**
 * Appends reports to the log and keeps `current_values` in step: the value in force now
 * and the start of its last stretch at or above target. A report about the past (an
 * asOf before the current one) never hides a newer value; it only re-derives the finish
 * time from that cell's series. Run inside a transaction.
 */
export async function appendReports(conn: Conn, reports: NewReport[]): Promise<number[]> {
	const ids = await insertManyReturningIds(conn, { table: 'reports', columns: REPORT_COLUMNS, rows: reports });
	await refreshCurrentValues(
		conn,
		reports.map((r, i) => ({
			id: ids[i],
			campaign_id: r.campaign_id,
			commune_id: r.commune_id,
			record_type: r.record_type,
			stage: r.stage,
			cumulative: r.cumulative,
			as_of: r.as_of,
			received_at: r.received_at
		}))
	);
	return ids;
}

/**
 * Most cells get one report in a batch, later in force order than their value in force:
 * that report becomes the value in force, in one statement per batch without a row in
 * memory. Cells with several reports, or with a report about the past, go cell by cell.
 */
async function refreshCurrentValues(conn: Conn, inserted: Stored[]): Promise<void> {
	const keys = new Array<CellKey>(inserted.length);
	const reportsPerCell = new Map<CellKey, number>();
	const latestAsOf = new Map<number, string>();
	await inSlices(inserted.length, (i) => {
		const r = inserted[i];
		const key = (keys[i] = keyOf(r));
		reportsPerCell.set(key, (reportsPerCell.get(key) ?? 0) + 1);
		if (r.as_of > (latestAsOf.get(r.campaign_id) ?? '')) latestAsOf.set(r.campaign_id, r.as_of);
	});
	for (const [campaignId, valueAsOf] of latestAsOf) await raiseLatestChanges(conn, campaignId, { valueAsOf });
	const ids = inserted.map((r) => r.id);
	const behind = new Set(await reportsBehindValueInForce(conn, ids));
	const oneByOne = inserted.filter((r, i) => behind.has(r.id) || reportsPerCell.get(keys[i])! > 1);
	if (oneByOne.length < inserted.length) {
		const apart = new Set(oneByOne.map((r) => r.id));
		await advanceCurrentValues(conn, apart.size ? ids.filter((id) => !apart.has(id)) : ids);
	}
	if (oneByOne.length) await refreshCellByCell(conn, oneByOne);
}

/** Of these reports, the ones older in force order than their cell's value in force. */
async function reportsBehindValueInForce(conn: Conn, reportIds: number[]): Promise<number[]> {
	const rows = await sql<{ id: number }>`
		select r.id from reports r
		join current_values cv on cv.campaign_id = r.campaign_id and cv.commune_id = r.commune_id and cv.record_type = r.record_type and cv.stage = r.stage
		where r.id in ${idList(conn, reportIds)} and (r.as_of, r.received_at, r.id) < (cv.as_of, cv.received_at, cv.report_id)`.execute(conn);
	return rows.rows.map((r) => r.id);
}

/**
 * Makes each report the value in force of its cell. Its stretch at or above target starts
 * at its asOf, unless the value it replaces was already at or above target (DESIGN §4).
 * This is `cellFinishTime` for a one-point series carried on from the value in force, as
 * `refreshCellByCell` computes it; the engine's property test compares both with the log.
 */
async function advanceCurrentValues(conn: Conn, reportIds: number[]): Promise<void> {
	await sql`
		insert into current_values (campaign_id, commune_id, record_type, stage, cumulative, as_of, received_at, report_id, finished_at)
		select r.campaign_id, r.commune_id, r.record_type, r.stage, r.cumulative, r.as_of, r.received_at, r.id,
			case when t.target > 0 and r.cumulative >= t.target
				then case when cv.cumulative >= t.target and cv.finished_at is not null then cv.finished_at else r.as_of end
			end
		from reports r
		left join current_targets t on t.campaign_id = r.campaign_id and t.commune_id = r.commune_id and t.record_type = r.record_type
		left join current_values cv on cv.campaign_id = r.campaign_id and cv.commune_id = r.commune_id and cv.record_type = r.record_type and cv.stage = r.stage
		where r.id in ${idList(conn, reportIds)}
		on conflict (campaign_id, commune_id, record_type, stage) do update set
			cumulative = excluded.cumulative, as_of = excluded.as_of, received_at = excluded.received_at, report_id = excluded.report_id, finished_at = excluded.finished_at`.execute(conn);
}

/** The general case: each cell's reports sorted in force order, the finish time re-derived from the log when a report is about the past. */
async function refreshCellByCell(conn: Conn, inserted: Stored[]): Promise<void> {
	const byKey = new Map<CellKey, Stored[]>();
	await inSlices(inserted.length, (i) => {
		const r = inserted[i];
		const key = keyOf(r);
		const batch = byKey.get(key);
		if (batch) batch.push(r);
		else byKey.set(key, [r]);
	});
	const campaignIds = [...new Set(inserted.map((r) => r.campaign_id))];
	const communeIds = [...new Set(inserted.map((r) => r.commune_id))];
	const [current, targets] = await Promise.all([
		selectByChunks(communeIds, (ids) =>
			conn.selectFrom('current_values').selectAll().where('campaign_id', 'in', campaignIds).where('commune_id', 'in', idList(conn, ids)).execute()
		),
		selectByChunks(communeIds, (ids) =>
			conn
				.selectFrom('current_targets')
				.select(['campaign_id', 'commune_id', 'record_type', 'target'])
				.where('campaign_id', 'in', campaignIds)
				.where('commune_id', 'in', idList(conn, ids))
				.execute()
		)
	]);
	const currentOf = await mapByInSlices(current, keyOf, (c) => c);
	const targetOf = await mapByInSlices(
		targets,
		(t) => `${t.campaign_id}|${t.commune_id}|${t.record_type}`,
		(t) => t.target
	);

	const rows = [];
	let cells = 0;
	for (const [key, batch] of byKey) {
		if (++cells % SLICE === 0) await yieldToEventLoop();
		batch.sort(compareForce);
		const first = batch[0];
		const target = targetOf.get(`${first.campaign_id}|${first.commune_id}|${first.record_type}`) ?? 0;
		const existing = currentOf.get(key);
		const latest = batch[batch.length - 1];
		if (existing && compareForce(latest, { ...existing, id: existing.report_id }) < 0) {
			// Only reports about the past: the value in force stays; its finish time may move.
			rows.push({ ...existing, finished_at: await finishFromLog(conn, first, target) });
			continue;
		}
		let finishedAt: string | null;
		if (existing && compareForce(first, { ...existing, id: existing.report_id }) < 0) {
			finishedAt = await finishFromLog(conn, first, target);
		} else {
			const series: SeriesPoint[] = batch.map((r) => ({ asOf: r.as_of, cumulative: r.cumulative }));
			const carried = existing && existing.cumulative >= target ? existing.finished_at : null;
			const tail = cellFinishTime(series, target, '');
			// The stretch carried over from before the batch goes on if the batch never dropped below target.
			finishedAt = target <= 0 ? null : tail !== null && carried !== null && series.every((p) => p.cumulative >= target) ? carried : tail;
		}
		rows.push({
			campaign_id: latest.campaign_id,
			commune_id: latest.commune_id,
			record_type: latest.record_type,
			stage: latest.stage,
			cumulative: latest.cumulative,
			as_of: latest.as_of,
			received_at: latest.received_at,
			report_id: latest.id,
			finished_at: finishedAt
		});
	}
	await upsertCurrentValues(conn, rows);
}

async function upsertCurrentValues(conn: Conn, rows: NewCurrentValue[]): Promise<void> {
	await insertMany(conn, { table: 'current_values', columns: CURRENT_VALUE_COLUMNS, rows, upsertOn: ['campaign_id', 'commune_id', 'record_type', 'stage'] });
}

/** Re-derives a cell's finish time from its whole series in the log. */
async function finishFromLog(conn: Conn, cell: { campaign_id: number; commune_id: number; record_type: string; stage: string }, target: number): Promise<string | null> {
	if (target <= 0) return null;
	const series = await cellSeries(conn, cell, {});
	return cellFinishTime(series, target, '');
}

/** A cell's series in force order, optionally as known at an instant. */
export async function cellSeries(
	conn: Conn,
	cell: { campaign_id: number; commune_id: number; record_type: string; stage: string },
	opts: { asOfMax?: string; receivedMax?: string }
): Promise<SeriesPoint[]> {
	let q = conn
		.selectFrom('reports')
		.select(['as_of as asOf', 'cumulative'])
		.where('campaign_id', '=', cell.campaign_id)
		.where('commune_id', '=', cell.commune_id)
		.where('record_type', '=', cell.record_type)
		.where('stage', '=', cell.stage);
	if (opts.asOfMax) q = q.where('as_of', '<=', opts.asOfMax);
	if (opts.receivedMax) q = q.where('received_at', '<=', opts.receivedMax);
	return q.orderBy('as_of').orderBy('received_at').orderBy('id').execute();
}

/** Recomputes the finish times of cells whose target changed. Run inside a transaction. */
export async function refreshFinishTimes(conn: Conn, campaignId: number, cells: { communeId: number; recordType: string; target: number }[]): Promise<void> {
	const communeIds = [...new Set(cells.map((c) => c.communeId))];
	const current = await conn.selectFrom('current_values').selectAll().where('campaign_id', '=', campaignId).where('commune_id', 'in', idList(conn, communeIds)).execute();
	const targetOf = new Map(cells.map((c) => [`${c.communeId}|${c.recordType}`, c.target]));
	const rows = [];
	for (const cv of current) {
		const target = targetOf.get(`${cv.commune_id}|${cv.record_type}`);
		if (target === undefined) continue;
		const finished_at = cv.cumulative >= target && target > 0 ? await finishFromLog(conn, cv, target) : null;
		if (finished_at !== cv.finished_at) rows.push({ ...cv, finished_at });
	}
	await upsertCurrentValues(conn, rows);
}

/** One commune's targets and values in force for a stage, with when and by whom each was reported. */
export async function communeCells(conn: Conn, campaignId: number, communeId: number, stage: string) {
	const [targets, values] = await Promise.all([
		conn.selectFrom('current_targets').select(['record_type', 'target']).where('campaign_id', '=', campaignId).where('commune_id', '=', communeId).execute(),
		conn
			.selectFrom('current_values as v')
			.innerJoin('reports as r', 'r.id', 'v.report_id')
			.leftJoin('users as u', 'u.id', 'r.author_id')
			.select(['v.record_type', 'v.cumulative', 'v.as_of', 'v.received_at', 'r.source', 'u.display_name as author'])
			.where('v.campaign_id', '=', campaignId)
			.where('v.commune_id', '=', communeId)
			.where('v.stage', '=', stage)
			.execute()
	]);
	return { targets, values };
}

/** Per commune: credited and target summed over record types, and the last time anything was received. */
export async function communeTotals(conn: Conn, campaignId: number, stage: string) {
	const rows = await sql<{ commune_id: number; target: number; credited: number; last_received: string | null }>`
		select t.commune_id, sum(t.target) as target, sum(${smaller(conn, sql`coalesce(v.cumulative, 0)`, sql`t.target`)}) as credited, max(v.received_at) as last_received
		from current_targets t
		left join current_values v on v.campaign_id = t.campaign_id and v.commune_id = t.commune_id and v.record_type = t.record_type and v.stage = ${stage}
		where t.campaign_id = ${campaignId}
		group by t.commune_id`.execute(conn);
	return rows.rows;
}

/** A commune's whole report log in a campaign, in force order, with the author's name. */
export function communeReports(conn: Conn, campaignId: number, communeId: number) {
	return conn
		.selectFrom('reports as r')
		.leftJoin('users as u', 'u.id', 'r.author_id')
		.select(['r.id', 'r.record_type', 'r.stage', 'r.as_of', 'r.cumulative', 'r.delta', 'r.received_at', 'r.source', 'r.note', 'u.display_name as author'])
		.where('r.campaign_id', '=', campaignId)
		.where('r.commune_id', '=', communeId)
		.orderBy('r.as_of')
		.orderBy('r.received_at')
		.orderBy('r.id')
		.execute();
}

/** A commune's target revisions in a campaign, oldest first. */
export function communeTargetRevisions(conn: Conn, campaignId: number, communeId: number) {
	return conn
		.selectFrom('target_revisions as t')
		.leftJoin('users as u', 'u.id', 't.author_id')
		.select(['t.id', 't.record_type', 't.target', 't.created_at', 't.source', 't.note', 'u.display_name as author'])
		.where('t.campaign_id', '=', campaignId)
		.where('t.commune_id', '=', communeId)
		.orderBy('t.id')
		.execute();
}

/** Reports of one stage with asOf from an instant on, in force order: the recent log for quality checks. */
export function recentReports(conn: Conn, campaignId: number, stage: string, fromAsOf: string) {
	return conn
		.selectFrom('reports')
		.select(['commune_id as communeId', 'record_type as recordType', 'as_of as asOf', 'received_at as receivedAt', 'cumulative', 'note'])
		.where('campaign_id', '=', campaignId)
		.where('stage', '=', stage)
		.where('as_of', '>=', fromAsOf)
		.orderBy('as_of')
		.orderBy('received_at')
		.orderBy('id')
		.execute();
}
