import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fileStamp, isValidLocalDate, isValidTimeOfDay, isValidTimeZone, localDateOf, weekdayOf, zonedInstant, zoneOffsetMinutes } from './time';

const VN = 'Asia/Ho_Chi_Minh';
const BERLIN = 'Europe/Berlin';

describe('local dates in a time zone', () => {
	it('maps UTC instants to Vietnamese dates at local midnight', () => {
		expect(localDateOf(new Date('2024-12-09T16:59:59Z'), VN)).toBe('2024-12-09');
		expect(localDateOf(new Date('2024-12-09T17:00:00Z'), VN)).toBe('2024-12-10');
	});

	it('finds the instant of a local wall time', () => {
		expect(zonedInstant('2024-12-10', '11:30', VN).toISOString()).toBe('2024-12-10T04:30:00.000Z');
		expect(zonedInstant('2024-12-10', '00:00', VN).toISOString()).toBe('2024-12-09T17:00:00.000Z');
		expect(zoneOffsetMinutes(new Date('2024-12-10T00:00:00Z'), VN)).toBe(420);
	});

	it('is correct across daylight saving changes (Europe/Berlin)', () => {
		// Spring forward on 31/03/2024 at 02:00 local: 01:00 is CET, 03:00 is CEST.
		expect(zonedInstant('2024-03-31', '01:00', BERLIN).toISOString()).toBe('2024-03-31T00:00:00.000Z');
		expect(zonedInstant('2024-03-31', '03:00', BERLIN).toISOString()).toBe('2024-03-31T01:00:00.000Z');
		// 02:30 does not exist that night: the instant after the gap.
		expect(zonedInstant('2024-03-31', '02:30', BERLIN).toISOString()).toBe('2024-03-31T01:30:00.000Z');
		// Fall back on 27/10/2024: 02:30 happens twice; the first is taken.
		expect(zonedInstant('2024-10-27', '02:30', BERLIN).toISOString()).toBe('2024-10-27T00:30:00.000Z');
		// Midnight on either side of the change.
		expect(zonedInstant('2024-03-31', '00:00', BERLIN).toISOString()).toBe('2024-03-30T23:00:00.000Z');
		expect(zonedInstant('2024-04-01', '00:00', BERLIN).toISOString()).toBe('2024-03-31T22:00:00.000Z');
		expect(localDateOf(new Date('2024-03-31T22:30:00Z'), BERLIN)).toBe('2024-04-01');
		expect(localDateOf(new Date('2024-03-30T22:30:00Z'), BERLIN)).toBe('2024-03-30');
	});

	it('gives the same local date as Intl for every minute around both changes (the offset cache)', () => {
		const intlDate = new Intl.DateTimeFormat('en-CA', { timeZone: BERLIN, year: 'numeric', month: '2-digit', day: '2-digit' });
		for (const day of ['2024-03-30T00:00:00Z', '2024-10-26T00:00:00Z', '2024-10-27T00:00:00Z']) {
			for (let minute = 0; minute < 3 * 24 * 60; minute += 7) {
				const instant = new Date(Date.parse(day) + minute * 60_000);
				expect(localDateOf(instant, BERLIN)).toBe(intlDate.format(instant));
			}
		}
	});

	it('does calendar arithmetic on local dates', () => {
		expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
		expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
		expect(daysBetween('2024-12-01', '2024-12-21')).toBe(20);
		expect(weekdayOf('2024-12-01')).toBe(0); // a Sunday
	});

	it('validates dates, times and zones', () => {
		expect(isValidLocalDate('2024-02-29')).toBe(true);
		expect(isValidLocalDate('2023-02-29')).toBe(false);
		expect(isValidLocalDate('21/12/2024')).toBe(false);
		expect(isValidTimeOfDay('06:00')).toBe(true);
		expect(isValidTimeOfDay('6:00')).toBe(false);
		expect(isValidTimeOfDay('24:00')).toBe(false);
		expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
		expect(isValidTimeZone('Asia/Hanoi_Nowhere')).toBe(false);
	});
});

describe('file stamps', () => {
	it('names a file by the local time of its instant, never UTC', () => {
		expect(fileStamp('2026-12-05T23:00:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('2026-12-06-0600');
		expect(fileStamp(new Date('2024-12-10T04:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2024-12-10-1130');
		expect(fileStamp('2024-12-10T16:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('2024-12-10-2300');
	});
});
