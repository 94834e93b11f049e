import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './csv';

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
