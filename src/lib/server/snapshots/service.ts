/**
 * Snapshots (issue 6): the figures of DESIGN §4 at a slot, stored immutable, exactly once
 * per campaign and slot. Job bodies are plain functions, called by the scheduler, the
 * CLI, the API and the tests alike.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Actor } from '$lib/domain/access';
import { ForbiddenError, ValidationError } from '$lib/domain/errors';
import { figureKey, withChanges, type PreviousFigure, type SnapshotFigure } from '$lib/domain/snapshot';
import { NATION_KEY } from '$lib/domain/evaluate';
import { isLate, slotsBetween } from '$lib/domain/slots';
import { formatDateTime } from '$lib/domain/format';
import { recordAudit } from '../audit/repository';
import { listActiveCampaigns, raiseDataVersion } from '../campaigns/repository';
import { snapshotTimeHistory } from '../campaigns/service';
import { calendarOf } from '../campaigns/settings';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { NewSnapshotRow, Snapshot } from '../db/schema';
import { evaluateCampaignAt, type CampaignProgress, type EvaluatedUnit } from '../progress/evaluate';
import { isUniqueViolation } from '../db/dialect';
import { campaignStartInstant } from '$lib/domain/calendar';
import { reportedUnits } from '$lib/domain/roll-call';
import { abandonedSlots, claimSlot, communesReportedBetween, finishSlot, findSnapshot, holdsLease, insertSnapshot, previousSnapshot, snapshotRows, takenSlots } from './repository';
import { canRunCampaign } from '../campaigns/part';

export type SnapshotKind = 'scheduled' | 'late' | 'adhoc';

/**
 * A crashed owner's lease runs out after this long; another instance then takes the slot.
 * An owner known dead (a process of this host that is gone) loses its lease at once.
 */
export const LEASE_MS = 5 * 60_000;
/** A slot that failed this many times is left for an admin (its error stays in snapshot_jobs). */
export const MAX_SLOT_ATTEMPTS = 3;

/**
 * Names this process in leases as `host:pid:nonce`: two app instances on one database never
 * share one, and an instance on the same host can tell whether the owner still runs.
 */
