/**
 * Every figure of DESIGN §4 for a whole campaign at one instant: the province, its middle
 * level (districts, or groups in a 2-level province) and its communes, per record type and
 * in total. Pure: the caller loads the cells as they stood at that instant.
 */
import { campaignStartInstant, daysLeft, type CampaignCalendar } from './calendar';
import { completion, credited, dailyQuota, pace, paceWindowMs, projectedFinish, statusOf, type Status, type StatusThresholds } from './progress';
import { sortAndRank } from './ranking';
import { localDateOf, type LocalDate } from './time';

/** A national campaign's root is the nation, whose children are provinces (issue 29). */
export type Level = 'nation' | 'province' | 'district' | 'group' | 'commune';

export interface UnitNode {
	key: string; // unique within the evaluation, e.g. "u:123" or "g:4"
	code: string;
	name: string;
	level: Level;
	parentKey: string | null;
	deadline: LocalDate | null; // own override
}

/** One commune and record type as it stood at the instant. */
export interface CellInput {
	communeKey: string;
	recordType: string;
	target: number;
	done: number; // value in force at t
	doneBefore: number; // value in force at t − w
	finishedAt: string | null; // start of the last stretch with D ≥ T (ignored when T = 0)
	lastReportAt: string | null; // asOf of the value in force
}

export interface EvaluationInput {
	at: Date;
	calendar: CampaignCalendar;
	thresholds: StatusThresholds;
	recordTypes: string[];
	units: UnitNode[];
	cells: CellInput[];
}

export const TOTAL = '';

/** The key of a national campaign's root unit, the nation (it has no unit row). */
export const NATION_KEY = 'n:0'; // the record-type key of the all-types row

/** Levels whose sums add into their parent's, children before parents. */
const ROLL_UP_ORDER: Level[] = ['commune', 'district', 'group', 'province'];

export interface ProgressRow {
	unitKey: string;
	level: Level;
	recordType: string; // a record type code, or TOTAL
	target: number;
	done: number;
	credited: number;
	remaining: number;
	overTarget: number;
	pct: number;
	deadline: LocalDate;
	daysLeft: number;
	dailyQuota: number | null;
	pace: number;
	projectedFinish: LocalDate | null;
	status: Status;
	finishedAt: string | null;
	rank: number;
	lastReportAt: string | null;
	/** Read on another hierarchy version: the figure rests on an undeclared share (DESIGN §4). Absent on the campaign's own. */
	estimate?: boolean;
}

interface Sum {
	target: number;
	done: number;
	credited: number;
	creditedBefore: number;
	overTarget: number;
	allFinished: boolean;
	latestFinish: string;
	lastReportAt: string | null;
}

export function effectiveDeadlines(units: UnitNode[], campaignDeadline: LocalDate): Map<string, LocalDate> {
	const byKey = new Map(units.map((u) => [u.key, u]));
	const resolved = new Map<string, LocalDate>();
	const resolve = (key: string | null): LocalDate => {
		if (key === null) return campaignDeadline;
		const known = resolved.get(key);
		if (known) return known;
		const unit = byKey.get(key);
		const deadline = unit?.deadline ?? resolve(unit?.parentKey ?? null);
		resolved.set(key, deadline);
		return deadline;
	};
	for (const u of units) resolve(u.key);
	return resolved;
}

function addCell(s: Sum, cell: CellInput, credited: number, creditedBefore: number, finish: string | null): void {
	s.target += cell.target;
	s.done += cell.done;
	s.credited += credited;
	s.creditedBefore += creditedBefore;
	if (cell.done > cell.target) s.overTarget++;
	if (finish === null) s.allFinished = false;
	else if (finish > s.latestFinish) s.latestFinish = finish;
	if (cell.lastReportAt && (!s.lastReportAt || cell.lastReportAt > s.lastReportAt)) s.lastReportAt = cell.lastReportAt;
}

function addSum(to: Sum, from: Sum): void {
	to.target += from.target;
	to.done += from.done;
	to.credited += from.credited;
	to.creditedBefore += from.creditedBefore;
	to.overTarget += from.overTarget;
	if (!from.allFinished) to.allFinished = false;
	if (from.latestFinish > to.latestFinish) to.latestFinish = from.latestFinish;
	if (from.lastReportAt && (!to.lastReportAt || from.lastReportAt > to.lastReportAt)) to.lastReportAt = from.lastReportAt;
}

