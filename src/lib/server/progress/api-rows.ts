import { TOTAL, type Level, type ProgressRow } from '$lib/domain/evaluate';
import { isoWithOffset } from '$lib/domain/time';
import type { CampaignProgress } from './evaluate';

/** A stored instant as the API writes it: ISO 8601 with the campaign's offset. */
export function instantJson(value: string | null, timeZone: string): string | null {
	return value === null ? null : isoWithOffset(new Date(value), timeZone);
}

/** One unit's figures in the JSON shape of DESIGN §8. */
export function progressRowJson(unit: { code: string; name: string; level: Level }, r: ProgressRow, timeZone: string) {
	return {
		unit: { code: unit.code, name: unit.name, level: unit.level },
		target: r.target,
		done: r.done,
		credited: r.credited,
		remaining: r.remaining,
		overTarget: r.overTarget,
		pct: r.pct,
		deadline: r.deadline,
		daysLeft: r.daysLeft,
		dailyQuota: r.dailyQuota,
		pace: Math.round(r.pace * 10) / 10,
		projectedFinish: r.projectedFinish,
		status: r.status,
		finishedAt: instantJson(r.finishedAt, timeZone),
		rank: r.rank,
		lastReportAt: instantJson(r.lastReportAt, timeZone),
		// Only on another hierarchy version (DESIGN §8): the figure rests on an undeclared share.
		...(r.estimate === undefined ? {} : { estimate: r.estimate })
	};
}

/** Progress rows in the JSON shape of DESIGN §8. */
export function apiRows(progress: CampaignProgress, opts: { level: Level; parentKey?: string; recordType?: string; visible: Set<string>; timeZone: string }) {
	const units = new Map(progress.units.map((u) => [u.key, u]));
	const recordType = opts.recordType ?? TOTAL;
	return progress.rows
		.filter((r) => r.level === opts.level && r.recordType === recordType && opts.visible.has(r.unitKey))
		.filter((r) => opts.parentKey === undefined || units.get(r.unitKey)!.parentKey === opts.parentKey)
		.map((r) => progressRowJson(units.get(r.unitKey)!, r, opts.timeZone));
}
