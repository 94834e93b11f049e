/**
 * Streaks (DESIGN §4 "Streak", issue 27): at t, the number of consecutive counting days,
 * ending with the last counting day that ended before t, on which a unit met its quota —
 * its credited total gained over the day at least the daily quota at 00:00 local of that
 * day, or nothing remained at the start of the day. Non-counting days neither break nor
 * extend a streak; days before the campaign's start do not count.
 *
 * One pass over the report log: each cell's series is walked once against the sorted day
 * boundaries, its credited value at each boundary added into its commune and the commune's
 * ancestors. Cells can be fed a chunk at a time, so the log is never held whole. Pure.
 */
import { countingDays, endOfDay, isCountingDay, type CampaignCalendar } from './calendar';
import { effectiveDeadlines, type UnitNode } from './evaluate';
import { dailyQuota, type SeriesPoint } from './progress';
import { addDays, startOfLocalDay, type LocalDate } from './time';

/** A target revision of a cell: in force from `at` (ISO). */
export interface TargetPoint {
	at: string;
	target: number;
}

export interface StreakInput {
	/** The instant the streaks are for (a snapshot's slot). */
	at: Date;
	calendar: CampaignCalendar;
	/** Province, middle level and communes; a unit's figures add up from its communes. */
	units: UnitNode[];
}

/** The counting days that ended by `at`, from the start, oldest first. */
export function countedDays(at: Date, cal: CampaignCalendar): LocalDate[] {
	const days: LocalDate[] = [];
	for (let d = cal.start; endOfDay(d, cal).getTime() <= at.getTime(); d = addDays(d, 1)) if (isCountingDay(d, cal)) days.push(d);
	return days;
}

/** The value in force at each boundary: the last point with asOf ≤ it (points in force order). */
function valuesAt<P>(points: readonly P[], time: (p: P) => string, value: (p: P) => number, boundaries: readonly string[], before: number): Float64Array {
	const out = new Float64Array(boundaries.length);
	let i = 0;
	let current = before;
	for (let b = 0; b < boundaries.length; b++) {
		while (i < points.length && time(points[i]) <= boundaries[b]) current = value(points[i++]);
		out[b] = current;
	}
	return out;
}

export interface StreakCounter {
	/** Adds one commune's cell: its target revisions (oldest first) and its series in force order. */
	addCell(communeKey: string, targets: readonly TargetPoint[], series: readonly SeriesPoint[]): void;
	/** The streak of every unit, by key. */
	finish(): Map<string, number>;
}

export function streakCounter(input: StreakInput): StreakCounter {
	const cal = input.calendar;
	const days = countedDays(input.at, cal);
	// Boundaries: 00:00 and 24:00 of each counting day, sorted and shared where days touch.
	const index = new Map<string, number>();
	const boundaries: string[] = [];
	const dayBounds = days.map((d) => {
		const ends = [startOfLocalDay(d, cal.timeZone).toISOString(), endOfDay(d, cal).toISOString()];
		return ends.map((iso) => {
			let i = index.get(iso);
			if (i === undefined) {
				i = boundaries.length;
				index.set(iso, i);
				boundaries.push(iso);
			}
			return i;
		}) as [number, number];
	});
	const n = boundaries.length;
	const byKey = new Map(input.units.map((u) => [u.key, u]));
	const credited = new Map<string, Float64Array>();
	const target = new Map<string, Float64Array>();
	for (const u of input.units) {
		credited.set(u.key, new Float64Array(n));
		target.set(u.key, new Float64Array(n));
	}
	const chains = new Map<string, string[]>();
	const chainOf = (key: string): string[] => {
		let chain = chains.get(key);
		if (!chain) {
			chain = [];
			for (let k: string | null = key; k !== null && byKey.has(k); k = byKey.get(k)!.parentKey) chain.push(k);
			chains.set(key, chain);
		}
		return chain;
	};

	return {
		addCell(communeKey, targets, series) {
			if (n === 0 || !byKey.has(communeKey)) return;
			// A cell whose first revision came after a boundary takes that first one (as the engine does).
			const t = valuesAt(
				targets,
				(p) => p.at,
				(p) => p.target,
				boundaries,
				targets[0]?.target ?? 0
			);
			const d = valuesAt(
				series,
				(p) => p.asOf,
				(p) => p.cumulative,
				boundaries,
				0
			);
			for (const key of chainOf(communeKey)) {
				const c = credited.get(key)!;
				const tt = target.get(key)!;
				for (let b = 0; b < n; b++) {
					c[b] += Math.min(d[b], t[b]);
					tt[b] += t[b];
				}
			}
		},
		finish() {
			const deadlines = effectiveDeadlines(input.units, cal.deadline);
			const left = new Map<string, number>();
			const daysLeftOn = (day: LocalDate, deadline: LocalDate) => {
				const key = `${day}|${deadline}`;
				let v = left.get(key);
				if (v === undefined) left.set(key, (v = countingDays(day, deadline, cal)));
				return v;
			};
			const out = new Map<string, number>();
			for (const u of input.units) {
				const c = credited.get(u.key)!;
				const t = target.get(u.key)!;
				let streak = 0;
				for (let i = days.length - 1; i >= 0; i--) {
					const [s, e] = dayBounds[i];
					if (!metQuota(t[s] - c[s], c[e] - c[s], daysLeftOn(days[i], deadlines.get(u.key)!))) break;
					streak++;
				}
				out.set(u.key, streak);
			}
			return out;
		}
	};
}

/**
 * Whether a day met its quota: nothing remained at its start, or the gain over the day
 * reached the quota at its start. An overdue day (something left, no day left) is missed.
 */
export function metQuota(remainingAtStart: number, gain: number, daysLeftAtStart: number): boolean {
	if (remainingAtStart <= 0) return true;
	const quota = dailyQuota(remainingAtStart, daysLeftAtStart);
	return quota !== null && gain >= quota;
}
