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
