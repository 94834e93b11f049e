/**
 * Reading a filled-in count or target sheet (the Excel template or its CSV twin): one row
 * per commune, one column per record type. Every cell is checked and every problem says
 * where it is (sheet, row, column). Pure: the cells come from a worker or the CSV parser.
 */
import type { Problem } from './errors';
import { formatCount } from './format';
import { MAX_REPORTED_VALUE } from './report-input';
import { cellText, columnLetter, HEADER_SEARCH_ROWS, sheetLayout, type RawCell, type SheetRow } from './sheet-layout';
import { matchKey, nameKey, nameKeyWithoutType } from './text';

export { cellText, columnLetter, type RawCell, type SheetRow } from './sheet-layout';

export const MAX_SHEET_ROWS = 20_000;
/** Columns read from a sheet: the template has 11 at most; a cell further right refuses the file. */
export const MAX_SHEET_COLUMNS = 100;

export const HEADERS = {
	code: 'Mã xã',
	name: 'Tên xã',
	parent: 'Đơn vị cấp trên',
	note: 'Lý do đính chính (bắt buộc khi giảm số)'
} as const;

export interface SheetSpec {
	file: string;
	sheet?: string; // absent for CSV
	recordTypes: { code: string; name: string }[];
	/** Every commune of the campaign by code; `mine` when the sender may change it. */
	communes: Map<string, { name: string; mine: boolean }>;
	withNote: boolean;
}

export interface SheetEntry {
	row: number;
	column: string;
	communeCode: string;
	recordType: string;
	value: number;
}

export interface ReadSheet {
	headerRow: number;
	entries: SheetEntry[];
	/** The reason written on a commune's row, if any. */
	notes: Map<string, string>;
	problems: Problem[];
	/** What the layout left out: an STT column, title, blank and total rows (`sheet-layout.ts`). */
	skipped: string[];
}

/**
 * A whole, non-negative count from a cell, or what is wrong with it. Text is read the
 * Vietnamese way (`1.234` is 1234); a comma is ambiguous (`12,5` or `1,234`) and refused.
 */
export function parseCount(cell: RawCell): number | string {
	if (cell !== null && typeof cell === 'object') {
		if ('error' in cell) return `ô báo lỗi «${cell.error}»; hãy sửa ô này thành một số.`;
		if (cell.result === null) return 'ô có công thức nhưng chưa có kết quả được lưu; hãy mở tệp trong Excel, tính lại và lưu, hoặc nhập số trực tiếp.';
		return parseCount(cell.result);
	}
	if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return 'ô trống; hãy nhập một số (0 nếu chưa có).';
	if (typeof cell === 'number') {
		if (!Number.isFinite(cell)) return 'không phải là một số hữu hạn.';
		if (!Number.isInteger(cell)) return `«${String(cell).replace('.', ',')}» không phải số nguyên.`;
		if (cell < 0) return 'không được âm.';
		if (cell > MAX_REPORTED_VALUE) return `${formatCount(cell)} vượt mức tối đa ${formatCount(MAX_REPORTED_VALUE)}.`;
		return cell;
	}
	const text = cell.normalize('NFC').replace(/[\s\u00a0\u202f]/g, '');
	if (/^-\d/.test(text)) return 'không được âm.';
	if (text.includes(',')) return `«${text}» không rõ nghĩa: dấu phẩy có thể là phần thập phân hoặc phân cách hàng nghìn. Hãy viết số nguyên, ví dụ 1.234 hoặc 1234.`;
	if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(text)) return `«${cell.trim().slice(0, 40)}» không phải một số nguyên.`;
	const value = Number(text.replace(/\./g, ''));
	if (value > MAX_REPORTED_VALUE) return `${formatCount(value)} vượt mức tối đa ${formatCount(MAX_REPORTED_VALUE)}.`;
	return value;
}

type Column = { kind: 'code' | 'name' | 'parent' | 'note' } | { kind: 'type'; recordType: string };

