/** vi-VN formatting of everything a user reads (DESIGN §6). */

import { zoneFormatter } from './time';

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
	let hour = '',
		minute = '',
		day = '',
		month = '',
		year = '';
	for (const p of zoneFormatter('minutes', timeZone).formatToParts(d)) {
		if (p.type === 'hour') hour = p.value;
		else if (p.type === 'minute') minute = p.value;
		else if (p.type === 'day') day = p.value;
		else if (p.type === 'month') month = p.value;
		else if (p.type === 'year') year = p.value;
	}
	return `${hour}:${minute} ${day}/${month}/${year}`;
}
