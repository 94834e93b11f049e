import { describe, expect, it } from 'vitest';
import type { CampaignCalendar } from './calendar';
import type { UnitNode } from './evaluate';
import type { SeriesPoint } from './progress';
import { countedDays, metQuota, streakCounter, type TargetPoint } from './streak';

// Vietnam is UTC+7: 00:00 local on 01/12/2024 is 2024-11-30T17:00Z.
const midnight = (day: number) => new Date(Date.UTC(2024, 11, day - 1, 17)).toISOString();
const during = (day: number, hour = 10) => new Date(Date.UTC(2024, 11, day - 1, 17 + hour)).toISOString();

// 01/12 (Sunday) → 10/12/2024, 10 counting days by default.
const cal: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-10', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
const units: UnitNode[] = [
	{ key: 'p', code: '34', name: 'Tỉnh', level: 'province', parentKey: null, deadline: null },
	{ key: 'd', code: '344', name: 'Huyện', level: 'district', parentKey: 'p', deadline: null },
	{ key: 'a', code: '13192', name: 'Xã A', level: 'commune', parentKey: 'd', deadline: null },
	{ key: 'b', code: '13195', name: 'Xã B', level: 'commune', parentKey: 'd', deadline: null }
];
const target = (t: number): TargetPoint[] => [{ at: '2024-11-30T00:00:00.000Z', target: t }];
/** Cumulative values reported during each listed day: [day, value]. */
const series = (...points: [number, number][]): SeriesPoint[] => points.map(([day, value]) => ({ asOf: during(day), cumulative: value }));

function streaks(at: string, cells: { key: string; targets: TargetPoint[]; series: SeriesPoint[] }[], calendar = cal, nodes = units) {
	const counter = streakCounter({ at: new Date(at), calendar, units: nodes });
	for (const c of cells) counter.addCell(c.key, c.targets, c.series);
	return Object.fromEntries(counter.finish());
}

describe('metQuota', () => {
	it('is met by a gain at least the quota at the start of the day, or by nothing left', () => {
		expect(metQuota(100, 10, 10)).toBe(true); // quota 10
		expect(metQuota(100, 9, 10)).toBe(false);
		expect(metQuota(101, 10, 10)).toBe(false); // quota ceil(10,1) = 11
		expect(metQuota(0, 0, 10)).toBe(true); // R = 0 at the start counts as met
		expect(metQuota(5, 5, 0)).toBe(false); // overdue: no quota to meet
	});
});

describe('countedDays', () => {
	it('lists the counting days that ended by t, none before the start, skipping excluded days', () => {
		expect(countedDays(new Date(during(4)), cal)).toEqual(['2024-12-01', '2024-12-02', '2024-12-03']);
		expect(countedDays(new Date(midnight(4)), cal)).toEqual(['2024-12-01', '2024-12-02', '2024-12-03']); // 24:00 on 03/12 has ended
		expect(countedDays(new Date(during(1)), cal)).toEqual([]);
		expect(countedDays(new Date(during(4)), { ...cal, excludedWeekdays: [0], holidays: ['2024-12-03'] })).toEqual(['2024-12-02']);
	});
});

