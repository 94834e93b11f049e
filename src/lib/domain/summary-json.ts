/**
 * The summary of a snapshot as JSON (issue 25 item 4): what a webhook posts after each
 * scheduled snapshot so that a province's bot can post to its Zalo groups: the figures of
 * the province and of its districts or groups, the roll-call and the chat text. Pure.
 */
import { TOTAL } from './evaluate';
import { rollCallOf } from './roll-call';
import { figureOf, middleLevel, unitsOf, type SnapshotData, type SnapshotFigure, type SnapshotUnit } from './snapshot';
import { summaryText } from './summary-text';
import { isoWithOffset } from './time';

function figuresJson(u: SnapshotUnit, f: SnapshotFigure, timeZone: string) {
	return {
		unit: { code: u.code, name: u.name, level: u.level },
		target: f.target,
		done: f.done,
		credited: f.credited,
		remaining: f.remaining,
		pct: f.pct,
		creditedChange: f.creditedChange,
		deadline: f.deadline,
		daysLeft: f.daysLeft,
		dailyQuota: f.dailyQuota,
		pace: f.pace,
		projectedFinish: f.projectedFinish,
		status: f.status,
		finishedAt: f.finishedAt && isoWithOffset(new Date(f.finishedAt), timeZone),
		rank: f.level === 'province' ? null : f.rank,
		rankChange: f.level === 'province' ? null : f.rankChange
	};
}

export function summaryJson(data: SnapshotData) {
	const tz = data.timeZone;
	const province = unitsOf(data, 'province')[0];
	const middle = middleLevel(data);
	const roll = rollCallOf(data);
	const byKey = new Map(data.units.map((u) => [u.key, u]));
	return {
		campaign: { code: data.campaignCode, name: data.campaignName },
		snapshot: { id: data.id, at: isoWithOffset(new Date(data.slotAt), tz), kind: data.kind, previousAt: data.previousSlotAt && isoWithOffset(new Date(data.previousSlotAt), tz) },
		province: figuresJson(province, figureOf(data, province.key, TOTAL)!, tz),
		/** The districts or groups, in rank order. */
		units: unitsOf(data, middle)
			.flatMap((u) => {
				const f = figureOf(data, u.key, TOTAL);
				return f ? [figuresJson(u, f, tz)] : [];
			})
			.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.unit.code.localeCompare(b.unit.code)),
		rollCall: {
			since: roll.since && isoWithOffset(new Date(roll.since), tz),
			pending: roll.pending,
			missing: roll.missing.map((c) => {
				const parent = byKey.get(data.units.find((u) => u.key === c.key)?.parentKey ?? '');
				return { code: c.code, name: c.name, parent: parent ? { code: parent.code, name: parent.name } : null };
			})
		},
		text: summaryText(data)
	};
}

export type SummaryJson = ReturnType<typeof summaryJson>;
