import { describe, expect, it } from 'vitest';
import { columnLetter, MAX_SHEET_ROWS, parseCount, readCountSheet, sheetReader, type SheetRow } from './count-sheet';

describe('parseCount', () => {
	it('reads whole numbers, written plainly or with Vietnamese thousands', () => {
		expect([0, 42, '42', ' 1.234 ', '1.234.567', '1 234', { formula: true as const, result: 7 }].map(parseCount)).toEqual([0, 42, 42, 1234, 1234567, 1234, 7]);
	});

	it('refuses what cannot be a count, saying why in Vietnamese', () => {
		const cases: [Parameters<typeof parseCount>[0], RegExp][] = [
			[null, /ô trống/],
			['', /ô trống/],
			[-1, /không được âm/],
			['-5', /không được âm/],
			[2.5, /«2,5» không phải số nguyên/],
			['12,5', /không rõ nghĩa/],
			['1,234', /không rõ nghĩa/],
			['1.23', /không phải một số nguyên/],
			['NaN', /không phải một số nguyên/],
			['1e308', /không phải một số nguyên/],
			[Infinity, /hữu hạn/],
			[10_000_001, /vượt mức tối đa 10\.000\.000/],
			['10.000.001', /vượt mức tối đa/],
			[{ formula: true, result: null }, /công thức nhưng chưa có kết quả/],
			[{ error: '#DIV/0!' }, /ô báo lỗi «#DIV\/0!»/]
		];
		for (const [cell, message] of cases) expect(parseCount(cell), JSON.stringify(cell)).toMatch(message);
	});
});

describe('columnLetter', () => {
	it('names columns as a spreadsheet does', () => {
		expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
	});
});

describe('readCountSheet', () => {
	const spec = {
		file: 'a.csv',
		recordTypes: [
			{ code: 'khai_sinh', name: 'Khai sinh' },
			{ code: 'ket_hon', name: 'Kết hôn' }
		],
		communes: new Map([
			['00004', { name: 'Phường Ba Đình', mine: true }],
			['00006', { name: 'Phường Phúc Xá', mine: false }]
		]),
		withNote: true
	};
	const rows = (...lines: (string | number | null)[][]): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

	it('finds the header below title rows, accepts codes and names in any case or Unicode form, and pads codes Excel shortened', () => {
		const read = readCountSheet(rows(['Tiêu đề'], ['MÃ XÃ', 'tên xã'.normalize('NFD'), 'khai_sinh', 'Kết hôn (ket_hon)', 'Ghi chú'], [4, 'Ba Đình', 10, '1.000', 'ok']), spec);
		expect(read.problems).toEqual([]);
		expect(read.headerRow).toBe(2);
		expect(read.entries).toEqual([
			{ row: 3, column: 'C', communeCode: '00004', recordType: 'khai_sinh', value: 10 },
			{ row: 3, column: 'D', communeCode: '00004', recordType: 'ket_hon', value: 1000 }
		]);
		expect(read.notes.get('00004')).toBe('ok');
	});

	it('says where each problem is', () => {
		const read = readCountSheet(rows(['Mã xã', 'Khai sinh'], ['00006', 1], ['', 2], ['00004', 'x']), spec);
		expect(read.problems.map((p) => [p.row, p.column])).toEqual([
			[2, 'A'],
			[3, 'A'],
			[4, 'B']
		]);
		expect(read.problems[0].message).toBe('Phường Phúc Xá (mã 00006) không thuộc phạm vi của bạn.');
	});

	it('refuses a file with no data rows or no record-type column', () => {
		expect(readCountSheet(rows(['Mã xã', 'Khai sinh']), spec).problems[0].message).toMatch(/không có dòng số liệu/);
		expect(readCountSheet(rows(['Mã xã', 'Tên xã'], ['00004', 'x']), spec).problems[0].message).toMatch(/không có cột loại việc nào/);
		expect(readCountSheet([], spec).problems[0].message).toBe('tệp không có dòng nào.');
	});

	it('leaves out an STT column, a title and a total row, and says so', () => {
		const read = readCountSheet(rows(['BÁO CÁO TIẾN ĐỘ'], ['STT', 'Mã ĐVHC', 'Tên đơn vị', 'Khai sinh'], [1, '00004', 'Ba Đình', 7], ['', 'Tổng cộng', '', 7]), spec);
		expect(read.problems).toEqual([]);
		expect(read.entries).toEqual([{ row: 3, column: 'D', communeCode: '00004', recordType: 'khai_sinh', value: 7 }]);
		expect(read.skipped).toEqual(['cột STT (A)', '1 dòng tiêu đề', 'dòng 4 «Tổng cộng»']);
	});

	it('reads rows as they arrive, looks for the header in the first twenty only, and stops counting past the row limit', () => {
		const late = sheetReader(spec);
		for (const row of rows(...Array.from({ length: 20 }, () => ['tiêu đề']), ['Mã xã', 'Khai sinh'], ['00004', 1])) late.add(row);
		expect(late.result().problems[0].message).toMatch(/không tìm thấy dòng tiêu đề có cột «Mã xã» trong 20 dòng đầu/);

		const long = sheetReader(spec);
		long.add({ row: 1, cells: ['Mã xã', 'Khai sinh'] });
		for (let row = 2; row <= MAX_SHEET_ROWS + 5; row++) long.add({ row, cells: ['00004', 1] });
		const read = long.result();
		expect(read.entries).toEqual([]);
		expect(read.problems).toEqual([expect.objectContaining({ message: 'tệp có hơn 20.000 dòng, nhiều hơn mức tối đa.' })]);
	});
});
