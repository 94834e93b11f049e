import { describe, expect, it } from 'vitest';
import { checkGrouping, draftsFromAssignments, draftsFromJson, groupFileReader, groupInNation, groupUnitOf, scopedGroupCode, splitGroupCode, UNGROUPED } from './groups';

const communes = new Map([
	['00001', { id: 1, name: 'Xã Một' }],
	['00002', { id: 2, name: 'Phường Hai' }],
	['00003', { id: 3, name: 'Đặc khu Ba' }]
]);
const line = (commune: string, group: string, groupName?: string, row = 0) => ({ commune, group, groupName, where: { row } });

describe('checkGrouping', () => {
	it('refuses communes left out, naming them, unless kept in «Chưa xếp cụm»', () => {
		const { drafts } = draftsFromAssignments([line('00001', 'A', 'Cụm A')]);
		const refused = checkGrouping(drafts, communes, { keepUngrouped: false });
		expect(refused.groups).toEqual([]);
		expect(refused.problems.map((p) => p.message)).toEqual([expect.stringContaining('2 xã chưa thuộc cụm nào: Phường Hai (00002), Đặc khu Ba (00003).')]);
		const kept = checkGrouping(drafts, communes, { keepUngrouped: true });
		expect(kept.problems).toEqual([]);
		expect(kept.groups).toEqual([
			{ code: 'A', name: 'Cụm A', ungrouped: false, communeIds: [1] },
			{ code: UNGROUPED.code, name: UNGROUPED.name, ungrouped: true, communeIds: [2, 3] }
		]);
	});

	it('treats codes without regard to case, and refuses a code twice', () => {
		const { drafts } = draftsFromJson([
			{ code: 'cum-1', name: 'Một', communes: ['00001'] },
			{ code: 'CUM-1', name: 'Hai', communes: ['00002', '00003'] }
		]);
		expect(checkGrouping(drafts, communes, { keepUngrouped: false }).problems).toEqual([{ field: '[1]', message: 'mã cụm «CUM-1» bị lặp (đã có «cum-1»).' }]);
	});
});

describe('draftsFromAssignments', () => {
	it('orders a file’s groups by code, numbers as numbers, and names each once', () => {
		const { drafts, problems } = draftsFromAssignments([line('00001', 'CUM-10', 'Mười'), line('00002', 'CUM-2', 'Hai'), line('00003', 'CUM-2', 'Hai khác', 7)]);
		expect(drafts.map((d) => d.code)).toEqual(['CUM-2', 'CUM-10']);
		expect(problems).toEqual([{ row: 7, message: 'cụm «CUM-2» có hai tên: «Hai» và «Hai khác».' }]);
	});

	it('keeps the page’s order of groups and leaves a commune without a group out', () => {
		const named = [
			{ code: 'Z', name: 'Cuối', where: {} },
			{ code: 'A', name: 'Đầu', where: {} }
		];
		const { drafts } = draftsFromAssignments([line('00001', 'A'), line('00002', '')], named);
		expect(drafts.map((d) => [d.code, d.members.map((m) => m.code)])).toEqual([
			['Z', []],
			['A', ['00001']]
		]);
	});
});

describe('groupFileReader', () => {
	it('finds the header under title rows, reads codes Excel made numbers, and skips total rows', () => {
		const reader = groupFileReader('cum.xlsx', 'Cụm');
		const rows: (string | number | null)[][] = [
			['DANH SÁCH CỤM THI ĐUA'],
			[],
			['STT', 'Mã xã', 'Tên xã', 'MÃ CỤM', 'Tên cụm'],
			[1, 1, 'Xã Một', 'A', 'Cụm A'],
			[2, '00002', 'Phường Hai', 'A', ''],
			['', 'Tổng cộng', '', '', '']
		];
		rows.forEach((cells, i) => reader.add({ row: i + 1, cells }));
		const { lines, problems } = reader.result();
		expect(problems).toEqual([]);
		expect(lines).toEqual([
			{ commune: '00001', group: 'A', groupName: 'Cụm A', where: { file: 'cum.xlsx', sheet: 'Cụm', row: 4, column: 'D' } },
			{ commune: '00002', group: 'A', groupName: '', where: { file: 'cum.xlsx', sheet: 'Cụm', row: 5, column: 'D' } }
		]);
	});

	it('says which columns it looked for when a file has none', () => {
		const reader = groupFileReader('khac.csv');
		reader.add({ row: 1, cells: ['Tên', 'Số'] });
		expect(reader.result().problems[0].message).toContain('«Mã xã» và «Mã cụm»');
	});
});

describe('scopedGroupCode / splitGroupCode', () => {
	it('scopes a national campaign group by its province and reads it back as the province names it', () => {
		expect(scopedGroupCode('33', 'CUM-1')).toBe('33:CUM-1');
		expect(splitGroupCode('33:CUM-1')).toEqual({ provinceCode: '33', code: 'CUM-1' });
		expect(splitGroupCode(scopedGroupCode('01', UNGROUPED.code))).toEqual({ provinceCode: '01', code: UNGROUPED.code });
	});
	it("leaves a provincial campaign's codes as they are", () => {
		expect(scopedGroupCode(null, 'CUM-1')).toBe('CUM-1');
		expect(splitGroupCode('CUM-1')).toEqual({ provinceCode: null, code: 'CUM-1' });
	});
});

describe('groupInNation / groupUnitOf', () => {
	it('codes a province’s group by its province and names it with it, for the ministry', () => {
		expect(groupInNation({ code: 'CUM-1', name: 'Cụm 1' }, { code: '33', name: 'Tỉnh Hưng Yên' })).toEqual({ code: '33:CUM-1', name: 'Cụm 1 (Tỉnh Hưng Yên)' });
	});
	it('finds a group lead’s group under their province, its code scoped or not', () => {
		const units = [
			{ key: 'g:1', level: 'group', code: '01:CUM-1', parentKey: 'u:1' },
			{ key: 'g:2', level: 'group', code: '33:CUM-1', parentKey: 'u:33' },
			{ key: 'g:3', level: 'group', code: 'CUM-2', parentKey: 'u:5' }
		];
		expect(groupUnitOf(units, 'u:33', 'CUM-1')?.key).toBe('g:2');
		expect(groupUnitOf(units, 'u:5', 'CUM-2')?.key).toBe('g:3');
		expect(groupUnitOf(units, 'u:5', 'CUM-1')).toBeUndefined();
	});
});
