import { describe, expect, it } from 'vitest';
import { ValidationError, type Problem } from './errors';
import { readMapping, type ListedCommune, type MappingLists } from './mapping';

const HEADER = ['Mã TP mới', 'Tỉnh / Thành Phố mới', 'Mã PX mới', 'Phường Xã mới', 'Mã PX cũ', 'Phường Xã cũ', 'Loại', 'Tỷ lệ (%)'];
const commune = (name: string, provinceCode: string): ListedCommune => ({ name, provinceCode, level: 'commune' });
const LISTS: MappingLists = {
	old: new Map([
		['20001', commune('Xã Thụy An', '34')],
		['20002', commune('Xã Hòa Bình', '34')],
		['20003', commune('Xã Ba', '33')]
	]),
	new: new Map([
		['10001', commune('Xã Thuỵ An', '33')],
		['10002', commune('Phường Hoà Bình', '33')],
		['10009', commune('Xã Khác', '01')]
	]),
	oldLabel: 'danh mục cũ',
	newLabel: 'danh mục mới'
};

const rows = (cells: string[][]) => cells.map((c, i) => ({ row: i + 2, cells: c }));
const read = (cells: string[][], acceptUnknown = false, onlyProvinces?: Set<string>) =>
	readMapping({ row: 1, cells: HEADER }, rows(cells), 'm.csv', LISTS, { acceptUnknown, onlyProvinces });
const problemsOf = (cells: string[][], acceptUnknown = false): Problem[] => {
	try {
		read(cells, acceptUnknown);
	} catch (e) {
		if (e instanceof ValidationError) return e.problems;
		throw e;
	}
	throw new Error('accepted');
};
const GOOD = [
	['33', 'Tỉnh Hưng Yên', '10001', 'Xã Thụy An', '20001', 'Xã Thuỵ An', 'toàn bộ', ''],
	['33', 'Tỉnh Hưng Yên', '10002', 'Xã Hòa Bình', '20002', 'Xã Hoà Bình', 'toàn bộ', ''],
	['33', 'Tỉnh Hưng Yên', '10001', 'Xã Thuỵ An', '20003', 'Xã Ba', 'một phần', '25'],
	['33', 'Tỉnh Hưng Yên', '10002', 'Xã Hoà Bình', '20003', 'Xã Ba', 'một phần', '75']
];

describe('readMapping', () => {
	it('reads whole and part links, names in either tone-mark placement, a commune that became a ward, declared shares', () => {
		const result = read(GOOD);
		expect(result.links.map((l) => [l.oldCode, l.newCode, l.whole, l.share])).toEqual([
			['20001', '10001', true, null],
			['20002', '10002', true, null],
			['20003', '10001', false, 0.25],
			['20003', '10002', false, 0.75]
		]);
		expect(result.provinceLinks).toEqual([
			{ oldProvinceCode: '33', newProvinceCode: '33' },
			{ oldProvinceCode: '34', newProvinceCode: '33' }
		]);
		expect(result.provinces).toEqual(['33']);
	});

	it('names row and column for each refusal', () => {
		const at = (p: Problem[]) => p.map((x) => `${x.row ?? '-'}:${x.column}`);
		expect(at(problemsOf([...GOOD.slice(0, 3), [...GOOD[3].slice(0, 7), '70']]))).toEqual(['4:Tỷ lệ (%)', '5:Tỷ lệ (%)']);
		expect(at(problemsOf([...GOOD, ['33', '', '10002', '', '20001', '', 'toàn bộ', '']]))).toEqual(['6:Loại']);
		expect(at(problemsOf([GOOD[0]]))).toEqual(['-:Mã PX mới']);
		expect(at(problemsOf([...GOOD, ['33', '', '10002', 'Xã Hòa Bình', '29999', 'Xã Lạ', 'toàn bộ', '']]))).toEqual(['6:Mã PX cũ']);
		expect(at(problemsOf([...GOOD.slice(0, 1), ['33', '', '10002', 'Xã Hỏa Bình', '20002', 'Xã Hòa Bình', 'toàn bộ', ''], ...GOOD.slice(2)]))).toEqual(['3:Phường Xã mới']);
		expect(at(problemsOf([...GOOD.slice(0, 3), [...GOOD[3].slice(0, 6), 'một nửa', '75']]))).toEqual(['5:Loại']);
	});

	it('accepts an unknown code when asked, linking a new one to the list’s same-named commune that has no link', () => {
		const cells = [GOOD[0], ['33', '', '19999', 'Xã Hòa Bình', '20002', 'Xã Hòa Bình', 'toàn bộ', ''], ['33', '', '10001', 'Xã Thụy An', '20003', 'Xã Ba', 'toàn bộ', '']];
		expect(problemsOf(cells).map((p) => `${p.row}:${p.column}`)).toEqual(['3:Mã PX mới']);
		const result = read(cells, true);
		expect(result.unknown).toEqual([{ side: 'new', code: '19999', name: 'Xã Hòa Bình', rows: [3], specialZone: false, resolvedTo: { code: '10002', name: 'Phường Hoà Bình' } }]);
		expect(result.links[1]).toMatchObject({ oldCode: '20002', newCode: '10002' });
	});

	it('reads only the rows of the given provinces', () => {
		const cells = [...GOOD, ['01', '', '10009', 'Xã Khác', '99999', 'Xã Lạ', 'toàn bộ', '']];
		expect(read(cells, false, new Set(['33'])).links).toHaveLength(4);
	});
});
