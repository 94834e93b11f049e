import ExcelJS from 'exceljs';
import { ValidationError } from '../domain/errors';
import type { SourceRow } from '../domain/unit-list';
import { badUtf8Line, parseCsv } from '../domain/csv';

/** Decodes UTF-8 (with or without BOM), refusing other encodings with the line at fault. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
	const line = badUtf8Line(bytes);
	if (line !== null) throw notUtf8(file, line);
	return new TextDecoder().decode(bytes);
}

export function notUtf8(file: string, line: number): ValidationError {
	return new ValidationError(`Tệp ${file} không phải văn bản UTF-8 hợp lệ (lỗi mã hóa ở dòng ${line}). Hãy lưu lại tệp với mã hóa UTF-8 (CSV UTF-8).`, [
		{ file, row: line, message: 'ký tự không đọc được theo mã hóa UTF-8.' }
	]);
}

export interface TableRows {
	header: SourceRow;
	rows: SourceRow[];
}

export function csvTable(bytes: Uint8Array, file: string): TableRows {
	const records = parseCsv(decodeUtf8(bytes, file));
	if (records.length === 0) throw new ValidationError(`Tệp ${file} trống.`, [{ file, message: 'tệp trống.' }]);
	const [header, ...rows] = records.map((r) => ({ row: r.line, cells: r.cells }));
	return { header, rows };
}

/** A cell as the text a user sees, without ever evaluating a formula. */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((t) => t.text).join('');
		if ('text' in value && typeof value.text === 'string') return value.text;
		if ('result' in value) return cellText(value.result);
		if ('error' in value) return String(value.error);
	}
	return '';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export async function xlsxTable(bytes: Uint8Array, file: string): Promise<TableRows> {
	if (bytes.length < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) {
		throw new ValidationError(`Tệp ${file} không phải là tệp Excel (.xlsx) hợp lệ.`, [{ file, message: 'không phải tệp .xlsx.' }]);
	}
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch {
		throw new ValidationError(`Tệp ${file} không đọc được như một sổ tính Excel (.xlsx).`, [{ file, message: 'tệp .xlsx hỏng hoặc không chứa sổ tính.' }]);
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new ValidationError(`Tệp ${file} không có trang tính nào.`, [{ file, message: 'không có trang tính.' }]);
	const all: SourceRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const values = row.values as ExcelJS.CellValue[];
		const cells = values.slice(1).map(cellText);
		if (cells.some((c) => c.trim() !== '')) all.push({ row: rowNumber, cells });
	});
	if (all.length === 0) throw new ValidationError(`Tệp ${file} trống.`, [{ file, sheet: sheet.name, message: 'trang tính trống.' }]);
	const [header, ...rows] = all;
	return { header, rows };
}

export async function readTable(bytes: Uint8Array, file: string): Promise<TableRows> {
	const lower = file.toLowerCase();
	if (lower.endsWith('.csv')) return csvTable(bytes, file);
	if (lower.endsWith('.xlsx')) return xlsxTable(bytes, file);
	throw new ValidationError(`Tệp ${file}: chỉ nhận tệp .csv hoặc .xlsx.`, [{ file, message: 'định dạng tệp không được hỗ trợ.' }]);
}

const TYPES: Record<string, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8',
	txt: 'text/plain; charset=utf-8',
	png: 'image/png',
	pdf: 'application/pdf'
};

/** A file download (or, `inline`, a file to show); the name is sent both as ASCII and as UTF-8 (RFC 6266). */
export function downloadResponse(name: string, bytes: Uint8Array, opts: { inline?: boolean } = {}): Response {
	const ascii = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^\w.-]+/g, '-');
	return new Response(bytes as unknown as BodyInit, {
		headers: {
			'content-type': TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
			'content-disposition': `${opts.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'private, no-store'
		}
	});
}
