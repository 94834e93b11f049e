import { describe, expect, it } from 'vitest';
import { capacityFileReader } from './capacity-sheet';
import type { SheetRow } from './count-sheet';

function read(rows: SheetRow['cells'][]) {
	const reader = capacityFileReader('nang-luc.xlsx');
	rows.forEach((cells, i) => reader.add({ row: i + 1, cells }));
	return reader.result();
}

describe('capacityFileReader', () => {
	it('finds the header below a title and reads each commune row, Vietnamese numbers and short codes included', () => {
		const { lines, problems } = read([
			['NĂNG LỰC'],
			[],
			['STT', 'Mã xã', 'Tên xã', 'Số máy', 'Số ca/ngày'],
			[1, 12967, 'Xã A', 2, '3'],
			[2, '00004', 'Phường B', '1.000', 1],
			['', '', 'Cộng', 3, '']
		]);
		expect(problems).toEqual([]);
		expect(lines.map(({ commune, machines, shiftsPerDay }) => [commune, machines, shiftsPerDay])).toEqual([
			['12967', 2, 3],
			['00004', 1000, 1]
		]);
	});

	it('names the row and column of every bad value, both values of a row at once', () => {
		const { lines, problems } = read([
			['Mã xã', 'Số máy', 'Số ca/ngày'],
			['12967', -1, 0],
			['12970', 'hai', 2],
			['12973', 1001, 2.5]
		]);
		expect(lines).toEqual([]);
		expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
			[2, 'B', 'Số máy: không được âm.'],
			[2, 'C', 'Số ca/ngày: số ca mỗi ngày phải là số nguyên từ 1 đến 4.'],
			[3, 'B', 'Số máy: «hai» không phải một số nguyên.'],
			[4, 'B', 'Số máy: số máy phải là số nguyên từ 0 đến 1.000.'],
			[4, 'C', 'Số ca/ngày: «2,5» không phải số nguyên.']
		]);
	});

	it('refuses a file without the three columns', () => {
		expect(
			read([
				['Mã xã', 'Số máy'],
				['12967', 2]
			]).problems[0].message
		).toMatch(/không thấy dòng tiêu đề có cột «Mã xã», «Số máy» và «Số ca\/ngày»/);
	});
});
