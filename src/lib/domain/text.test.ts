import { describe, expect, it } from 'vitest';
import { searchKey } from './text';

describe('searchKey', () => {
	it('finds a name typed without diacritics, case or extra spaces', () => {
		expect(searchKey('Xã  Đông Hưng Hà')).toBe('xa dong hung ha');
		expect(searchKey('Phường Thái Bình').includes(searchKey('thai binh'))).toBe(true);
		expect(searchKey('Đặc khu Bạch Long Vĩ')).toBe('dac khu bach long vi');
	});
});
