/**
 * Fairer emulation at a stored snapshot (issue 27), computed on read so that the immutable
 * snapshot format stays as it is: the improvement compares two stored scheduled snapshots,
 * the brackets are a campaign setting, and the streaks are counted from the report log as
 * known at the snapshot (for a scheduled or late one, only reports received by its slot).
 */
import type { UnitNode } from '$lib/domain/evaluate';
import type { EmulationFigures } from '$lib/domain/leaderboard';
import { figureKey } from '$lib/domain/snapshot';
import { streakCounter, type TargetPoint } from '$lib/domain/streak';
import type { SeriesPoint } from '$lib/domain/progress';
import { primaryStage } from '../campaigns/repository';
import { calendarOf } from '../campaigns/settings';
import { cachesEnabled } from '../config';
import type { Conn } from '../db';
import { forEachChunk } from '../perf/bulk';
import type { Campaign } from '$lib/domain/campaign';
import type { Snapshot } from '../db/schema';
import { campaignTree } from '../progress/evaluate';
import { previousSnapshot, snapshotRows } from '../snapshots/repository';
import { unitKeyOf } from '../snapshots/service';
import { communeLog, targetHistory } from './repository';

/** Improvement, brackets and streaks of one record type ('' for all) at a stored snapshot. */
export async function emulationFigures(conn: Conn, campaign: Campaign, snapshot: Snapshot, recordType: string): Promise<EmulationFigures> {
	const previous = await previousSnapshot(conn, campaign.id, snapshot.slot_at);
	const before = new Map<string, { credited: number; target: number }>();
	if (previous)
		for (const r of await snapshotRows(conn, previous.id, { recordType })) before.set(figureKey(unitKeyOf(r), r.record_type), { credited: r.credited, target: r.target });
	return {
		previous: previous ? before : null,
		thresholds: campaign.bracketThresholds,
		streaks: await streaksAt(conn, campaign, snapshot, recordType)
	};
}

/**
 * Streaks read the whole report log of a campaign (one pass, about 5–10 µs a report), so
 * they are kept by what they rest on rather than by the data version, which every report
 * raises: a scheduled or late snapshot sees only reports received by its slot, which later
 * writes never change. The key holds the rest — the calendar (the campaign's update time),
 * the targets (their latest change), the tree and deadlines at the slot — and, for an ad-hoc
 * snapshot (reports by asOf alone), the data version. Kept per database; none with CACHE=off.
 */
const STREAKS_KEPT = 32;
const streakCaches = new WeakMap<Conn, Map<string, Promise<Map<string, number>>>>();

async function streaksAt(conn: Conn, campaign: Campaign, snapshot: Snapshot, recordType: string): Promise<Map<string, number>> {
	const units = await campaignTree(conn, campaign, snapshot.slot_at);
	const key = JSON.stringify([
		campaign.id,
		snapshot.id,
		recordType,
		campaign.updatedAt,
		campaign.latestTargetAt,
		snapshot.kind === 'adhoc' ? campaign.dataVersion : null,
		units.map((u) => [u.key, u.parentKey, u.deadline])
	]);
	if (!cachesEnabled('data')) return computeStreaks(conn, campaign, snapshot, recordType, units);
	let streakCache = streakCaches.get(conn);
	if (!streakCache) streakCaches.set(conn, (streakCache = new Map<string, Promise<Map<string, number>>>()));
	let streaks = streakCache.get(key);
	if (!streaks) {
		const cache = streakCache;
		streaks = computeStreaks(conn, campaign, snapshot, recordType, units);
		streakCache.set(key, streaks);
		streaks.catch(() => cache.delete(key));
		if (cache.size > STREAKS_KEPT) cache.delete(cache.keys().next().value!);
	}
	return streaks;
}

async function computeStreaks(conn: Conn, campaign: Campaign, snapshot: Snapshot, recordType: string, units: UnitNode[]): Promise<Map<string, number>> {
	const at = new Date(snapshot.slot_at);
	const [stage, revisions] = await Promise.all([primaryStage(conn, campaign.id), targetHistory(conn, campaign.id, recordType || null)]);
	const counter = streakCounter({ at, calendar: calendarOf(campaign), units });
	// Only cells that ever had a target can add credited records; each is walked once.
	const targetsOf = new Map<number, Map<string, TargetPoint[]>>();
	for (const [communeId, type, createdAt, target] of revisions) {
		let byType = targetsOf.get(communeId);
		if (!byType) targetsOf.set(communeId, (byType = new Map<string, TargetPoint[]>()));
		const list = byType.get(type);
		if (list) list.push({ at: createdAt, target });
		else byType.set(type, [{ at: createdAt, target }]);
	}
	const query = { campaignId: campaign.id, stage, recordType: recordType || null, asOfMax: snapshot.slot_at, receivedBy: snapshot.kind === 'adhoc' ? null : snapshot.slot_at };
	await forEachChunk(
		[...targetsOf.keys()],
		async (ids) => {
			const series = new Map<string, SeriesPoint[]>();
			for (const [communeId, type, asOf, cumulative] of await communeLog(conn, query, ids)) {
				const key = `${communeId}|${type}`;
				const list = series.get(key);
				if (list) list.push({ asOf, cumulative });
				else series.set(key, [{ asOf, cumulative }]);
			}
			for (const id of ids) for (const [type, targets] of targetsOf.get(id)!) counter.addCell(`u:${id}`, targets, series.get(`${id}|${type}`) ?? []);
		},
		// A national campaign's commune holds about a thousand reports: chunks stay near 0,1 s.
		25
	);
	const out = new Map<string, number>();
	for (const [unitKey, streak] of counter.finish()) out.set(figureKey(unitKey, recordType), streak);
	return out;
}
