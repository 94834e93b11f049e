import type { SnapshotData, SnapshotFigure } from '$lib/domain/snapshot';
import { figureKey } from '$lib/domain/snapshot';
import type { Level } from '$lib/domain/evaluate';
import { listCampaignRecordTypes } from '../campaigns/repository';
import type { Conn, Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Snapshot, SnapshotRow } from '../db/schema';
import { campaignTree } from '../progress/evaluate';
import { communeCapacities } from '../capacity/in-force';
import { previousSnapshot, snapshotRows } from './repository';
import { unitKeyOf } from './service';

export function figureOfRow(r: SnapshotRow): SnapshotFigure {
	return {
		unitKey: unitKeyOf(r),
		level: r.level,
		recordType: r.record_type,
		target: r.target,
		done: r.done,
		credited: r.credited,
		remaining: r.remaining,
		overTarget: r.over_target,
		pct: r.pct,
		deadline: r.deadline,
		daysLeft: r.days_left,
		dailyQuota: r.daily_quota,
		pace: r.pace,
		projectedFinish: r.projected_finish,
		status: r.status,
		finishedAt: r.finished_at,
		rank: r.rank ?? 0,
		lastReportAt: r.last_report_at,
		creditedChange: r.credited_change,
		rankChange: r.rank_change,
		noReportSincePrevious: r.no_report_since_previous === 1
	};
}

export interface ViewOptions {
	levels?: Level[];
	recordType?: string;
}

/** A stored snapshot with its campaign's units, for reports and pages. */
export async function snapshotData(db: Database | Conn, campaign: Campaign, snapshot: Snapshot, opts: ViewOptions = {}): Promise<SnapshotData> {
	const [tree, recordTypes, rows, previous, capacities] = await Promise.all([
		campaignTree(db, campaign, snapshot.slot_at),
		listCampaignRecordTypes(db, campaign.id),
		snapshotRows(db, snapshot.id, opts),
		previousSnapshot(db, campaign.id, snapshot.slot_at),
		communeCapacities(db, campaign.id, snapshot.slot_at)
	]);
	const figures = new Map<string, SnapshotFigure>();
	for (const r of rows) {
		const f = figureOfRow(r);
		figures.set(figureKey(f.unitKey, f.recordType), f);
	}
	const province = tree.find((u) => u.parentKey === null); // the nation's name for a national campaign
	return {
		id: snapshot.id,
		campaignCode: campaign.code,
		campaignName: campaign.name,
		provinceName: province?.name ?? '',
		timeZone: campaign.timeZone,
		slotAt: snapshot.slot_at,
		kind: snapshot.kind,
		takenAt: snapshot.taken_at,
		durationMs: snapshot.duration_ms,
		previousSlotAt: previous?.slot_at ?? null,
		recordTypes: recordTypes.map((r) => ({ code: r.code, name: r.name })),
		units: tree.filter((u) => !opts.levels || opts.levels.includes(u.level)).map((u) => ({ key: u.key, code: u.code, name: u.name, level: u.level, parentKey: u.parentKey })),
		figures,
		capacities
	};
}
