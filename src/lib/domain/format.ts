/** vi-VN formatting of everything a user reads (DESIGN §6). */

const integerFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1238077 → "1.238.077". */
export function formatCount(value: number): string {
	return integerFormat.format(value);
}

/** 0.5473 → "54,7%". Never rounds an unfinished unit up to 100%. */
export function formatPct(fraction: number): string {
	let tenths = Math.round(fraction * 1000);
	if (tenths >= 1000 && fraction < 1) tenths = 999;
	return `${decimalFormat.format(tenths / 10)}%`;
}

/** "2024-12-21" → "21/12/2024". */
export function formatDate(date: string): string {
	const [y, m, d] = date.slice(0, 10).split('-');
	return `${d}/${m}/${y}`;
}

/** An instant as "HH:MM dd/mm/yyyy" in a time zone, 24-hour clock. */
export function formatDateTime(instant: Date | string, timeZone: string): string {
	const d = typeof instant === 'string' ? new Date(instant) : instant;
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit'
		})
			.formatToParts(d)
			.map((p) => [p.type, p.value])
	);
	return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}
