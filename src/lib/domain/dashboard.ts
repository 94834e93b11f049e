/**
 * What the dashboards show for one unit at one moment (issue 8): its own figures, by
 * record type, its children ranked, the communes silent since the previous snapshot, and
 * the burn-up chart's lines. Pure: works on the figures of a snapshot or of an instant.
 */
import { wordsOfMiddle, type LevelWords } from './levels';
import { TOTAL } from './evaluate';
import type { MapShape } from './geo';
import { leaderboard, type LeaderRow } from './leaderboard';
import { rollCallOf, type RollCall } from './roll-call';
import { figureOf, middleLevel, type SnapshotData, type SnapshotFigure, type SnapshotUnit } from './snapshot';

export interface DashboardView {
	unit: SnapshotUnit;
	/** From the province down to the unit's parent. */
	ancestors: SnapshotUnit[];
	head: SnapshotFigure;
	byRecordType: { code: string; name: string; figure: SnapshotFigure }[];
	childLevel: SnapshotUnit['level'] | null;
	/** The campaign's level words (huyện or cụm thi đua). */
	words: LevelWords;
	/** The unit's children in rank order; ranks are places among all units of their level. */
	children: LeaderRow[];
	/** The roll-call under the unit (DESIGN §4): communes with work left and no report received since the previous scheduled snapshot. */
	silent: { code: string; name: string; parentName: string | null; lastReportAt: string | null }[];
	/** Which snapshot's roll-call `silent` is, and N/M; null before the first snapshot. */
	rollCall: (Omit<RollCall, 'missing'> & { middle: 'district' | 'group' }) | null;
}

/**
 * `rollCallFrom` is the snapshot whose roll-call the view shows: the moment's own snapshot,
 * or for any other moment the newest scheduled one before it (null: none yet).
 */
export function dashboardOf(data: SnapshotData, unitKey: string, rollCallFrom: SnapshotData | null = data): DashboardView | null {
	const byKey = new Map(data.units.map((u) => [u.key, u]));
	const unit = byKey.get(unitKey);
	const head = unit && figureOf(data, unit.key, TOTAL);
	if (!unit || !head) return null;
	const ancestors: SnapshotUnit[] = [];
	for (let p = unit.parentKey ? byKey.get(unit.parentKey) : undefined; p; p = p.parentKey ? byKey.get(p.parentKey) : undefined) ancestors.unshift(p);
	const childLevel = data.units.find((u) => u.parentKey === unit.key)?.level ?? null;
	const children = childLevel ? leaderboard(data, { level: childLevel, parentKey: unit.key }) : [];
	const roll = rollCallFrom ? rollCallOf(rollCallFrom, unitKey) : null;
	return {
		unit,
		ancestors,
		head,
		byRecordType: data.recordTypes.flatMap((t) => {
			const figure = figureOf(data, unit.key, t.code);
			return figure ? [{ ...t, figure }] : [];
		}),
		childLevel,
		words: wordsOfMiddle(middleLevel(data)),
		children,
		silent: roll ? roll.missing.map((c) => ({ code: c.code, name: c.name, parentName: c.parentName, lastReportAt: c.lastReportAt })) : [],
		rollCall: roll && rollCallFrom && { snapshotId: roll.snapshotId, slotAt: roll.slotAt, since: roll.since, pending: roll.pending, middle: middleLevel(rollCallFrom) }
	};
}

export interface ChartPoint {
	t: number; // epoch ms
	v: number;
}

export interface BurnUp {
	/** Credited records at each scheduled snapshot up to the moment, then the moment itself. */
	actual: ChartPoint[];
	/** The straight plan: nothing at the start, the whole target at 24:00 on the deadline. */
	plan: [ChartPoint, ChartPoint];
	/** From the moment at the current pace to the target; null when done or without pace. */
	projection: [ChartPoint, ChartPoint] | null;
	/** What the plan line holds at the moment. */
	planNow: number;
	/** Where the chart's time axis ends: the deadline, or later for a moment after it (within a quarter of the window). */
	until: number;
	/** When the current pace reaches the target, even beyond the chart; null without one. */
	projectedAt: number | null;
}

const DAY_MS = 86_400_000;

export function burnUp(series: { at: string; credited: number }[], head: SnapshotFigure, moment: string, window: { start: string; end: string }): BurnUp {
	const now = Date.parse(moment);
	const start = Date.parse(window.start);
	const end = Date.parse(window.end);
	const actual = series.filter((p) => Date.parse(p.at) < now).map((p) => ({ t: Date.parse(p.at), v: p.credited }));
	actual.push({ t: now, v: head.credited });
	const planNow = Math.round(head.target * Math.min(1, Math.max(0, (now - start) / (end - start))));
	const until = Math.max(end, Math.min(now, end + (end - start) / 4));
	const projectedAt = head.remaining > 0 && head.pace > 0 ? now + (head.remaining / head.pace) * DAY_MS : null;
	// The projection is drawn to the target, or as far as the axis goes when it lies beyond.
	const drawnTo = projectedAt === null ? null : Math.min(projectedAt, until);
	const projection: BurnUp['projection'] =
		projectedAt !== null && drawnTo !== null && drawnTo > now
			? [
					{ t: now, v: head.credited },
					{ t: drawnTo, v: Math.round(head.credited + (head.pace * (drawnTo - now)) / DAY_MS) }
				]
			: null;
	return {
		actual,
		plan: [
			{ t: start, v: 0 },
			{ t: end, v: head.target }
		],
		projection,
		planNow,
		until,
		projectedAt
	};
}