describe('streaks', () => {
	// T = 100 over 10 days: the quota at the start of day 1 is 10.
	it('counts consecutive met days ending with the last day that ended; a missed day breaks it', () => {
		// Days 1-2 met (10, 20), day 3 missed (25: gain 5 < quota ceil(80/8) = 10), days 4-5 met
		// (quota ceil(75/7) = 11, gain 11; quota ceil(64/6) = 11, gain 14).
		const a = series([1, 10], [2, 20], [3, 25], [4, 36], [5, 50]);
		expect(streaks(during(6), [{ key: 'a', targets: target(100), series: a }]).a).toBe(2);
		// At the end of day 3, the streak is broken.
		expect(streaks(during(4), [{ key: 'a', targets: target(100), series: a }]).a).toBe(0);
		expect(streaks(during(3), [{ key: 'a', targets: target(100), series: a }]).a).toBe(2);
	});

	it('days not yet ended and days before the start do not count', () => {
		// A report before the start gives day 1 nothing to gain over: day 1 is missed.
		const early = [{ asOf: '2024-11-28T03:00:00.000Z', cumulative: 30 }, ...series([2, 40])];
		expect(streaks(during(3), [{ key: 'a', targets: target(100), series: early }]).a).toBe(1);
		// The day t falls in is not counted, whatever was done so far.
		expect(streaks(during(1), [{ key: 'a', targets: target(100), series: series([1, 100]) }]).a).toBe(0);
	});

	it('non-counting days neither break nor extend a streak', () => {
		// Sunday 01/12 and Tuesday 03/12 do not count: counting days 02, 04, 05.
		const calendar = { ...cal, excludedWeekdays: [0], holidays: ['2024-12-03'] };
		// 7 counting days from 02/12 (Sunday 08/12 excluded too): quotas 15 on 02/12, then
		// ceil(85/6) = 15 on 04/12 and ceil(70/5) = 14 on 05/12. Nothing entered on 03/12.
		const a = series([2, 15], [4, 30], [5, 44]);
		expect(streaks(during(6), [{ key: 'a', targets: target(100), series: a }], calendar).a).toBe(3);
		// Work done on the excluded day counts on no day: 04/12 then gains only 3 (< 13).
		const b = series([2, 15], [3, 27], [4, 30], [5, 44]);
		expect(streaks(during(6), [{ key: 'a', targets: target(100), series: b }], calendar).a).toBe(1);
	});

	it('a day that starts with nothing left counts as met', () => {
		// Finished on day 2: days 3, 4, 5 start with R = 0.
		const a = series([1, 50], [2, 100]);
		expect(streaks(during(6), [{ key: 'a', targets: target(100), series: a }]).a).toBe(5);
		// A zero target has nothing due from the start.
		expect(streaks(during(6), [{ key: 'a', targets: target(0), series: [] }]).a).toBe(5);
	});

	it("sums credited records per commune and type into parents: one commune's surplus never hides another's deficit", () => {
		// A enters 30 a day (over its 10), B nothing: the district's quota is 20 and its gain 30 …
		const a = series([1, 30], [2, 60]);
		const res = streaks(during(3), [
			{ key: 'a', targets: target(100), series: a },
			{ key: 'b', targets: target(100), series: [] }
		]);
		expect(res).toMatchObject({ a: 2, b: 0, d: 2, p: 2 });
		// … but beyond its target A's surplus is not credited: day 2 gains the district only 10 (< 13).
		const capped = streaks(during(3), [
			{ key: 'a', targets: target(40), series: a },
			{ key: 'b', targets: target(100), series: [] }
		]);
		expect(capped).toMatchObject({ a: 2, d: 0 });
	});

	it('uses the target and the deadline in force: a unit override changes the quota', () => {
		// Own deadline 02/12: quota 50 on day 1 (2 days), so 30 misses.
		const nodes = units.map((u) => (u.key === 'a' ? { ...u, deadline: '2024-12-02' } : u));
		expect(streaks(during(2), [{ key: 'a', targets: target(100), series: series([1, 30]) }], cal, nodes).a).toBe(0);
		expect(streaks(during(2), [{ key: 'a', targets: target(100), series: series([1, 50]) }], cal, nodes).a).toBe(1);
		// Past the deadline with records left, a day is overdue and missed.
		expect(streaks(during(4), [{ key: 'a', targets: target(100), series: series([1, 50], [2, 90], [3, 95]) }], cal, nodes).a).toBe(0);
		// A target raised during day 2 (from 100 to 200): the quota at 00:00 on day 2 is still ceil(90/9) = 10.
		const raised = [...target(100), { at: during(2, 12), target: 200 }];
		expect(streaks(during(3), [{ key: 'a', targets: raised, series: series([1, 10], [2, 20]) }]).a).toBe(2);
	});

	it('takes the value in force at each boundary: the latest asOf, later reports of the same asOf winning', () => {
		const a: SeriesPoint[] = [
			{ asOf: during(1), cumulative: 30 },
			{ asOf: during(1), cumulative: 5 } // a correction with the same asOf, received later
		];
		expect(streaks(during(2), [{ key: 'a', targets: target(100), series: a }]).a).toBe(0);
		// A value as of exactly 24:00 on day 1 is in force at its end.
		const b = [...a, { asOf: midnight(2), cumulative: 10 }];
		expect(streaks(during(2), [{ key: 'a', targets: target(100), series: b }]).a).toBe(1);
		expect(streaks(during(3), [{ key: 'a', targets: target(100), series: b }]).a).toBe(0);
	});
});