/** The code column's headers: the template's, and what other lists call it. */
const CODE_LABELS = [HEADERS.code, 'Mã đơn vị', 'Mã ĐVHC', 'Mã xã, phường', 'Mã xã/phường', 'Mã phường, xã', 'Mã phường/xã'].map(matchKey);

/** Whether a row is the header of a count or target sheet: it has the commune code's column. */
export function isCountHeader(labels: string[]): boolean {
	return labels.some((l) => CODE_LABELS.includes(l));
}

function headerColumns(row: SheetRow, spec: SheetSpec, skip: number | null, where: (column?: string) => Problem): { columns: Map<number, Column>; problems: Problem[] } {
	const byLabel = new Map<string, Column>([
		...CODE_LABELS.map((l): [string, Column] => [l, { kind: 'code' }]),
		[matchKey(HEADERS.name), { kind: 'name' }],
		[matchKey('Tên đơn vị'), { kind: 'name' }],
		[matchKey(HEADERS.parent), { kind: 'parent' }],
		[matchKey('Huyện'), { kind: 'parent' }],
		[matchKey('Cụm thi đua'), { kind: 'parent' }]
	]);
	if (spec.withNote) for (const label of [HEADERS.note, 'Lý do đính chính', 'Lý do', 'Ghi chú']) byLabel.set(matchKey(label), { kind: 'note' });
	for (const r of spec.recordTypes) {
		for (const label of [r.name, r.code, `${r.name} (${r.code})`]) byLabel.set(matchKey(label), { kind: 'type', recordType: r.code });
	}
	const columns = new Map<number, Column>();
	const problems: Problem[] = [];
	const taken = new Map<string, number>();
	row.cells.forEach((cell, index) => {
		const label = cellText(cell);
		if (!label || index === skip) return;
		const column = byLabel.get(matchKey(label));
		if (!column)
			return problems.push({
				...where(columnLetter(index)),
				message: `cột «${label.slice(0, 60)}» không có trong mẫu; các cột nhận được: ${HEADERS.code}, ${HEADERS.name}, ${spec.recordTypes.map((r) => r.name).join(', ')}${spec.withNote ? `, ${HEADERS.note}` : ''} (và cột STT).`
			});
		const id = column.kind === 'type' ? column.recordType : column.kind;
		const earlier = taken.get(id);
		if (earlier !== undefined) return problems.push({ ...where(columnLetter(index)), message: `cột «${label}» trùng với cột ${columnLetter(earlier)}.` });
		taken.set(id, index);
		columns.set(index, column);
	});
	if (![...columns.values()].some((c) => c.kind === 'type'))
		problems.push({ ...where(), message: `không có cột loại việc nào (${spec.recordTypes.map((r) => r.name).join(', ')}).` });
	return { columns, problems };
}

/** A commune code as written: Excel may have turned `00004` into the number 4. */
export function communeCode(cell: RawCell): string {
	const text = cellText(cell);
	return /^\d{1,4}$/.test(text) ? text.padStart(5, '0') : text;
}

/** Reads the rows of a sheet (see `sheetReader`). */
export function readCountSheet(rows: SheetRow[], spec: SheetSpec & { templateHeaderRow?: number }): ReadSheet {
	const sheet = sheetReader(spec);
	for (const row of rows) sheet.add(row);
	return sheet.result();
}

/**
 * The reading of a sheet as its rows arrive (`add`, in order, blank rows left out), so that
 * an upload's rows are checked as the worker sends them and never all held at once. The
 * header is found among the first rows by its «Mã xã» column (`sheet-layout.ts`); title
 * rows, an STT column, blank and total rows are left out and listed in `skipped`.
 */
