/**
 * Zone-correct calendar arithmetic (DESIGN §4): instants are UTC `Date`s, dates are
 * local `YYYY-MM-DD` strings in a campaign's IANA time zone.
 */

export type LocalDate = string; // YYYY-MM-DD

/** The patterns the app formats instants with; each gets one formatter per zone. */
const DATE_TIME_PATTERNS = {
	/** Every numeric field, for arithmetic on local parts. */
	parts: { locale: 'en-US', options: { second: '2-digit' } },
	/** Minutes, for what a user reads (formatDateTime). */
	minutes: { locale: 'en-GB', options: {} }
} satisfies Record<string, { locale: string; options: Intl.DateTimeFormatOptions }>;

export type DateTimePattern = keyof typeof DATE_TIME_PATTERNS;

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One `Intl.DateTimeFormat` per pattern and zone, built on first use: building one costs
 * far more than formatting with it, and a page formats hundreds of instants.
 */
export function zoneFormatter(pattern: DateTimePattern, timeZone: string): Intl.DateTimeFormat {
	const key = `${pattern}|${timeZone}`;
	let f = zoneFormatters.get(key);
	if (!f) {
		const { locale, options } = DATE_TIME_PATTERNS[pattern];
		f = new Intl.DateTimeFormat(locale, {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			...options
		});
		zoneFormatters.set(key, f);
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
	for (const p of zoneFormatter('parts', timeZone).formatToParts(instant)) {
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

/**
 * `compute`, remembered by key: figures for a whole campaign ask for the same few zone
 * offsets, dates and instants tens of thousands of times. Forgets everything once it holds
 * `limit` entries, so that a long-running server does not grow it without end.
 */
function memo<K, V>(compute: (key: K) => V, limit: number): (key: K) => V {
	const known = new Map<K, V>();
	return (key) => {
		let value = known.get(key);
		if (value === undefined) {
			if (known.size >= limit) known.clear();
			value = compute(key);
			known.set(key, value);
		}
		return value;
	};
}

const QUARTER_HOUR = 900_000;
const DAY_MS = 86_400_000;
const QUARTERS_PER_DAY = DAY_MS / QUARTER_HOUR;

/** Zone offsets by zone and quarter hour: one Intl call each instead of one per row. */
const offsetsByZone = new Map<string, (quarter: number) => number>();

function offsetAtQuarterHour(quarter: number, timeZone: string): number {
	let offsets = offsetsByZone.get(timeZone);
	if (!offsets) {
		offsets = memo((q: number) => zoneOffsetMinutes(new Date(q * QUARTER_HOUR), timeZone), 50_000);
		offsetsByZone.set(timeZone, offsets);
	}
	return offsets(quarter);
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
const formattedDay = memo((localDay: number) => {
	const local = new Date(localDay * DAY_MS);
	return formatLocalDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}, 50_000);

export function localDateOf(instant: Date, timeZone: string): LocalDate {
	return formattedDay(Math.floor((instant.getTime() + cachedOffsetMinutes(instant, timeZone) * 60_000) / DAY_MS));
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

/** zonedInstant's results by date, time and zone: each campaign evaluation asks for the same few. */
const zonedInstantMs = memo((key: string) => {
	const [wall, timeZone] = key.split('|');
	const [date, time] = wall.split('T');
	return searchZonedInstant(date, time, timeZone);
}, 10_000);

/**
 * The UTC instant of a local wall-clock time on a local date. For a wall time that does
 * not exist (skipped by a DST jump) the instant after the gap is returned; for one that
 * occurs twice, the first.
 */
export function zonedInstant(date: LocalDate, time: string, timeZone: string): Date {
	return new Date(zonedInstantMs(`${date}T${time}|${timeZone}`));
}

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

/** An instant as a file name's stamp in the zone, e.g. "2026-12-06-0600" (DESIGN §6: local time everywhere). */
export function fileStamp(instant: Date | string, timeZone: string): string {
	const p = localParts(typeof instant === 'string' ? new Date(instant) : instant, timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${formatLocalDate(p.year, p.month, p.day)}-${pad(p.hour)}${pad(p.minute)}`;
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 instant that names its offset (or Z); null otherwise. */
export function parseInstant(value: unknown): Date | null {
	if (typeof value !== 'string' || !INSTANT_RE.test(value)) return null;
	const d = new Date(value);
	return Number.isNaN(d.getTime()) ? null : d;
}
