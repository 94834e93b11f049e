import { describe, expect, it } from 'vitest';
import { countingDays, daysLeft, workingDate, type CampaignCalendar } from './calendar';
import { zonedInstant } from './time';

const VN = 'Asia/Ho_Chi_Minh';
const cal: CampaignCalendar = { timeZone: VN, start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
const at = (date: string, time: string, zone = VN) => zonedInstant(date, time, zone);

describe('days left', () => {
	it('counts the local date itself and the deadline', () => {
		expect(daysLeft(at('2024-12-10', '11:30'), '2024-12-21', cal)).toBe(12);
		expect(daysLeft(at('2024-12-21', '08:00'), '2024-12-21', cal)).toBe(1); // the last day
	});

	it('moves to the next day at exactly the day-end hour, not a minute before', () => {
		expect(daysLeft(at('2024-12-10', '21:59'), '2024-12-21', cal)).toBe(12);
		expect(daysLeft(at('2024-12-10', '22:00'), '2024-12-21', cal)).toBe(11);
		expect(daysLeft(at('2024-12-10', '23:00'), '2024-12-21', cal)).toBe(11);
	});

	it('changes date at exactly local midnight', () => {
		expect(workingDate(new Date('2024-12-09T16:59:59.999Z'), { ...cal, dayEndHour: 24 })).toBe('2024-12-09');
		expect(workingDate(new Date('2024-12-09T17:00:00.000Z'), { ...cal, dayEndHour: 24 })).toBe('2024-12-10');
		expect(daysLeft(at('2024-12-10', '00:00'), '2024-12-21', cal)).toBe(12);
	});

	it('is 0 after the deadline, including after the day-end hour of the last day', () => {
		expect(daysLeft(at('2024-12-21', '22:00'), '2024-12-21', cal)).toBe(0);
		expect(daysLeft(at('2024-12-22', '00:00'), '2024-12-21', cal)).toBe(0);
		expect(daysLeft(at('2025-01-05', '09:00'), '2024-12-21', cal)).toBe(0);
	});

	it('counts from the start before the campaign begins', () => {
		expect(daysLeft(at('2024-11-25', '09:00'), '2024-12-21', cal)).toBe(21);
	});

	it('skips excluded weekdays and holidays', () => {
		const noSundays = { ...cal, excludedWeekdays: [0] };
		// 01/12/2024 is a Sunday; December 2024 has Sundays 1, 8, 15, 22, 29.
		expect(countingDays('2024-12-01', '2024-12-21', noSundays)).toBe(18);
		expect(daysLeft(at('2024-12-10', '11:30'), '2024-12-21', noSundays)).toBe(11); // 10..21 less Sunday 15
		const withHoliday = { ...noSundays, holidays: ['2024-12-19'] };
		expect(daysLeft(at('2024-12-10', '11:30'), '2024-12-21', withHoliday)).toBe(10);
		// On an excluded day itself, the remaining counting days are the later ones.
		expect(daysLeft(at('2024-12-15', '10:00'), '2024-12-21', noSundays)).toBe(6);
	});

	it('uses local dates in a zone with daylight saving (Europe/Berlin)', () => {
		const berlin: CampaignCalendar = { timeZone: 'Europe/Berlin', start: '2024-03-25', deadline: '2024-04-05', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
		// 31/03 has 23 hours; 21:59 CEST is 19:59 UTC, 22:00 CEST is 20:00 UTC.
		expect(daysLeft(new Date('2024-03-31T19:59:00Z'), '2024-04-05', berlin)).toBe(6);
		expect(daysLeft(new Date('2024-03-31T20:00:00Z'), '2024-04-05', berlin)).toBe(5);
		// 23:30 UTC on 30/03 is already 00:30 on 31/03 in Berlin (CET, +1).
		expect(workingDate(new Date('2024-03-30T23:30:00Z'), { ...berlin, dayEndHour: 24 })).toBe('2024-03-31');
		// 22:30 UTC on 31/03 is 00:30 on 01/04 (CEST, +2), not still 31/03.
		expect(workingDate(new Date('2024-03-31T22:30:00Z'), { ...berlin, dayEndHour: 24 })).toBe('2024-04-01');
		// Fall back: 27/10 has 25 hours; 22:00 CET is 21:00 UTC.
		const autumn = { ...berlin, start: '2024-10-20', deadline: '2024-10-31' };
		expect(daysLeft(new Date('2024-10-27T20:59:00Z'), '2024-10-31', autumn)).toBe(5);
		expect(daysLeft(new Date('2024-10-27T21:00:00Z'), '2024-10-31', autumn)).toBe(4);
	});
});