export function sheetReader(spec: SheetSpec & { templateHeaderRow?: number }): { add(row: SheetRow): void; result(): ReadSheet } {
	const where = (row?: number, column?: string): Problem => ({ message: '', file: spec.file, sheet: spec.sheet, row, column });
	const refused = (problems: Problem[], headerRow = 0): ReadSheet => ({ headerRow, entries: [], notes: new Map(), problems, skipped: [] });
	const noHeader = () =>
		refused([{ ...where(), message: `không tìm thấy dòng tiêu đề có cột «${HEADERS.code}» trong ${HEADER_SEARCH_ROWS} dòng đầu; hãy dùng tệp mẫu tải về từ trang nhập số liệu.` }]);
	const layout = sheetLayout({ isHeader: isCountHeader, templateHeaderRow: spec.templateHeaderRow });
	let count = 0;
	let refusal: ReadSheet | null = null;
	let columns = new Map<number, Column>();
	let codeIndex = 0;
	let letters = new Map<number, string>();
	const problems: Problem[] = [];
	const entries: SheetEntry[] = [];
	const notes = new Map<string, string>();
	const seen = new Map<string, number>();

	const readHeader = (row: SheetRow) => {
		const found = headerColumns(row, spec, layout.sttColumn, (column) => where(row.row, column));
		if (found.problems.length) refusal = refused(found.problems, row.row);
		columns = found.columns;
		codeIndex = [...columns].find(([, c]) => c.kind === 'code')?.[0] ?? 0;
		letters = new Map([...columns.keys()].map((index) => [index, columnLetter(index)]));
	};
	const readRow = ({ row, cells }: SheetRow) => {
		const at = (index: number, message: string) => problems.push({ ...where(row, letters.get(index)), message });
		const code = communeCode(cells[codeIndex] ?? null);
		if (!code) return at(codeIndex, 'thiếu mã xã.');
		const commune = spec.communes.get(code);
		if (!commune) return at(codeIndex, `không có xã mã «${code.slice(0, 20)}» trong đợt số hóa này.`);
		if (!commune.mine) return at(codeIndex, `${commune.name} (mã ${code}) không thuộc phạm vi của bạn.`);
		const earlier = seen.get(code);
		if (earlier !== undefined) return at(codeIndex, `xã mã ${code} đã có ở dòng ${earlier}; mỗi xã chỉ một dòng.`);
		seen.set(code, row);
		for (const [index, column] of columns) {
			const cell = cells[index] ?? null;
			if (column.kind === 'name') {
				const name = cellText(cell);
				if (name && nameKey(name) !== nameKey(commune.name) && nameKeyWithoutType(name) !== nameKeyWithoutType(commune.name))
					at(index, `tên «${name.slice(0, 60)}» không khớp với mã ${code} (${commune.name}); hãy kiểm tra dòng có bị lệch không.`);
			} else if (column.kind === 'note') {
				const note = cellText(cell);
				if (note) notes.set(code, note);
			} else if (column.kind === 'type') {
				const value = parseCount(cell);
				if (typeof value === 'string') at(index, value);
				else entries.push({ row, column: letters.get(index)!, communeCode: code, recordType: column.recordType, value });
			}
		}
	};

	return {
		add(row) {
			count++;
			if (refusal) return;
			if (count > MAX_SHEET_ROWS) return void (refusal = refused([{ ...where(), message: `tệp có hơn ${formatCount(MAX_SHEET_ROWS)} dòng, nhiều hơn mức tối đa.` }]));
			const role = layout.take(row);
			if (role === 'header') readHeader(row);
			else if (role === 'data') readRow(row);
			else if (role === 'beyond') refusal = noHeader();
		},
		result() {
			if (count === 0) return refused([{ ...where(), message: 'tệp không có dòng nào.' }]);
			if (refusal) return refusal;
			if (!layout.headerRow) return noHeader();
			const noRows = seen.size === 0 && problems.length === 0 ? [{ ...where(), message: 'tệp không có dòng số liệu nào dưới dòng tiêu đề.' }] : [];
			return { headerRow: layout.headerRow, entries, notes, problems: [...problems, ...noRows], skipped: layout.skipped() };
		}
	};
}
