import { TOTAL, type Level } from '../../domain/evaluate';
import { isoWithOffset } from '../../domain/time';
import type { CampaignProgress } from './evaluate';

/** Progress rows in the JSON shape of DESIGN §8. */
export function apiRows(progress: CampaignProgress, opts: { level: Level; parentKey?: string; recordType?: string; visible: Set<string>; timeZone: string }) {
	const units = new Map(progress.units.map((u) => [u.key, u]));
	const recordType = opts.recordType ?? TOTAL;
	return progress.rows
		.filter((r) => r.level === opts.level && r.recordType === recordType && opts.visible.has(r.unitKey))
		.filter((r) => opts.parentKey === undefined || units.get(r.unitKey)!.parentKey === opts.parentKey)
		.map((r) => {
			const u = units.get(r.unitKey)!;
			return {
				unit: { code: u.code, name: u.name, level: u.level },
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
				finishedAt: r.finishedAt ? isoWithOffset(new Date(r.finishedAt), opts.timeZone) : null,
				rank: r.rank,
				lastReportAt: r.lastReportAt ? isoWithOffset(new Date(r.lastReportAt), opts.timeZone) : null
			};
		});
}
