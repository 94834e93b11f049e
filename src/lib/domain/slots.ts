/**
 * Snapshot slots (DESIGN §4, issue 6): the instants at which a campaign's figures are
 * taken, at its local snapshot times on every date of its window. Pure.
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

/** The latest slot at or before `now` among the daily snapshot times, in the campaign's zone. */
export function lastSlotAtOrBefore(now: Date, times: string[], timeZone: string): Date | null {
	const today = localDateOf(now, timeZone);
	const slots = [...slotsOfDate(addDays(today, -1), times, timeZone), ...slotsOfDate(today, times, timeZone)];
	return slots.filter((s) => s <= now).at(-1) ?? null;
}

/**
 * The campaign's slots in (after, until], within its window (00:00 local on the start date
 * to 24:00 local on the deadline), oldest first.
 */
export function slotsBetween(after: Date | null, until: Date, times: string[], calendar: CampaignCalendar): Date[] {
	const windowStart = campaignStartInstant(calendar);
	const windowEnd = endOfDay(calendar.deadline, calendar);
	const from = after && after > windowStart ? after : null;
	const first = localDateOf(from ?? windowStart, calendar.timeZone);
	const last = localDateOf(until < windowEnd ? until : windowEnd, calendar.timeZone);
	const slots: Date[] = [];
	for (let date = first; date <= last; date = addDays(date, 1)) {
		for (const slot of slotsOfDate(date, times, calendar.timeZone)) {
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