export function evaluateCampaign(input: EvaluationInput): ProgressRow[] {
	const { at, calendar } = input;
	const start = campaignStartInstant(calendar);
	const startIso = start.toISOString();
	const windowMs = paceWindowMs(at, start);
	const started = at.getTime() >= start.getTime();
	const deadlines = effectiveDeadlines(input.units, calendar.deadline);
	const types = [...input.recordTypes, TOTAL];

	// One sum per unit and record type (the last index is the total), reached by index.
	const typeIndex = new Map(input.recordTypes.map((t, i) => [t, i]));
	const totalIndex = input.recordTypes.length;
	const sums = new Map<string, Sum[]>();
	for (const u of input.units)
		sums.set(
			u.key,
			types.map(() => ({ target: 0, done: 0, credited: 0, creditedBefore: 0, overTarget: 0, allFinished: true, latestFinish: startIso, lastReportAt: null }))
		);
	for (const cell of input.cells) {
		const typeAt = typeIndex.get(cell.recordType);
		const unitSums = sums.get(cell.communeKey);
		if (typeAt === undefined || unitSums === undefined) continue;
		const creditedNow = credited(cell);
		const creditedBefore = credited({ done: cell.doneBefore, target: cell.target });
		const finish = cell.target <= 0 ? startIso : cell.done >= cell.target ? cell.finishedAt : null;
		addCell(unitSums[typeAt], cell, creditedNow, creditedBefore, finish);
		addCell(unitSums[totalIndex], cell, creditedNow, creditedBefore, finish);
	}
	// Then communes into their districts or groups (or the province), those into the province, and provinces into the nation.
	for (const level of ROLL_UP_ORDER) {
		for (const unit of input.units) {
			const parentSums = unit.level === level && unit.parentKey !== null ? sums.get(unit.parentKey) : undefined;
			if (!parentSums) continue;
			const unitSums = sums.get(unit.key)!;
			for (let i = 0; i < types.length; i++) addSum(parentSums[i], unitSums[i]);
		}
	}

	const daysLeftCache = new Map<LocalDate, number>();
	const rows: ProgressRow[] = [];
	for (const unit of input.units) {
		const deadline = deadlines.get(unit.key)!;
		let left = daysLeftCache.get(deadline);
		if (left === undefined) {
			left = daysLeft(at, deadline, calendar);
			daysLeftCache.set(deadline, left);
		}
		const unitSums = sums.get(unit.key)!;
		for (let i = 0; i < types.length; i++) {
			const s = unitSums[i];
			const remaining = s.target - s.credited;
			const quota = dailyQuota(remaining, left);
			const p = pace(s.credited, s.creditedBefore, windowMs);
			const projected = projectedFinish(at, remaining, p);
			rows.push({
				unitKey: unit.key,
				level: unit.level,
				recordType: types[i],
				target: s.target,
				done: s.done,
				credited: s.credited,
				remaining,
				overTarget: s.overTarget,
				pct: completion(s.credited, s.target),
				deadline,
				daysLeft: left,
				dailyQuota: quota,
				pace: p,
				projectedFinish: projected ? localDateOf(projected, calendar.timeZone) : null,
				status: statusOf({ remaining, daysLeft: left, quota, pace: p, started, thresholds: input.thresholds }),
				finishedAt: remaining === 0 && s.allFinished ? s.latestFinish : null,
				rank: 0,
				lastReportAt: s.lastReportAt
			});
		}
	}
	assignRanks(rows);
	return rows;
}

/** Ranks each level per record type, among all units of that level. */
function assignRanks(rows: ProgressRow[]): void {
	const groups = new Map<Level, Map<string, ProgressRow[]>>();
	for (const r of rows) {
		let byType = groups.get(r.level);
		if (!byType) groups.set(r.level, (byType = new Map<string, ProgressRow[]>()));
		const group = byType.get(r.recordType);
		if (group) group.push(r);
		else byType.set(r.recordType, [r]);
	}
	for (const byType of groups.values()) {
		for (const group of byType.values()) sortAndRank(group);
	}
}