export function ownerName(): string {
	return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Whether a lease owner is known dead: named by `ownerName` on this host, and its process
 * is gone. An owner on another host, or named otherwise, is never known dead: its lease
 * runs out instead. A reused pid only makes an instance wait for the lease.
 */
export function isOwnerGone(owner: string): boolean {
	const parts = owner.split(':');
	if (parts.length < 3 || parts.slice(0, -2).join(':') !== hostname()) return false;
	const pid = Number(parts.at(-2));
	if (!Number.isSafeInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0); // signal 0 only checks that the process exists
		return false;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

function rowOf(figure: SnapshotFigure, ids: Map<string, number>): Omit<NewSnapshotRow, 'snapshot_id'> {
	const id = ids.get(figure.unitKey)!;
	const isGroup = figure.unitKey.startsWith('g:');
	return {
		unit_id: isGroup || figure.level === 'nation' ? null : id,
		group_id: isGroup ? id : null,
		level: figure.level,
		record_type: figure.recordType,
		target: figure.target,
		done: figure.done,
		credited: figure.credited,
		remaining: figure.remaining,
		over_target: figure.overTarget,
		pct: figure.pct,
		deadline: figure.deadline,
		days_left: figure.daysLeft,
		daily_quota: figure.dailyQuota,
		pace: figure.pace,
		projected_finish: figure.projectedFinish,
		status: figure.status,
		finished_at: figure.finishedAt,
		rank: figure.rank,
		credited_change: figure.creditedChange,
		rank_change: figure.rankChange,
		last_report_at: figure.lastReportAt,
		no_report_since_previous: figure.noReportSincePrevious ? 1 : 0
	};
}

/** A stored row's unit key: a group's, a unit's, or the nation's (a national campaign's root has neither). */
export const unitKeyOf = (row: { unit_id: number | null; group_id: number | null }) =>
	row.group_id !== null ? `g:${row.group_id}` : row.unit_id !== null ? `u:${row.unit_id}` : NATION_KEY;

export async function previousFigures(db: Database, campaign: Campaign, slotAt: string) {
	const previous = await previousSnapshot(db, campaign.id, slotAt);
	if (!previous) return null;
	const figures = new Map<string, PreviousFigure>();
	for (const r of await snapshotRows(db, previous.id)) figures.set(figureKey(unitKeyOf(r), r.record_type), { credited: r.credited, rank: r.rank });
	return { slotAt: previous.slot_at, figures };
}

export interface TakeOptions {
	slot: Date;
	kind: SnapshotKind;
	takenBy?: { userId: number; username: string } | null;
	/** Where the request came from, for the audit log: scheduler, web, api, cli. */
	source?: string;
	/** The lease holder, for a scheduled slot: the write is dropped if the lease was lost. */
	owner?: string;
	now?: Date;
}

/** The figures of a snapshot: scheduled ones count only reports received by the slot. */
export async function snapshotFigures(db: Database, campaign: Campaign, slot: Date, kind: SnapshotKind): Promise<{ progress: CampaignProgress; figures: SnapshotFigure[] }> {
	const progress = await evaluateCampaignAt(db, campaign, { at: slot, receivedByAt: kind !== 'adhoc' });
	const previous = await previousFigures(db, campaign, slot.toISOString());
	const reported = await reportedSince(db, campaign, progress.units, previous?.slotAt ?? null, slot);
	return { progress, figures: withChanges(progress.rows, previous, reported) };
}

/**
 * The units from which a report was received after the previous scheduled snapshot (after the
 * campaign's start for the first) and by `until`: the roll-call's window (DESIGN §4).
 */
export async function reportedSince(db: Database, campaign: Campaign, units: readonly EvaluatedUnit[], previousSlotAt: string | null, until: Date): Promise<Set<string>> {
	const since = previousSlotAt ?? campaignStartInstant(calendarOf(campaign)).toISOString();
	const communeKeys = new Map(units.filter((u) => u.level === 'commune').map((u) => [u.id, u.key]));
	const ids = await communesReportedBetween(db, campaign.id, since, until.toISOString());
	return reportedUnits(
		units,
		ids.flatMap((id) => communeKeys.get(id) ?? [])
	);
}

/**
 * Computes and stores one snapshot. Returns null when a scheduled slot turns out to be
 * taken already (another instance won it).
 */
export async function takeSnapshot(db: Database, campaign: Campaign, opts: TakeOptions): Promise<Snapshot | null> {
	const started = performance.now();
	const slotAt = opts.slot.toISOString();
	const { progress, figures } = await snapshotFigures(db, campaign, opts.slot, opts.kind);
	const ids = new Map(progress.units.map((u) => [u.key, u.id]));
	const rows = figures.map((f) => rowOf(f, ids));
	const durationMs = Math.round(performance.now() - started);
	const takenAt = (opts.now ?? new Date()).toISOString();
	try {
		const id = await db.transaction().execute(async (tx) => {
			if (opts.owner && !(await holdsLease(tx, campaign.id, slotAt, opts.owner))) return null;
			const takenBy = opts.takenBy ?? null;
			const id = await insertSnapshot(
				tx,
				{ campaign_id: campaign.id, slot_at: slotAt, kind: opts.kind, taken_at: takenAt, duration_ms: durationMs, taken_by: takenBy?.userId ?? null },
				rows
			);
			if (opts.owner) await finishSlot(tx, campaign.id, slotAt, 'done', null, takenAt);
			await raiseDataVersion(tx, campaign.id, takenAt);
			await recordAudit(tx, {
				actor: takenBy?.username ?? opts.source ?? 'scheduler',
				userId: takenBy?.userId ?? null,
				action: 'take_snapshot',
				entity: 'snapshot',
				entityId: id,
				campaignId: campaign.id,
				source: opts.source ?? 'scheduler',
				after: { slotAt, kind: opts.kind, rows: rows.length, durationMs },
				at: takenAt
			});
			return id;
		});
		return id === null ? null : ((await findSnapshot(db, campaign.id, id)) ?? null);
	} catch (e) {
		// The unique index on (campaign, slot) is the last guard against a second scheduled snapshot.
		if (opts.kind !== 'adhoc' && isUniqueViolation(e)) return null;
		throw e;
	}
}

/** Takes a scheduled slot once: claims its lease, computes, stores; marks it late when started after the grace. */
export async function runSlot(db: Database, campaign: Campaign, slot: Date, owner: string, now = new Date()): Promise<Snapshot | null> {
	const slotAt = slot.toISOString();
	const claimed = await db.transaction().execute((tx) => claimSlot(tx, campaign.id, slotAt, owner, now, LEASE_MS, isOwnerGone));
	if (!claimed) return null;
	try {
		return await takeSnapshot(db, campaign, { slot, kind: isLate(slot, now) ? 'late' : 'scheduled', owner, now });
	} catch (e) {
		await finishSlot(db, campaign.id, slotAt, 'failed', String(e), new Date().toISOString());
		throw e;
	}
}

/**
 * The campaign's slots up to `now` that hold no snapshot yet, oldest first: only those whose
 * time was in force at their instant, so none before its creation or a time's addition.
 */
export async function dueSlots(db: Database, campaign: Campaign, now: Date): Promise<Date[]> {
	const [history, taken, abandoned] = await Promise.all([snapshotTimeHistory(db, campaign), takenSlots(db, campaign.id), abandonedSlots(db, campaign.id, MAX_SLOT_ATTEMPTS)]);
	return slotsBetween(null, now, history, calendarOf(campaign)).filter((s) => !taken.has(s.toISOString()) && !abandoned.has(s.toISOString()));
}

export interface TakenSlot {
	campaign: Campaign;
	snapshot: Snapshot;
	/** The newest slot of its run: the one worth mailing after a catch-up. */
	newest: boolean;
}

/**
 * Takes every due slot of every active campaign, oldest first: the on-time slot and any
 * missed while the server was down or busy (marked late). Safe to run from several
 * instances at once.
 */
export async function runDueSlots(db: Database, owner: string, now = new Date(), log: (message: string) => void = () => {}): Promise<TakenSlot[]> {
	const taken: TakenSlot[] = [];
	for (const campaign of await listActiveCampaigns(db)) {
		const slots = await dueSlots(db, campaign, now);
		for (const [i, slot] of slots.entries()) {
			try {
				const snapshot = await runSlot(db, campaign, slot, owner, now);
				if (snapshot) taken.push({ campaign, snapshot, newest: i === slots.length - 1 });
			} catch (e) {
				log(`snapshot ${campaign.code} ${slot.toISOString()} failed: ${String(e)}`);
			}
		}
	}
	return taken;
}

/**
 * Takes every slot from the campaign's creation up to `until` as if the scheduler had run
 * on time: for a demo, whose reports are simulated history.
 */
export async function backfillSnapshots(db: Database, campaign: Campaign, until: Date, source: string): Promise<number> {
	let taken = 0;
	for (const slot of await dueSlots(db, campaign, until)) {
		if (await takeSnapshot(db, campaign, { slot, kind: 'scheduled', source, now: slot })) taken++;
	}
	return taken;
}

/** An ad-hoc snapshot asked for by an admin: now, or at a past instant (asOf ≤ t alone). */
export async function takeAdhocSnapshot(db: Database, actor: Actor | null, campaign: Campaign, at: Date | null, source: string): Promise<Snapshot> {
	if (actor && !canRunCampaign(actor, campaign)) throw new ForbiddenError('Chỉ quản trị viên của tỉnh mới chốt số liệu được.');
	const now = new Date();
	const slot = at ?? now;
	if (slot > now)
		throw new ValidationError(`Không chốt số liệu cho thời điểm trong tương lai (${formatDateTime(slot, campaign.timeZone)}).`, [{ field: 'at', message: 'thời điểm chưa tới.' }]);
	const takenBy = actor ? { userId: actor.userId, username: actor.username } : null;
	return (await takeSnapshot(db, campaign, { slot, kind: 'adhoc', takenBy, source, now }))!;
}
