import { describe, expect, it } from 'vitest';
import { nameKey, searchKey } from './text';

describe('searchKey', () => {
	it('finds a name typed without diacritics, case or extra spaces', () => {
		expect(searchKey('Xã  Đông Hưng Hà')).toBe('xa dong hung ha');
		expect(searchKey('Phường Thái Bình').includes(searchKey('thai binh'))).toBe(true);
		expect(searchKey('Đặc khu Bạch Long Vĩ')).toBe('dac khu bach long vi');
	});
});

describe('nameKey', () => {
	it('matches old and new tone-mark placements of one name', () => {
		expect(nameKey('Phường Yên Hòa')).toBe(nameKey('Phường Yên Hoà'));
		expect(nameKey('Huyện Thái Thụy')).toBe(nameKey('Huyện Thái Thuỵ'));
		expect(nameKey('Xã Thủy Xuân')).toBe(nameKey('Xã Thuỷ Xuân'));
		expect(nameKey('Xã Hòe Nhai')).toBe(nameKey('Xã Hoè Nhai'));
		expect(nameKey('Xã Hoà')).toBe('xã hoà');
		expect(nameKey('Thụy')).toBe('thuỵ');
	});

	it('matches a decomposed (NFD) name, another case and extra spaces', () => {
		expect(nameKey('Quỳnh Phụ'.normalize('NFD'))).toBe(nameKey('quỳnh  phụ'));
		expect(nameKey(' XÃ  ĐÔNG   HƯNG ')).toBe('xã đông hưng');
	});

	it('keeps the tone where both rules agree', () => {
		for (const word of ['quốc', 'giữa', 'người', 'mùa', 'hài', 'khoảng', 'thuyền', 'ngoài', 'quý', 'gìn', 'hoàng', 'tuấn', 'khuya', 'nguyễn']) expect(nameKey(word)).toBe(word);
	});

	it('does not make different names match', () => {
		expect(nameKey('Xã Hòa')).not.toBe(nameKey('Xã Hỏa'));
		expect(nameKey('Xã Thụy')).not.toBe(nameKey('Xã Thuy'));
	});
});
