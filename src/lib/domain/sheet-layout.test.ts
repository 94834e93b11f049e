import { describe, expect, it } from 'vitest';
import { columnLetter, headerLabels, isSttLabel, sheetLayout, sheetWithHeader, skippedNote, totalLabel, type RawCell, type SheetRow } from './sheet-layout';

const isHeader = (labels: string[]) => labels.includes('mã xã');
/** Rows as a worker sends them: numbered from 1, blank rows left out. */
const rows = (...lines: RawCell[][]): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c !== null && c !== ''));

function roles(lines: RawCell[][], templateHeaderRow?: number) {
	const layout = sheetLayout({ isHeader, templateHeaderRow });
	const seen = rows(...lines).map((r) => [r.row, layout.take(r)]);
	return { seen, layout };
}

describe('sheetLayout', () => {
	it('finds the header under title rows and leaves out an STT column, blank rows and a total row, said once', () => {
		const { seen, layout } = roles([
			['BÁO CÁO TIẾN ĐỘ SỐ HÓA SỔ HỘ TỊCH'],
			['(Kèm theo Kế hoạch 186/KH-UBND)'],
			['STT', 'Mã xã', 'Tên xã', 'Khai sinh'],
			[1, '13192', 'Thị trấn Vũ Thư', 10],
			[],
			[2, null, null, null],
			[3, '13195', 'Xã Hồng Lý', 20],
			['', 'Tổng cộng', '', 30],
			[],
			['', 'Người lập biểu', '', 'Thủ trưởng đơn vị']
		]);
		expect(seen).toEqual([
			[1, 'title'],
			[2, 'title'],
			[3, 'header'],
			[4, 'data'],
			[6, 'skipped'],
			[7, 'data'],
			[8, 'skipped'],
			[10, 'skipped']
		]);
		expect(layout.headerRow).toBe(3);
		expect(layout.sttColumn).toBe(0);
		expect(layout.skipped()).toEqual(['cột STT (A)', '2 dòng tiêu đề', '2 dòng trống', 'dòng 8 «Tổng cộng»', '1 dòng ghi chú, chữ ký dưới dòng tổng']);
		expect(skippedNote(layout.skipped())).toBe('Đã bỏ qua: cột STT (A); 2 dòng tiêu đề; 2 dòng trống; dòng 8 «Tổng cộng»; 1 dòng ghi chú, chữ ký dưới dòng tổng.');
	});

	it('says nothing of its own template’s title rows, nor of trailing blank rows', () => {
		const { layout } = roles([['Tiêu đề'], ['Đợt'], ['Ngày'], ['Mã xã', 'Khai sinh'], ['13192', 1], [], []], 4);
		expect(layout.skipped()).toEqual([]);
		expect(skippedNote([])).toBeNull();
	});

	it('reads data after a subtotal, and a row with a code after the grand total', () => {
		const { seen, layout } = roles([
			['Mã xã', 'Khai sinh'],
			['13192', 1],
			['Cộng huyện Vũ Thư', 1],
			['13195', 2],
			['TỔNG CỘNG:', 3],
			['13198', 4]
		]);
		expect(seen.map(([, role]) => role)).toEqual(['header', 'data', 'skipped', 'data', 'skipped', 'data']);
		expect(layout.skipped()).toEqual(['dòng 3 «Cộng huyện Vũ Thư», dòng 5 «TỔNG CỘNG:»']);
	});

	it('gives up after the first 20 rows without a header', () => {
		const { seen, layout } = roles(Array.from({ length: 22 }, (_, i) => [`Dòng ${i + 1}`]));
		expect(seen.slice(19).map(([, role]) => role)).toEqual(['title', 'beyond', 'beyond']);
		expect(layout.headerRow).toBe(0);
	});

	it('lists five totals, then how many more', () => {
		const { layout } = roles([['Mã xã', 'Khai sinh'], ...Array.from({ length: 7 }, (_, i): RawCell[] => [`Cộng cụm ${i + 1}`, i])]);
		expect(layout.skipped()[0]).toMatch(/^dòng 2 «Cộng cụm 1», .*dòng 6 «Cộng cụm 5», và 2 dòng tổng khác$/);
	});
});

describe('totalLabel', () => {
	const total = (...cells: RawCell[]) => totalLabel({ row: 1, cells });
	it('knows «Tổng cộng», «Tổng», «Tổng số», «Cộng» and «Cộng huyện …» in the first non-blank cell', () => {
		expect(total(null, 'Tổng cộng', 5)).toBe('Tổng cộng');
		expect(total('TỔNG', 5)).toBe('TỔNG');
		expect(total('Tổng số'.normalize('NFD'))).toBe('Tổng số');
		expect(total('Cộng')).toBe('Cộng');
		expect(total('Cộng: ', 1)).toBe('Cộng:');
		expect(total('Cộng thị xã Hương Trà')).toBe('Cộng thị xã Hương Trà');
		// A row with holes, as a sheet's cells never written arrive from the worker.
		expect(total(undefined as unknown as RawCell, 'Tổng cộng')).toBe('Tổng cộng');
		expect(total({ formula: true, result: 'Tổng' })).toBe('Tổng');
	});
	it('is not fooled by communes named Cộng… nor by the national motto, nor by a number first', () => {
		expect(total('Cộng Lạc', 5)).toBeNull();
		expect(total('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBeNull();
		expect(total(1, 'Tổng cộng')).toBeNull();
		expect(total('13192', 'Tổng Chuyên')).toBeNull();
	});
});

describe('headers', () => {
	it('knows the STT column by its usual names', () => {
		expect(['STT', 'stt', 'TT', 'Số TT', 'Số thứ tự', 'No.'].every(isSttLabel)).toBe(true);
		expect(isSttLabel('Mã xã')).toBe(false);
	});

	it('compares labels regardless of case, spacing and Unicode form', () => {
		expect(headerLabels({ row: 1, cells: ['  MÃ  XÃ ', 'Khai sinh'.normalize('NFD'), null, 3] })).toEqual(['mã xã', 'khai sinh', '', '3']);
	});

	it('finds the first sheet with the header among samples', () => {
		const samples = [
			{ name: 'Hướng dẫn', rows: rows(['Cách điền'], ['Mỗi dòng là một xã']) },
			{ name: 'Sheet1', rows: rows(['Báo cáo'], ['STT', 'Mã xã']) },
			{ name: 'Sheet2', rows: rows(['Mã xã']) }
		];
		expect(sheetWithHeader(samples, isHeader)).toBe('Sheet1');
		expect(sheetWithHeader(samples.slice(0, 1), isHeader)).toBeNull();
	});

	it('names columns as a spreadsheet does', () => expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']));
});
