import { sql } from 'kysely';
import type { Conn } from '../db';
import type { NewSnapshot, NewSnapshotRow, Snapshot, SnapshotRow } from '../db/schema';
import type { Campaign } from '$lib/domain/campaign';
import type { Level } from '$lib/domain/evaluate';

// 23 columns × 1.000 rows stays under SQLite's 32.766 parameters.
const ROWS_PER_STATEMENT = 1000;

/** The scheduled (or late) snapshot slots a campaign already holds. */
export async function takenSlots(conn: Conn, campaignId: number): Promise<Set<string>> {
	const rows = await conn.selectFrom('snapshots').select('slot_at').where('campaign_id', '=', campaignId).where('kind', '!=', 'adhoc').execute();
	return new Set(rows.map((r) => r.slot_at));
}

/** Jobs that gave up on a slot after repeated failures: not retried by catch-up. */
export async function abandonedSlots(conn: Conn, campaignId: number, maxAttempts: number): Promise<Set<string>> {
	const rows = await conn
		.selectFrom('snapshot_jobs')
		.select('slot_at')
		.where('campaign_id', '=', campaignId)
		.where('state', '=', 'failed')
		.where('attempts', '>=', maxAttempts)
		.execute();
	return new Set(rows.map((r) => r.slot_at));
}

/**
 * Takes the lease on a slot: true when this owner may take its snapshot now. A slot
 * already taken, or leased by another owner whose lease has not run out and who is not
 * known dead (`isGone`), is refused.
 */
export async function claimSlot(
	conn: Conn,
	campaignId: number,
	slotAt: string,
	owner: string,
	now: Date,
	leaseMs: number,
	isGone: (owner: string) => boolean = () => false
): Promise<boolean> {
	const nowIso = now.toISOString();
	const until = new Date(now.getTime() + leaseMs).toISOString();
	const taken = await conn.selectFrom('snapshots').select('id').where('campaign_id', '=', campaignId).where('slot_at', '=', slotAt).where('kind', '!=', 'adhoc').executeTakeFirst();
	if (taken) return false;
	const job = await conn.selectFrom('snapshot_jobs').selectAll().where('campaign_id', '=', campaignId).where('slot_at', '=', slotAt).executeTakeFirst();
	if (!job) {
		await conn
			.insertInto('snapshot_jobs')
			.values({ campaign_id: campaignId, slot_at: slotAt, state: 'leased', lease_owner: owner, lease_until: until, attempts: 1, updated_at: nowIso })
			.execute();
		return true;
	}
	if (job.state === 'done') return false;
	const leased = job.state === 'leased' && job.lease_until !== null && job.lease_until > nowIso;
	if (leased && !(job.lease_owner !== null && job.lease_owner !== owner && isGone(job.lease_owner))) return false;
	await conn
		.updateTable('snapshot_jobs')
		.set({ state: 'leased', lease_owner: owner, lease_until: until, attempts: job.attempts + 1, updated_at: nowIso })
		.where('id', '=', job.id)
		.execute();
	return true;
}

export async function holdsLease(conn: Conn, campaignId: number, slotAt: string, owner: string): Promise<boolean> {
	const job = await conn
		.selectFrom('snapshot_jobs')
		.select('id')
		.where('campaign_id', '=', campaignId)
		.where('slot_at', '=', slotAt)
		.where('state', '=', 'leased')
		.where('lease_owner', '=', owner)
		.executeTakeFirst();
	return job !== undefined;
}

export async function finishSlot(conn: Conn, campaignId: number, slotAt: string, state: 'done' | 'failed', error: string | null, at: string): Promise<void> {
	await conn
		.updateTable('snapshot_jobs')
		.set({ state, lease_until: null, last_error: error, updated_at: at })
		.where('campaign_id', '=', campaignId)
		.where('slot_at', '=', slotAt)
		.execute();
}

export async function insertSnapshot(conn: Conn, snapshot: NewSnapshot, rows: Omit<NewSnapshotRow, 'snapshot_id'>[]): Promise<number> {
	const { id } = await conn.insertInto('snapshots').values(snapshot).returning('id').executeTakeFirstOrThrow();
	for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
		await conn
			.insertInto('snapshot_rows')
			.values(rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ ...r, snapshot_id: id })))
			.execute();
	}
	return id;
}

export function findSnapshot(conn: Conn, campaignId: number, id: number): Promise<Snapshot | undefined> {
	return conn.selectFrom('snapshots').selectAll().where('campaign_id', '=', campaignId).where('id', '=', id).executeTakeFirst();
}

