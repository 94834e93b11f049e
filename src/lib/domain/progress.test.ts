import { describe, expect, it } from 'vitest';
import { daysLeft, type CampaignCalendar } from './calendar';
import { cellFinishTime, completion, credited, dailyQuota, DEFAULT_THRESHOLDS, pace, paceWindowMs, projectedFinish, statusOf } from './progress';
import { zonedInstant } from './time';

const DAY = 86_400_000;
const cal: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };

describe('credited and completion', () => {
	it('caps credit at the target (the sums per commune are in evaluate.test.ts)', () => {
		expect(credited({ target: 100, done: 130 })).toBe(100);
		expect(credited({ target: 100, done: 50 })).toBe(50);
	});

	it('is 100% with a zero target and nothing due', () => {
		expect(completion(0, 0)).toBe(1);
		expect(completion(150, 200)).toBe(0.75);
	});
});

describe('daily quota', () => {
	it('matches the worked examples of DESIGN §4: 834 at 11:30, 910 at 23:00', () => {
		const morning = daysLeft(zonedInstant('2024-12-10', '11:30', cal.timeZone), '2024-12-21', cal);
		const night = daysLeft(zonedInstant('2024-12-10', '23:00', cal.timeZone), '2024-12-21', cal);
		expect([morning, dailyQuota(10_000, morning)]).toEqual([12, 834]);
		expect([night, dailyQuota(10_000, night)]).toEqual([11, 910]);
	});

	it('is 0 when done and null (overdue) when nothing is left of the window', () => {
		expect(dailyQuota(0, 5)).toBe(0);
		expect(dailyQuota(0, 0)).toBe(0);
		expect(dailyQuota(1, 0)).toBeNull();
		expect(dailyQuota(1, 3)).toBe(1);
	});
});

describe('pace and projection', () => {
	const start = zonedInstant('2024-12-01', '00:00', cal.timeZone);

	it('uses a window of min(7 days, t − start), at least one day', () => {
		expect(paceWindowMs(new Date(start.getTime() + 3 * 3_600_000), start)).toBe(DAY);
		expect(paceWindowMs(new Date(start.getTime() + 2.5 * DAY), start)).toBe(2.5 * DAY);
		expect(paceWindowMs(new Date(start.getTime() + 30 * DAY), start)).toBe(7 * DAY);
		expect(paceWindowMs(new Date(start.getTime() - DAY), start)).toBe(DAY);
	});

	it('is records per day over the window', () => {
		expect(pace(7000, 0, 7 * DAY)).toBe(1000);
		expect(pace(500, 200, 1.5 * DAY)).toBe(200);
	});

	it('projects the finish from the pace, none when the pace is 0', () => {
		const t = new Date('2024-12-10T04:30:00Z');
		expect(projectedFinish(t, 1000, 500)?.toISOString()).toBe('2024-12-12T04:30:00.000Z');
		expect(projectedFinish(t, 1000, 0)).toBeNull();
		expect(projectedFinish(t, 0, 500)).toBeNull();
	});
});

describe('status', () => {
	const base = { remaining: 1000, daysLeft: 10, quota: 100, pace: 100, started: true, thresholds: DEFAULT_THRESHOLDS };
	it('follows the thresholds', () => {
		expect(statusOf(base)).toBe('on_track');
		expect(statusOf({ ...base, pace: 80 })).toBe('at_risk');
		expect(statusOf({ ...base, pace: 79.9 })).toBe('behind');
		expect(statusOf({ ...base, thresholds: { onTrack: 1.1, atRisk: 0.5 } })).toBe('at_risk');
	});
	it('is done at R = 0, not started before the start, overdue with no day left', () => {
		expect(statusOf({ ...base, remaining: 0, daysLeft: 0, quota: 0 })).toBe('done');
		expect(statusOf({ ...base, started: false })).toBe('not_started');
		expect(statusOf({ ...base, daysLeft: 0, quota: null })).toBe('overdue');
	});
});

describe('finish time', () => {
	const p = (asOf: string, cumulative: number) => ({ asOf, cumulative });
	it('is the start of the last stretch at or above target', () => {
		expect(cellFinishTime([p('a1', 50), p('a2', 100), p('a3', 100)], 100, 's')).toBe('a2');
		expect(cellFinishTime([p('a1', 100), p('a2', 90), p('a3', 100)], 100, 's')).toBe('a3');
		expect(cellFinishTime([p('a1', 100), p('a2', 90)], 100, 's')).toBeNull(); // reopened by a correction
		expect(cellFinishTime([], 100, 's')).toBeNull();
	});
	it('lets the later of two reports with the same asOf decide', () => {
		expect(cellFinishTime([p('a1', 100), p('a1', 90)], 100, 's')).toBeNull();
		expect(cellFinishTime([p('a1', 90), p('a1', 100)], 100, 's')).toBe('a1');
	});
	it('is the campaign start for a zero target', () => {
		expect(cellFinishTime([], 0, 'start')).toBe('start');
	});
});
