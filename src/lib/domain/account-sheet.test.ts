import { describe, expect, it } from 'vitest';
import { readAccountSheet, readRole } from './account-sheet';
import type { SheetRow } from './count-sheet';

const rows = (...lines: (string | number | null)[][]): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('readAccountSheet', () => {
	it('reads English headers in any order, with roles as codes', () => {
		const read = readAccountSheet(rows(['email', 'username', 'fullName', 'role', 'unit'], ['a@x.vn', 'CanBo.1', 'Nguyễn  Văn A', 'clerk', '12345']));
		expect(read.problems).toEqual([]);
		expect(read.accounts).toEqual([{ row: 2, username: 'canbo.1', displayName: 'Nguyễn Văn A', role: 'clerk', unitCode: '12345', email: 'a@x.vn' }]);
	});

	it('reads Vietnamese headers and role names, below a title, and pads codes Excel turned into numbers', () => {
		const read = readAccountSheet(
			rows(
				['Danh sách tài khoản'],
				[],
				['Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Mã đơn vị', 'Email'],
				['canbo.4', 'Trần B', 'Cán bộ xã', 4, null],
				['lanhdao', 'Lê C', 'lãnh đạo', 1, ''],
				['cum1', 'Phạm D', 'Cấp huyện/cụm', 'C01', null]
			)
		);
		expect(read.problems).toEqual([]);
		expect(read.accounts.map((a) => [a.row, a.role, a.unitCode])).toEqual([
			[4, 'clerk', '00004'],
			[5, 'leader', '01'],
			[6, 'district', 'C01']
		]);
	});

	it('names every row error with its row and column, and keeps only the good rows', () => {
		const read = readAccountSheet(
			rows(
				['username', 'fullName', 'role', 'unit', 'email'],
				['ok.1', 'A', 'clerk', '12345', ''],
				['Có Dấu', 'B', 'clerk', '12345', ''],
				['ok.1', 'C', 'clerk', '12345', ''],
				['ok.2', 'D', 'trưởng thôn', '12345', ''],
				['ok.3', 'E', 'clerk', '', 'không-phải-email']
			)
		);
		expect(read.accounts.map((a) => a.username)).toEqual(['ok.1']);
		expect(read.problems.map((p) => [p.row, p.column])).toEqual([
			[3, 'A (username)'],
			[4, 'A (username)'],
			[5, 'C (role)'],
			[6, 'D (unit)'],
			[6, 'E (email)']
		]);
		expect(read.problems[1].message).toBe('tên đăng nhập ok.1 trùng với dòng 2.');
		expect(read.problems[2].message).toContain('vai trò «trưởng thôn» không hợp lệ');
	});

	it('refuses a file without the needed columns', () => {
		expect(readAccountSheet(rows(['username', 'email'], ['a.b.c', ''])).problems.map((p) => p.message)).toEqual(['thiếu cột «Vai trò».', 'thiếu cột «Mã đơn vị».']);
		expect(readAccountSheet(rows(['x', 'y'])).problems[0].message).toContain('không tìm thấy dòng tiêu đề');
	});
});

describe('readRole', () => {
	it('takes codes and Vietnamese names, with or without diacritics', () => {
		expect(['admin', 'Quản trị', 'LÃNH ĐẠO', 'cap huyen / cum', 'Cán bộ xã', 'district'].map(readRole)).toEqual(['admin', 'admin', 'leader', 'district', 'clerk', 'district']);
		expect(readRole('giám đốc')).toBeNull();
	});
});
