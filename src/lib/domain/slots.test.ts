import { describe, expect, it } from 'vitest';
import type { CampaignCalendar } from './calendar';
import { cronOfTime, isLate, lastSlotAtOrBefore, scheduledSlotsOfDate, slotsBetween, slotsOfDate, timesInForce, type SnapshotTimesPeriod } from './slots';

const times = ['06:00', '11:30', '23:00'];
const hcm: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
// The factory's campaign, created 30/11 at 08:00 local with the three times, never changed.
const created = new Date('2024-11-30T01:00:00Z');
const unchanged: SnapshotTimesPeriod[] = [{ from: created, times }];

describe('lastSlotAtOrBefore', () => {
	it('finds the latest slot in the zone, across midnight', () => {
		expect(lastSlotAtOrBefore(new Date('2024-12-10T04:30:00Z'), unchanged, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2024-12-10T04:30:00.000Z');
		expect(lastSlotAtOrBefore(new Date('2024-12-10T04:29:59Z'), unchanged, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2024-12-09T23:00:00.000Z');
		expect(lastSlotAtOrBefore(new Date('2024-12-09T22:00:00Z'), unchanged, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2024-12-09T16:00:00.000Z');
	});
});

describe('slotsOfDate', () => {
	it('places 06:00, 11:30 and 23:00 Vietnam time in UTC, the 23:00 slot on the same local date', () => {
		expect(iso(slotsOfDate('2024-12-10', times, 'Asia/Ho_Chi_Minh'))).toEqual(['2024-12-09T23:00:00.000Z', '2024-12-10T04:30:00.000Z', '2024-12-10T16:00:00.000Z']);
	});
	it('orders unsorted times and drops duplicates', () => {
		expect(iso(slotsOfDate('2024-12-10', ['23:00', '06:00', '06:00'], 'Asia/Ho_Chi_Minh'))).toEqual(['2024-12-09T23:00:00.000Z', '2024-12-10T16:00:00.000Z']);
	});
	it('follows daylight saving time in Europe/Berlin', () => {
		// Summer (UTC+2) and winter (UTC+1) the same wall time.
		expect(iso(slotsOfDate('2024-03-30', ['06:00'], 'Europe/Berlin'))).toEqual(['2024-03-30T05:00:00.000Z']);
		expect(iso(slotsOfDate('2024-03-31', ['06:00'], 'Europe/Berlin'))).toEqual(['2024-03-31T04:00:00.000Z']);
		expect(iso(slotsOfDate('2024-10-27', ['06:00'], 'Europe/Berlin'))).toEqual(['2024-10-27T05:00:00.000Z']);
	});
});

describe('slotsBetween', () => {
	it('starts at the campaign start and stops at 24:00 on the deadline', () => {
		const all = slotsBetween(null, new Date('2025-01-31T00:00:00Z'), unchanged, hcm);
		expect(all).toHaveLength(21 * 3);
		expect(all[0].toISOString()).toBe('2024-11-30T23:00:00.000Z'); // 06:00 on 01/12
		expect(all.at(-1)!.toISOString()).toBe('2024-12-21T16:00:00.000Z'); // 23:00 on 21/12
	});
	it('takes the slots after one instant up to and including another', () => {
		// An outage from 05:59 to 06:02 on 10/12 misses exactly the 06:00 slot.
		const missed = slotsBetween(new Date('2024-12-09T22:59:00Z'), new Date('2024-12-09T23:02:00Z'), unchanged, hcm);
		expect(iso(missed)).toEqual(['2024-12-09T23:00:00.000Z']);
		expect(slotsBetween(new Date('2024-12-09T23:00:00Z'), new Date('2024-12-09T23:00:00Z'), unchanged, hcm)).toEqual([]);
		expect(iso(slotsBetween(new Date('2024-12-09T22:59:59Z'), new Date('2024-12-09T23:00:00Z'), unchanged, hcm))).toEqual(['2024-12-09T23:00:00.000Z']);
	});
	it('crosses midnight: 23:00 and the next 06:00', () => {
		expect(iso(slotsBetween(new Date('2024-12-10T15:00:00Z'), new Date('2024-12-11T00:00:00Z'), unchanged, hcm))).toEqual(['2024-12-10T16:00:00.000Z', '2024-12-10T23:00:00.000Z']);
	});
	it('has none before the start', () => {
		expect(slotsBetween(null, new Date('2024-11-30T22:59:59Z'), unchanged, hcm)).toEqual([]);
	});
	it('is independent of the day-end hour: the 23:00 slot belongs to its own date', () => {
		const late = slotsBetween(new Date('2024-12-21T12:00:00Z'), new Date('2024-12-22T12:00:00Z'), unchanged, { ...hcm, dayEndHour: 22 });
		expect(iso(late)).toEqual(['2024-12-21T16:00:00.000Z']);
	});
	it('takes a 00:00 slot on the start date but not the one at 24:00 on the deadline', () => {
		const midnight = slotsBetween(null, new Date('2025-01-31T00:00:00Z'), [{ from: created, times: ['00:00'] }], hcm);
		expect(midnight[0].toISOString()).toBe('2024-11-30T17:00:00.000Z');
		expect(midnight.at(-1)!.toISOString()).toBe('2024-12-20T17:00:00.000Z');
	});
});

describe('the history of snapshot times (issue 21, item 8)', () => {
	// 09:24 added at 10:00 local on 10/12; 11:30 removed at 10:00 local on 06/12 and put back at 12:00 on 08/12.
	const tenOn = (date: string) => new Date(`${date}T03:00:00Z`);
	const added: SnapshotTimesPeriod[] = [
		{ from: created, times },
		{ from: tenOn('2024-12-10'), times: ['06:00', '09:24', '11:30', '23:00'] }
	];
	const removed: SnapshotTimesPeriod[] = [
		{ from: created, times },
		{ from: tenOn('2024-12-06'), times: ['06:00', '23:00'] },
		{ from: new Date('2024-12-08T05:00:00Z'), times }
	];
	const localTimes = (slots: Date[], date: string) =>
		slots
			.filter((s) => s.toLocaleDateString('sv-SE', { timeZone: hcm.timeZone }) === date)
			.map((s) => s.toLocaleTimeString('vi-VN', { timeZone: hcm.timeZone, hour: '2-digit', minute: '2-digit', hour12: false }));

	it("holds no times before the first period, and the latest period's from its instant on", () => {
		expect(timesInForce(added, new Date('2024-11-30T00:59:59Z'))).toEqual([]);
		expect(timesInForce(added, created)).toEqual(times);
		expect(timesInForce(added, new Date('2024-12-10T02:59:59Z'))).toEqual(times);
		expect(timesInForce(added, tenOn('2024-12-10'))).toContain('09:24');
		expect(timesInForce([...added].reverse(), new Date('2025-01-01T00:00:00Z'))).toContain('09:24'); // order of rows does not matter
		expect(timesInForce([], new Date())).toEqual([]);
	});

	it('schedules a time added at 10:00 from the next day, never on the days before', () => {
		expect(localTimes(scheduledSlotsOfDate('2024-12-10', added, hcm.timeZone), '2024-12-10')).toEqual(['06:00', '11:30', '23:00']);
		expect(localTimes(scheduledSlotsOfDate('2024-12-11', added, hcm.timeZone), '2024-12-11')).toEqual(['06:00', '09:24', '11:30', '23:00']);
		const all = slotsBetween(null, new Date('2024-12-11T03:00:00Z'), added, hcm);
		expect(iso(all).filter((s) => s.endsWith('T02:24:00.000Z'))).toEqual(['2024-12-11T02:24:00.000Z']);
		expect(all).toHaveLength(10 * 3 + 2); // 01/12–10/12 three a day; 06:00 and 09:24 on 11/12
	});

	it('schedules a time added before its hour on that same day', () => {
		const early: SnapshotTimesPeriod[] = [
			{ from: created, times },
			{ from: new Date('2024-12-10T02:00:00Z'), times: [...times, '09:24'] }
		];
		expect(localTimes(scheduledSlotsOfDate('2024-12-10', early, hcm.timeZone), '2024-12-10')).toEqual(['06:00', '09:24', '11:30', '23:00']);
	});

	it('keeps the slots a removed time scheduled before its removal, and none after until it is put back', () => {
		const slots = slotsBetween(null, new Date('2024-12-10T00:00:00Z'), removed, hcm);
		expect(localTimes(slots, '2024-12-05')).toEqual(['06:00', '11:30', '23:00']);
		expect(localTimes(slots, '2024-12-06')).toEqual(['06:00', '23:00']);
		expect(localTimes(slots, '2024-12-07')).toEqual(['06:00', '23:00']);
		expect(localTimes(slots, '2024-12-08')).toEqual(['06:00', '23:00']); // back at 12:00, after that day's 11:30
		expect(localTimes(slots, '2024-12-09')).toEqual(['06:00', '11:30', '23:00']);
	});

	it('never names as the last slot a time added after its hour that day', () => {
		expect(lastSlotAtOrBefore(new Date('2024-12-10T03:30:00Z'), added, hcm.timeZone)?.toISOString()).toBe('2024-12-09T23:00:00.000Z'); // 06:00, not 09:24
		expect(lastSlotAtOrBefore(new Date('2024-12-11T03:30:00Z'), added, hcm.timeZone)?.toISOString()).toBe('2024-12-11T02:24:00.000Z');
	});

	it('has no slot before the campaign was created', () => {
		const late: SnapshotTimesPeriod[] = [{ from: new Date('2024-12-02T03:00:00Z'), times }];
		expect(iso(slotsBetween(null, new Date('2024-12-02T23:00:00Z'), late, hcm))).toEqual(['2024-12-02T04:30:00.000Z', '2024-12-02T16:00:00.000Z', '2024-12-02T23:00:00.000Z']);
	});
});

describe('cron and lateness', () => {
	it('writes a daily cron expression for a time of day', () => {
		expect(cronOfTime('06:00')).toBe('0 6 * * *');
		expect(cronOfTime('23:05')).toBe('5 23 * * *');
	});
	it('marks a snapshot late more than a minute after its slot', () => {
		const slot = new Date('2024-12-09T23:00:00Z');
		expect(isLate(slot, new Date('2024-12-09T23:00:59Z'))).toBe(false);
		expect(isLate(slot, new Date('2024-12-09T23:02:00Z'))).toBe(true);
	});
});
