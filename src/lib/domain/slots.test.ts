import { describe, expect, it } from 'vitest';
import type { CampaignCalendar } from './calendar';
import { cronOfTime, isLate, lastSlotAtOrBefore, slotsBetween, slotsOfDate } from './slots';

const times = ['06:00', '11:30', '23:00'];
const hcm: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('lastSlotAtOrBefore', () => {
	it('finds the latest slot in the zone, across midnight', () => {
		expect(lastSlotAtOrBefore(new Date('2024-12-10T04:30:00Z'), times, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2024-12-10T04:30:00.000Z');
		expect(lastSlotAtOrBefore(new Date('2024-12-10T04:29:59Z'), times, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2024-12-09T23:00:00.000Z');
		expect(lastSlotAtOrBefore(new Date('2024-12-09T22:00:00Z'), times, 'Asia/Ho_Chi_Minh')?.toISOString()).toBe('2024-12-09T16:00:00.000Z');
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
		const all = slotsBetween(null, new Date('2025-01-31T00:00:00Z'), times, hcm);
		expect(all).toHaveLength(21 * 3);
		expect(all[0].toISOString()).toBe('2024-11-30T23:00:00.000Z'); // 06:00 on 01/12
		expect(all.at(-1)!.toISOString()).toBe('2024-12-21T16:00:00.000Z'); // 23:00 on 21/12
	});
	it('takes the slots after one instant up to and including another', () => {
		// An outage from 05:59 to 06:02 on 10/12 misses exactly the 06:00 slot.
		const missed = slotsBetween(new Date('2024-12-09T22:59:00Z'), new Date('2024-12-09T23:02:00Z'), times, hcm);
		expect(iso(missed)).toEqual(['2024-12-09T23:00:00.000Z']);
		expect(slotsBetween(new Date('2024-12-09T23:00:00Z'), new Date('2024-12-09T23:00:00Z'), times, hcm)).toEqual([]);
		expect(iso(slotsBetween(new Date('2024-12-09T22:59:59Z'), new Date('2024-12-09T23:00:00Z'), times, hcm))).toEqual(['2024-12-09T23:00:00.000Z']);
	});
	it('crosses midnight: 23:00 and the next 06:00', () => {
		expect(iso(slotsBetween(new Date('2024-12-10T15:00:00Z'), new Date('2024-12-11T00:00:00Z'), times, hcm))).toEqual(['2024-12-10T16:00:00.000Z', '2024-12-10T23:00:00.000Z']);
	});
	it('has none before the start', () => {
		expect(slotsBetween(null, new Date('2024-11-30T22:59:59Z'), times, hcm)).toEqual([]);
	});
	it('is independent of the day-end hour: the 23:00 slot belongs to its own date', () => {
		const late = slotsBetween(new Date('2024-12-21T12:00:00Z'), new Date('2024-12-22T12:00:00Z'), times, { ...hcm, dayEndHour: 22 });
		expect(iso(late)).toEqual(['2024-12-21T16:00:00.000Z']);
	});
	it('takes a 00:00 slot on the start date but not the one at 24:00 on the deadline', () => {
		const midnight = slotsBetween(null, new Date('2025-01-31T00:00:00Z'), ['00:00'], hcm);
		expect(midnight[0].toISOString()).toBe('2024-11-30T17:00:00.000Z');
		expect(midnight.at(-1)!.toISOString()).toBe('2024-12-20T17:00:00.000Z');
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
