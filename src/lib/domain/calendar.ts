/**
 * Counting days and days left (DESIGN §4): a campaign runs from 00:00 local on its start
 * date to 24:00 local on its deadline; an instant at or after the day-end hour counts
 * from the next day.
 */
import { addDays, localDateOf, localParts, zonedInstant, type LocalDate, weekdayOf } from './time';

export interface CampaignCalendar {
	timeZone: string;
	start: LocalDate;
	deadline: LocalDate;
	dayEndHour: number; // 0..24; 24 means the day never ends early
	excludedWeekdays: number[]; // 0 = Sunday
	holidays: LocalDate[];
}

export function isCountingDay(date: LocalDate, cal: CampaignCalendar): boolean {
	return !cal.excludedWeekdays.includes(weekdayOf(date)) && !cal.holidays.includes(date);
}

/** Counting days in [from, to], both inclusive; 0 when from > to. */
export function countingDays(from: LocalDate, to: LocalDate, cal: CampaignCalendar): number {
	let n = 0;
	for (let d = from; d <= to; d = addDays(d, 1)) if (isCountingDay(d, cal)) n++;
	return n;
}

/** The first day still open for work at t: t's local date, or the next one after the day-end hour. */
export function workingDate(t: Date, cal: CampaignCalendar): LocalDate {
	const date = localDateOf(t, cal.timeZone);
	return localParts(t, cal.timeZone).hour >= cal.dayEndHour ? addDays(date, 1) : date;
}

/** Counting days left at t up to a deadline (inclusive), never counting days before the start. */
export function daysLeft(t: Date, deadline: LocalDate, cal: CampaignCalendar): number {
	const from = workingDate(t, cal);
	return countingDays(from < cal.start ? cal.start : from, deadline, cal);
}

/** 00:00 local on the start date. */
export function campaignStartInstant(cal: CampaignCalendar): Date {
	return zonedInstant(cal.start, '00:00', cal.timeZone);
}

/** 24:00 local on a date, i.e. 00:00 of the next day. */
export function endOfDay(date: LocalDate, cal: CampaignCalendar): Date {
	return zonedInstant(addDays(date, 1), '00:00', cal.timeZone);
}
