/**
 * Zone-correct calendar arithmetic (DESIGN §4): instants are UTC `Date`s, dates are
 * local `YYYY-MM-DD` strings in a campaign's IANA time zone.
 */

export type LocalDate = string; // YYYY-MM-DD

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
	let f = partsFormatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		partsFormatters.set(timeZone, f);
	}
	return f;
}

export interface LocalParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

export function isValidTimeZone(timeZone: string): boolean {
	if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

export function localParts(instant: Date, timeZone: string): LocalParts {
	const out: Record<string, number> = {};
	for (const p of partsFormatter(timeZone).formatToParts(instant)) {
		if (p.type !== 'literal') out[p.type] = Number(p.value);
	}
	return {
		year: out.year,
		month: out.month,
		day: out.day,
		hour: out.hour,
		minute: out.minute,
		second: out.second
	};
}

/** Offset of the zone from UTC at an instant, in minutes (e.g. +420 for Asia/Ho_Chi_Minh). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
	const p = localParts(instant, timeZone);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** Zone offsets by zone and quarter hour: one Intl call each instead of one per row. */
const offsetCache = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 900_000;
const DAY_MS = 86_400_000;
const QUARTERS_PER_DAY = DAY_MS / QUARTER_HOUR;

function offsetAtQuarterHour(quarter: number, timeZone: string): number {
	let offsets = offsetCache.get(timeZone);
	if (!offsets || offsets.size > 50_000) {
		offsets = new Map();
		offsetCache.set(timeZone, offsets);
	}
	let offset = offsets.get(quarter);
	if (offset === undefined) {
		offset = zoneOffsetMinutes(new Date(quarter * QUARTER_HOUR), timeZone);
		offsets.set(quarter, offset);
	}
	return offset;
}

/**
 * The zone's offset at an instant, cached: when the offsets at the UTC midnights around
 * the instant agree, no transition falls in between and that offset holds; otherwise the
 * offset is looked up per quarter hour (zone transitions fall on quarter hours).
 */
function cachedOffsetMinutes(instant: Date, timeZone: string): number {
	const dayStart = Math.floor(instant.getTime() / DAY_MS) * QUARTERS_PER_DAY;
	const before = offsetAtQuarterHour(dayStart, timeZone);
	if (before === offsetAtQuarterHour(dayStart + QUARTERS_PER_DAY, timeZone)) return before;
	return offsetAtQuarterHour(Math.floor(instant.getTime() / QUARTER_HOUR), timeZone);
}

/** Formatted dates by day number since 1970, as many rows fall on the same few days. */
const formattedDays = new Map<number, LocalDate>();

export function localDateOf(instant: Date, timeZone: string): LocalDate {
	const localDay = Math.floor((instant.getTime() + cachedOffsetMinutes(instant, timeZone) * 60_000) / DAY_MS);
	let date = formattedDays.get(localDay);
	if (date === undefined) {
		const local = new Date(localDay * DAY_MS);
		date = formatLocalDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
		if (formattedDays.size > 50_000) formattedDays.clear();
		formattedDays.set(localDay, date);
	}
	return date;
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidLocalDate(value: unknown): value is LocalDate {
	if (typeof value !== 'string') return false;
	const m = DATE_RE.exec(value);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function dateToUtcMidnight(date: LocalDate): number {
	const m = DATE_RE.exec(date);
	if (!m) throw new Error(`not a date: ${date}`);
	return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

export function addDays(date: LocalDate, days: number): LocalDate {
	const d = new Date(dateToUtcMidnight(date) + days * 86_400_000);
	return formatLocalDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
	return Math.round((dateToUtcMidnight(b) - dateToUtcMidnight(a)) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
	return new Date(dateToUtcMidnight(date)).getUTCDay();
}

/**
 * The UTC instant of a local wall-clock time on a local date. For a wall time that does
 * not exist (skipped by a DST jump) the instant after the gap is returned; for one that
 * occurs twice, the first.
 */
export function zonedInstant(date: LocalDate, time: string, timeZone: string): Date {
	const key = `${date}T${time}|${timeZone}`;
	let ms = zonedInstants.get(key);
	if (ms === undefined) {
		ms = searchZonedInstant(date, time, timeZone);
		if (zonedInstants.size > 10_000) zonedInstants.clear();
		zonedInstants.set(key, ms);
	}
	return new Date(ms);
}

/** zonedInstant's results: each campaign evaluation asks for the same few. */
const zonedInstants = new Map<string, number>();

function searchZonedInstant(date: LocalDate, time: string, timeZone: string): number {
	const [hh, mm] = time.split(':').map(Number);
	const wallAsUtc = dateToUtcMidnight(date) + (hh * 60 + mm) * 60_000;
	const offsetBefore = zoneOffsetMinutes(new Date(wallAsUtc - 43_200_000), timeZone);
	const offsetAfter = zoneOffsetMinutes(new Date(wallAsUtc + 43_200_000), timeZone);
	const matching = [wallAsUtc - offsetBefore * 60_000, wallAsUtc - offsetAfter * 60_000]
		.filter((t) => {
			const p = localParts(new Date(t), timeZone);
			return localDateOf(new Date(t), timeZone) === date && p.hour === hh && p.minute === mm;
		})
		.sort((a, b) => a - b);
	return matching[0] ?? wallAsUtc - offsetBefore * 60_000;
}

/** Start of a local date (00:00 local) as an instant. */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
	return zonedInstant(date, '00:00', timeZone);
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeOfDay(value: unknown): value is string {
	return typeof value === 'string' && TIME_RE.test(value);
}

/** An instant as ISO 8601 with the zone's offset, e.g. "2024-12-10T11:30:00+07:00". */
export function isoWithOffset(instant: Date, timeZone: string): string {
	const p = localParts(instant, timeZone);
	const offset = zoneOffsetMinutes(instant, timeZone);
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${formatLocalDate(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 instant that names its offset (or Z); null otherwise. */
export function parseInstant(value: unknown): Date | null {
	if (typeof value !== 'string' || !INSTANT_RE.test(value)) return null;
	const d = new Date(value);
	return Number.isNaN(d.getTime()) ? null : d;
}
