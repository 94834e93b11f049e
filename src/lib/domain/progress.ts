/**
 * Completion figures of DESIGN §4. Sums run per commune and record type, so one
 * commune's surplus never hides another's deficit.
 */

/** One commune and record type: its target T and raw done D. */
export interface Cell {
	target: number;
	done: number;
}

export function credited(cell: Cell): number {
	return Math.min(cell.done, cell.target);
}

/** A value lower than the one in force before is a correction, and needs a reason (§4). */
export function isCorrection(previous: number | null, value: number): previous is number {
	return previous !== null && value < previous;
}

export function completion(creditedSum: number, targetSum: number): number {
	return targetSum === 0 ? 1 : creditedSum / targetSum;
}

const DAY_MS = 86_400_000;

/** Records per day still needed: ceil(R / days left); 0 when done; null when overdue. */
export function dailyQuota(remainingSum: number, daysLeftCount: number): number | null {
	if (remainingSum <= 0) return 0;
	if (daysLeftCount <= 0) return null;
	return Math.ceil(remainingSum / daysLeftCount);
}

/** The pace window w = min(7 days, t − start), at least 1 day, in milliseconds. */
export function paceWindowMs(t: Date, start: Date): number {
	return Math.max(DAY_MS, Math.min(7 * DAY_MS, t.getTime() - start.getTime()));
}

/** Records per day over the window: (ΣC(t) − ΣC(t − w)) / w. */
export function pace(creditedNow: number, creditedBefore: number, windowMs: number): number {
	return ((creditedNow - creditedBefore) * DAY_MS) / windowMs;
}

/** t + R/p as an instant, when the pace is positive and something remains. */
export function projectedFinish(t: Date, remainingSum: number, pacePerDay: number): Date | null {
	if (remainingSum <= 0 || pacePerDay <= 0) return null;
	return new Date(t.getTime() + (remainingSum / pacePerDay) * DAY_MS);
}

export type Status = 'not_started' | 'on_track' | 'at_risk' | 'behind' | 'overdue' | 'done';

export interface StatusThresholds {
	onTrack: number; // p ≥ onTrack·q
	atRisk: number; // atRisk·q ≤ p < onTrack·q
}

export const DEFAULT_THRESHOLDS: StatusThresholds = { onTrack: 1, atRisk: 0.8 };

export function statusOf(input: { remaining: number; daysLeft: number; quota: number | null; pace: number; started: boolean; thresholds: StatusThresholds }): Status {
	if (input.remaining <= 0) return 'done';
	if (!input.started) return 'not_started';
	if (input.daysLeft <= 0 || input.quota === null) return 'overdue';
	if (input.pace >= input.thresholds.onTrack * input.quota) return 'on_track';
	if (input.pace >= input.thresholds.atRisk * input.quota) return 'at_risk';
	return 'behind';
}

/** One value of a cell's series: the report's asOf and cumulative, in force order. */
export interface SeriesPoint {
	asOf: string; // ISO instant
	cumulative: number;
}

/**
 * Finish time of one commune and record type: the first instant of the last stretch in
 * which D ≥ T, given the series in force order (asOf, then receivedAt). Reports sharing
 * an asOf collapse to the last, which is the one in force. A zero target is met from the
 * campaign's start.
 */
export function cellFinishTime(series: SeriesPoint[], target: number, start: string): string | null {
	if (target <= 0) return start;
	let since: string | null = null;
	for (let i = 0; i < series.length; i++) {
		const point = series[i];
		if (i + 1 < series.length && series[i + 1].asOf === point.asOf) continue;
		if (point.cumulative >= target) since ??= point.asOf;
		else since = null;
	}
	return since;
}
