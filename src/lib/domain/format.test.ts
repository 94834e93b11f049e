import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime, formatPct } from './format';

describe('vi-VN formats', () => {
	it('groups thousands with dots', () => {
		expect(formatCount(1238077)).toBe('1.238.077');
		expect(formatCount(0)).toBe('0');
	});

	it('writes percentages with a decimal comma', () => {
		expect(formatPct(0.547)).toBe('54,7%');
		expect(formatPct(1)).toBe('100,0%');
		expect(formatPct(0)).toBe('0,0%');
	});

	it('never shows an unfinished unit as 100%', () => {
		expect(formatPct(0.99999)).toBe('99,9%');
	});

	it('writes dates day first and times on a 24-hour clock in the campaign zone', () => {
		expect(formatDate('2024-12-21')).toBe('21/12/2024');
		expect(formatDateTime('2024-12-21T16:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('23:00 21/12/2024');
	});
});

describe('formatDateTime with one formatter per zone', () => {
	/** The formatting as it was before formatters were shared, with the test's own formatter per zone. */
	const reference = new Map<string, Intl.DateTimeFormat>();
	function freshFormat(instant: Date, timeZone: string): string {
		let format = reference.get(timeZone);
		if (!format)
			reference.set(
				timeZone,
				(format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }))
			);
		const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
		return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
	}

	it('writes exactly what a new formatter per call wrote, across zones, midnights and DST changes', () => {
		const zones = ['Asia/Ho_Chi_Minh', 'UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
		let compared = 0;
		const differences: string[] = [];
		// Every 401 minutes through 2024 and 2025 (every hour of day and every DST change of these zones), in turn per zone.
		for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += 401 * 60_000) {
			for (const zone of zones) {
				const instant = new Date(t);
				const expected = freshFormat(instant, zone);
				for (const written of [formatDateTime(instant, zone), formatDateTime(instant.toISOString(), zone)]) {
					if (written !== expected) differences.push(`${instant.toISOString()} ${zone}: ${written} ≠ ${expected}`);
				}
				compared++;
			}
		}
		expect(differences).toEqual([]);
		expect(compared).toBe(Math.ceil((Date.UTC(2026, 0, 1) - Date.UTC(2024, 0, 1)) / (401 * 60_000)) * zones.length);
	});

	it('keeps zones apart when they alternate', () => {
		const at = '2024-12-21T16:00:00Z';
		expect(formatDateTime(at, 'Asia/Ho_Chi_Minh')).toBe('23:00 21/12/2024');
		expect(formatDateTime(at, 'UTC')).toBe('16:00 21/12/2024');
		expect(formatDateTime(at, 'Asia/Ho_Chi_Minh')).toBe('23:00 21/12/2024');
		expect(formatDateTime(at, 'Pacific/Kiritimati')).toBe('06:00 22/12/2024');
	});
});