export interface Moment {
	kind: 'now' | 'snapshot' | 'instant';
	at: string;
	snapshotId: number | null;
	/** "Số liệu hiện tại (14:05 21/11/2026)", "Số liệu chốt lúc 11:30 10/12/2024", … */
	label: string;
}

export interface Dashboard extends DashboardView {
	moment: Moment;
	campaign: { code: string; name: string; timeZone: string; start: string; deadline: string; isPublic: boolean };
	provinceName: string;
	recordTypeCount: number;
	burnUp: BurnUp;
	/** Districts coloured by %, for a province whose boundaries the product carries. */
	map: DashboardMap | null;
	/** Whether there are snapshots to travel to (their list is fetched when the picker opens). */
	hasSnapshots: boolean;
	/**
	 * Whether the reader opens district, group and commune pages: users of the campaign's
	 * province do; the public (anonymous visitors, other provinces) reads the overview only.
	 */
	opensUnits: boolean;
	/** The chat text of the unit at the moment's snapshot, for the reader who sends it; null otherwise. */
	share: { snapshotId: number; slotAt: string; unitCode: string | null; unitName: string; text: string } | null;
	/** The overview's hierarchy versions (DESIGN §3 "Across the reform"); null on other pages. */
	hierarchy: HierarchyView | null;
}

/** The hierarchy versions an overview can be read on ("Xem theo: …"), and the one shown. */
export interface HierarchyView {
	/** The version shown, by its date; null: the campaign's own. */
	shown: string | null;
	choices: { asOf: string; label: string; own: boolean }[];
}

/**
 * The map as a page carries it: the boundaries stay in an immutable asset (`href`, one
 * `<path id>` per unit, cached by the browser); the page holds each unit's figure and label.
 */
export interface DashboardMap {
	href: string;
	width: number;
	height: number;
	shapes: (Omit<MapShape, 'd'> & { pct: number | null })[];
}

/** A child's row as the page's table shows it. */
export type ChildRow = Pick<LeaderRow, 'code' | 'name' | 'level' | 'rank' | 'rankChange' | 'pct' | 'remaining' | 'daysLeft' | 'dailyQuota' | 'pace' | 'status' | 'estimate'>;

/** A figure as the page's head and record-type table show it. */
export type ShownFigure = Pick<
	SnapshotFigure,
	'pct' | 'done' | 'credited' | 'target' | 'remaining' | 'daysLeft' | 'dailyQuota' | 'pace' | 'projectedFinish' | 'finishedAt' | 'status' | 'deadline' | 'estimate'
>;

/** What a dashboard page sends to the browser: the fields it shows, nothing more (its hydration data is a fifth of its CPU). */
export interface DashboardPageData extends Omit<Dashboard, 'children' | 'head' | 'byRecordType' | 'unit' | 'ancestors'> {
	unit: Pick<SnapshotUnit, 'code' | 'name' | 'level'>;
	ancestors: Pick<SnapshotUnit, 'key' | 'code' | 'name' | 'level'>[];
	head: ShownFigure;
	byRecordType: { code: string; name: string; figure: ShownFigure }[];
	children: ChildRow[];
	/** How many communes are silent; `silent` lists the first `SILENT_LISTED` (the rest are in the Excel file). */
	silentCount: number;
}

/** The silent communes a page lists. */
export const SILENT_LISTED = 100;

function shownFigure(f: SnapshotFigure): ShownFigure {
	const { pct, done, credited, target, remaining, daysLeft, dailyQuota, pace, projectedFinish, finishedAt, status, deadline, estimate } = f;
	return { pct, done, credited, target, remaining, daysLeft, dailyQuota, pace, projectedFinish, finishedAt, status, deadline, ...(estimate ? { estimate } : {}) };
}

export function dashboardPageData(d: Dashboard): DashboardPageData {
	return {
		...d,
		unit: { code: d.unit.code, name: d.unit.name, level: d.unit.level },
		ancestors: d.ancestors.map(({ key, code, name, level }) => ({ key, code, name, level })),
		head: shownFigure(d.head),
		byRecordType: d.byRecordType.map((t) => ({ code: t.code, name: t.name, figure: shownFigure(t.figure) })),
		// The public reads no commune; a reader of the province reads the first hundred.
		silent: d.opensUnits ? d.silent.slice(0, SILENT_LISTED) : [],
		silentCount: d.opensUnits ? d.silent.length : 0,
		children: d.children.map(({ code, name, level, rank, rankChange, pct, remaining, daysLeft, dailyQuota, pace, status, estimate }) => ({
			code,
			name,
			level,
			rank,
			rankChange,
			pct,
			remaining,
			daysLeft,
			dailyQuota,
			pace,
			status,
			...(estimate ? { estimate } : {})
		}))
	};
}
