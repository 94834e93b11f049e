/**
 * Snapshot slots (DESIGN §4, issue 6): the instants at which a campaign's figures are
 * taken, at its local snapshot times on every date of its window. A slot exists only if
 * its time was in force at its instant (issue 21, item 8): adding a time never back-dates
 * slots, and removing one keeps the slots it scheduled before. Pure.
 */
import { campaignStartInstant, endOfDay, type CampaignCalendar } from './calendar';
import { addDays, localDateOf, zonedInstant, type LocalDate } from './time';

/** A snapshot started more than this long after its slot is marked late. */
export const LATE_AFTER_MS = 60_000;

/** The slots of one local date, in time order. */
export function slotsOfDate(date: LocalDate, times: string[], timeZone: string): Date[] {
	const unique = [...new Set(times.map((t) => zonedInstant(date, t, timeZone).getTime()))];
	return unique.sort((a, b) => a - b).map((t) => new Date(t));
}

/** The snapshot times in force from `from` until the next period of the history starts. */
export interface SnapshotTimesPeriod {
	from: Date;
	times: string[];
}

/** The times in force at an instant: those of the latest period started at or before it. */
export function timesInForce(history: SnapshotTimesPeriod[], at: Date): string[] {
	let current: SnapshotTimesPeriod | null = null;
	for (const period of history) if (period.from <= at && (!current || period.from >= current.from)) current = period;
	return current?.times ?? [];
}

/** The slots of one local date that were scheduled: each time only at an instant it was in force. */
export function scheduledSlotsOfDate(date: LocalDate, history: SnapshotTimesPeriod[], timeZone: string): Date[] {
	const everTimes = new Set(history.flatMap((p) => p.times));
	const scheduled = [...everTimes].filter((time) => timesInForce(history, zonedInstant(date, time, timeZone)).includes(time));
	return slotsOfDate(date, scheduled, timeZone);
}

/** The latest scheduled slot at or before `now` (today's or yesterday's), in the campaign's zone. */
export function lastSlotAtOrBefore(now: Date, history: SnapshotTimesPeriod[], timeZone: string): Date | null {
	const today = localDateOf(now, timeZone);
	const slots = [...scheduledSlotsOfDate(addDays(today, -1), history, timeZone), ...scheduledSlotsOfDate(today, history, timeZone)];
	return slots.filter((s) => s <= now).at(-1) ?? null;
}

/**
 * The campaign's scheduled slots in (after, until], within its window (00:00 local on the
 * start date to 24:00 local on the deadline), oldest first.
 */
export function slotsBetween(after: Date | null, until: Date, history: SnapshotTimesPeriod[], calendar: CampaignCalendar): Date[] {
	const windowStart = campaignStartInstant(calendar);
	const windowEnd = endOfDay(calendar.deadline, calendar);
	const from = after && after > windowStart ? after : null;
	const first = localDateOf(from ?? windowStart, calendar.timeZone);
	const last = localDateOf(until < windowEnd ? until : windowEnd, calendar.timeZone);
	const slots: Date[] = [];
	for (let date = first; date <= last; date = addDays(date, 1)) {
		for (const slot of scheduledSlotsOfDate(date, history, calendar.timeZone)) {
			if (slot < windowStart || slot >= windowEnd || slot > until) continue;
			if (from && slot <= from) continue;
			slots.push(slot);
		}
	}
	return slots;
}

/** The cron expressions (minute hour) of the snapshot times, for a scheduler in the campaign's zone. */
export function cronOfTime(time: string): string {
	const [hh, mm] = time.split(':').map(Number);
	return `${mm} ${hh} * * *`;
}

export function isLate(slot: Date, startedAt: Date): boolean {
	return startedAt.getTime() - slot.getTime() > LATE_AFTER_MS;
}
