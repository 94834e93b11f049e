import { describe, expect, it } from 'vitest';
import { quotaCell, quotaLabel } from './labels';

describe('the daily quota as users read it', () => {
	it('is the count, or «Quá hạn» when overdue', () => {
		expect(quotaLabel({ dailyQuota: 1234, status: 'behind' })).toBe('1.234');
		expect(quotaLabel({ dailyQuota: null, status: 'overdue' })).toBe('Quá hạn');
		expect(quotaLabel({ dailyQuota: 0 })).toBe('0');
	});
	it('reads the given word once nothing remains', () => {
		expect(quotaLabel({ dailyQuota: 0, status: 'done' }, 'Đã xong')).toBe('Đã xong');
		expect(quotaLabel({ dailyQuota: 0, status: 'done' }, '')).toBe('');
		expect(quotaLabel({ dailyQuota: 0, status: 'done' })).toBe('0');
	});
	it('stays a number in a spreadsheet', () => {
		expect(quotaCell(910)).toBe(910);
		expect(quotaCell(null)).toBe('Quá hạn');
	});
});
