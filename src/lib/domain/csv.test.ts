import { describe, expect, it } from 'vitest';
import { badUtf8Line, csvField, decodeCsv, detectDelimiter, parseCsv, scanCsv, type CsvRecord } from './csv';

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
		// A title line above the header, with no separator at all.
		expect(detectDelimiter('BÁO CÁO TIẾN ĐỘ\r\n\r\nSTT;Mã xã;Khai sinh, kết hôn\r\n')).toBe(';');
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

describe('decodeCsv', () => {
	it('reads UTF-8 with or without BOM, and Windows-1258 with its tone marks composed', () => {
		expect(decodeCsv(new TextEncoder().encode('\ufeffMã xã;Khai sinh'))).toEqual({ text: 'Mã xã;Khai sinh', encoding: 'utf-8' });
		// «Mã xã;Tiến»: ã is a + 0xDE (combining tilde), ế is ê (0xEA) + 0xEC (combining acute).
		const bytes = new Uint8Array([0x4d, 0x61, 0xde, 0x20, 0x78, 0x61, 0xde, 0x3b, 0x54, 0x69, 0xea, 0xec, 0x6e]);
		expect(decodeCsv(bytes)).toEqual({ text: 'Mã xã;Tiến', encoding: 'windows-1258' });
		expect(decodeCsv(new Uint8Array([0xff, 0xfe, 0x4d, 0x00]))).toEqual({ utf16: true });
	});
});
