import { describe, expect, it } from 'vitest';
import { badUtf8Line, csvField, detectDelimiter, parseCsv, scanCsv, type CsvRecord } from './csv';

describe('parseCsv', () => {
	it('reads quoted cells, doubled quotes, CRLF and a BOM', () => {
		const rows = parseCsv('\uFEFFa,"b, c","say ""hi"""\r\n1,2,3\r\n');
		expect(rows).toEqual([
			{ line: 1, cells: ['a', 'b, c', 'say "hi"'] },
			{ line: 2, cells: ['1', '2', '3'] }
		]);
	});

	it('detects the semicolon that Excel writes in Vietnamese settings', () => {
		expect(detectDelimiter('Mã;Tên;Khai sinh\n')).toBe(';');
		expect(parseCsv('Mã;Tên\n01;"A;B"\n')[1].cells).toEqual(['01', 'A;B']);
	});

	it('skips blank lines but keeps line numbers of the file', () => {
		const rows = parseCsv('h\n\nx\n"multi\nline"\ny');
		expect(rows.map((r) => r.line)).toEqual([1, 3, 4, 6]);
	});
});

describe('scanCsv', () => {
	it('gives records one at a time, empty lines included, and stops when asked', () => {
		const seen: CsvRecord[] = [];
		scanCsv('a\n\nb\nc\n', ',', (r) => seen.push(r) < 3);
		expect(seen).toEqual([
			{ line: 1, cells: ['a'] },
			{ line: 2, cells: [''] },
			{ line: 3, cells: ['b'] }
		]);
	});

	it('cuts a record after maxCells + 1 cells and stops reading', () => {
		const seen: CsvRecord[] = [];
		scanCsv(';'.repeat(1_000_000) + '\nx', ';', (r) => void seen.push(r), 64);
		expect(seen).toHaveLength(1);
		expect(seen[0].cells).toHaveLength(65);
	});

	it('keeps characters after a closing quote and line breaks inside quotes', () => {
		const seen: CsvRecord[] = [];
		scanCsv('"a"b,"x\r\ny"\r\nz', ',', (r) => void seen.push(r));
		expect(seen).toEqual([
			{ line: 1, cells: ['ab', 'x\r\ny'] },
			{ line: 3, cells: ['z'] }
		]);
	});
});

describe('badUtf8Line', () => {
	it('names the line of the first bytes that are not UTF-8', () => {
		const latin1 = new Uint8Array([...new TextEncoder().encode('Mã xã\nđúng\n'), 0x54, 0xea, 0x6e, 0x0a]);
		expect(badUtf8Line(latin1)).toBe(3);
		expect(badUtf8Line(new TextEncoder().encode('Mã xã\nđúng'))).toBeNull();
	});
});

describe('csvField', () => {
	it('neutralises text a spreadsheet would run as a formula, and leaves numbers alone', () => {
		expect(csvField('=HYPERLINK("http://x";"y")')).toBe(`"'=HYPERLINK(""http://x"";""y"")"`);
		expect(['+1+1', '-1+1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'+1+1", "'-1+1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
		expect(['-2', '+3', '1.234', 'Xã Đào Gia', ''].map(csvField)).toEqual(['-2', '+3', '1.234', 'Xã Đào Gia', '']);
	});
});