export function findSnapshotById(conn: Conn, id: number): Promise<Snapshot | undefined> {
	return conn.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The scheduled (or late) snapshot before a slot: what "change since the previous snapshot" compares with. */
export function previousSnapshot(conn: Conn, campaignId: number, slotAt: string): Promise<Snapshot | undefined> {
	return conn
		.selectFrom('snapshots')
		.selectAll()
		.where('campaign_id', '=', campaignId)
		.where('kind', '!=', 'adhoc')
		.where('slot_at', '<', slotAt)
		.orderBy('slot_at', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** The newest scheduled (or late) snapshot: what a leaderboard shows by default. */
export function latestScheduledSnapshot(conn: Conn, campaignId: number): Promise<Snapshot | undefined> {
	return conn.selectFrom('snapshots').selectAll().where('campaign_id', '=', campaignId).where('kind', '!=', 'adhoc').orderBy('slot_at', 'desc').limit(1).executeTakeFirst();
}

export function snapshotRows(conn: Conn, snapshotId: number, opts: { levels?: Level[]; recordType?: string } = {}): Promise<SnapshotRow[]> {
	let q = conn.selectFrom('snapshot_rows').selectAll().where('snapshot_id', '=', snapshotId);
	if (opts.levels) q = q.where('level', 'in', opts.levels);
	if (opts.recordType !== undefined) q = q.where('record_type', '=', opts.recordType);
	return q.execute();
}

export interface ArchiveEntry {
	id: number;
	slot_at: string;
	kind: string;
	taken_at: string;
	duration_ms: number;
	pct: number | null;
	credited: number | null;
	target: number | null;
}

/**
 * The campaign's snapshots, newest first, with the province total of each: the nation's for
 * a national campaign, a province's for its part of one (issue 29).
 */
export async function listSnapshots(conn: Conn, of: number | Pick<Campaign, 'id' | 'provinceId'>, limit = 1000): Promise<ArchiveEntry[]> {
	const campaign = typeof of === 'number' ? { id: of, provinceId: undefined } : of;
	const root =
		campaign.provinceId === undefined
			? sql`r.level = 'province'`
			: campaign.provinceId === null
				? sql`r.level = 'nation'`
				: sql`r.level = 'province' and r.unit_id = ${campaign.provinceId}`;
	const { rows } = await sql<ArchiveEntry>`
		select s.id, s.slot_at, s.kind, s.taken_at, s.duration_ms, r.pct, r.credited, r.target
		from snapshots s
		left join snapshot_rows r on r.snapshot_id = s.id and ${root} and r.record_type = ''
		where s.campaign_id = ${campaign.id}
		order by s.slot_at desc, s.id desc
		limit ${limit}`.execute(conn);
	return rows;
}

/** One unit's credited total at each scheduled snapshot up to `until`, oldest first: a burn-up's line. */
export function unitSeries(conn: Conn, campaignId: number, unit: { level: Level; unitId: number | null; groupId: number | null }, until: string) {
	let q = conn
		.selectFrom('snapshots as s')
		.innerJoin('snapshot_rows as r', 'r.snapshot_id', 's.id')
		.select(['s.slot_at as at', 'r.credited'])
		.where('s.campaign_id', '=', campaignId)
		.where('s.kind', '!=', 'adhoc')
		.where('s.slot_at', '<=', until)
		.where('r.level', '=', unit.level)
		.where('r.record_type', '=', '');
	// A national campaign's root (the nation) has neither a unit nor a group.
	q =
		unit.groupId !== null
			? q.where('r.group_id', '=', unit.groupId)
			: unit.unitId !== null
				? q.where('r.unit_id', '=', unit.unitId)
				: q.where('r.unit_id', 'is', null).where('r.group_id', 'is', null);
	return q.orderBy('s.slot_at').execute();
}

/** The communes of a campaign from which any report was received in (after, until]: the roll-call's window. */
export async function communesReportedBetween(conn: Conn, campaignId: number, after: string, until: string): Promise<number[]> {
	const rows = await conn
		.selectFrom('reports')
		.select('commune_id')
		.distinct()
		.where('campaign_id', '=', campaignId)
		.where('received_at', '>', after)
		.where('received_at', '<=', until)
		.execute();
	return rows.map((r) => r.commune_id);
}

/** The newest scheduled (or late) snapshot at or before an instant: whose roll-call a page of that moment shows. */
export function scheduledSnapshotAt(conn: Conn, campaignId: number, at: string): Promise<Snapshot | undefined> {
	return conn
		.selectFrom('snapshots')
		.selectAll()
		.where('campaign_id', '=', campaignId)
		.where('kind', '!=', 'adhoc')
		.where('slot_at', '<=', at)
		.orderBy('slot_at', 'desc')
		.limit(1)
		.executeTakeFirst();
}
