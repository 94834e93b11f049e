/**
 * Reading an uploaded .xlsx or .csv, for every kind of file (counts, targets, groups,
 * accounts, capacity): in the workbook worker, within the limits, the data sheet found by
 * its columns. Nothing here knows what the rows mean.
 */
import { columnLetter, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, type SheetRow } from '$lib/domain/count-sheet';
import { ValidationError } from '$lib/domain/errors';
import { formatCount } from '$lib/domain/format';
import { MAX_UNZIPPED_BYTES } from '$lib/domain/limits';
import { HEADER_SEARCH_ROWS, headerLabels, sheetWithHeader } from '$lib/domain/sheet-layout';
import { runWorkbookTask, WorkbookUnreadable, type WorkbookRead } from './workbook-worker';
import { zipSummary } from './zip';

export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
}

/** Reads progress for the page's progress bar: rows read so far of the sheet's last row. */
export type ReadProgress = (rows: number, total: number) => void;

export const isCsv = (name: string) => /\.csv$/i.test(name);

export function fileProblem(file: string, message: string): ValidationError {
	return new ValidationError(`Tệp ${file}: ${message}`, [{ file, message }]);
}

function tooLargeUnzipped(file: string, declared?: number): ValidationError {
	const size = declared === undefined ? '' : ` tới ${formatCount(Math.round(declared / 1048576))} MB`;
	return fileProblem(file, `khi giải nén tệp lớn${size}, vượt mức ${formatCount(MAX_UNZIPPED_BYTES / 1048576)} MB; tệp không được đọc.`);
}

export interface ReadOptions {
	/**
	 * Whether a row is the reader's header: a workbook whose sheet `sheetName` is missing
	 * (or, with '', whose first sheet lacks it) is read from the first sheet that has it.
	 */
	isHeader?: (labels: string[]) => boolean;
	/** Called before the rows of another sheet are given: the reader starts again. */
	restart?: () => void;
	/** The header's columns as a refusal names them, e.g. `cột «Mã xã»`, when no sheet has them. */
	header?: string;
}

export interface RowsRead {
	sheet?: string;
	/** How the file was read, for the preview: a CSV in the Windows code page. */
	notes: string[];
}

/**
 * Reads the rows of an uploaded .xlsx (sheet `sheetName`, or the first sheet when it is
 * '') or .csv in the worker, handing each row to `onRow` as it arrives. When the sheet is
 * missing or lacks the header `opts.isHeader` knows, the sheet that has it is read instead
 * (a file saved by another program, a sheet renamed). A file that cannot be read within the
 * limits (bytes inflated, rows, columns, memory, time) is refused.
 */
export async function readUploadRows(file: UploadedFile, sheetName: string, onRow: (row: SheetRow) => void, onProgress?: ReadProgress, opts: ReadOptions = {}): Promise<RowsRead> {
	if (file.bytes.length === 0) throw fileProblem(file.name, 'tệp trống.');
	const csv = isCsv(file.name);
	if (!csv && !/\.xlsx$/i.test(file.name))
		throw fileProblem(file.name, /\.xls$/i.test(file.name) ? 'định dạng .xls cũ không được hỗ trợ; hãy lưu lại thành .xlsx.' : 'chỉ nhận tệp .xlsx hoặc .csv.');
	if (!csv) {
		const zip = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b ? zipSummary(file.bytes) : null;
		if (!zip) throw fileProblem(file.name, 'không phải tệp Excel .xlsx (có thể là tệp khác được đổi đuôi).');
		if (!zip.entries.includes('xl/workbook.xml')) throw fileProblem(file.name, 'tệp nén này không chứa sổ tính Excel.');
		if (zip.uncompressed > MAX_UNZIPPED_BYTES) throw tooLargeUnzipped(file.name, zip.uncompressed);
	}
	// Whether the rows given so far hold the header: else another sheet's may.
	let headerSeen = !opts.isHeader;
	let given = 0;
	const read = await readInWorker(
		file,
		csv,
		sheetName,
		(row) => {
			if (!headerSeen && given < HEADER_SEARCH_ROWS && opts.isHeader!(headerLabels(row))) headerSeen = true;
			given++;
			onRow(row);
		},
		onProgress
	);
	const where = csv ? 'tệp' : sheetName ? `trang tính «${sheetName}»` : 'trang tính đầu tiên';
	if (read.encoding === 'utf16')
		throw fileProblem(file.name, 'tệp là văn bản UTF-16 («Unicode Text»), không phải CSV; trong Excel hãy chọn Lưu thành → «CSV UTF-8 (phân cách bằng dấu phẩy)».');
	if (read.tooManyRows !== null)
		throw fileProblem(file.name, `${where} dùng tới dòng ${formatCount(read.tooManyRows)}, vượt mức ${formatCount(MAX_SHEET_ROWS)} dòng; tệp không được đọc.`);
	if (read.tooManyColumns !== null)
		throw fileProblem(
			file.name,
			`dòng ${formatCount(read.tooManyColumns.row)} của ${where} có ô ở cột ${columnLetter(read.tooManyColumns.column - 1)}, vượt mức ${MAX_SHEET_COLUMNS} cột (tệp mẫu chỉ dùng vài cột đầu); hãy xóa các cột thừa rồi tải lên lại.`
		);
	const notes = read.encoding === 'windows-1258' ? ['Tệp CSV lưu theo bảng mã Windows-1258 (tiếng Việt) đã được đọc đúng dấu; lần sau nên lưu «CSV UTF-8».'] : [];
	if (csv) return { notes };
	const other = headerSeen ? null : opts.isHeader && sheetWithHeader(read.samples, opts.isHeader);
	if (other) {
		opts.restart?.();
		const again = await readUploadRows(file, other, onRow, onProgress);
		return { sheet: again.sheet, notes: [...notes, `Số liệu đọc từ trang tính «${other}»${sheetName && !read.found ? ` (tệp không có trang tính «${sheetName}»)` : ''}.`] };
	}
	if (!read.found && sheetName && read.sheetNames.length) {
		const sheets = read.sheetNames.map((n) => `«${n}»`).join(', ');
		if (opts.header)
			throw fileProblem(
				file.name,
				`không có trang tính «${sheetName}», và không trang tính nào (tệp có: ${sheets}) có dòng tiêu đề với ${opts.header} trong ${HEADER_SEARCH_ROWS} dòng đầu; hãy dùng tệp mẫu.`
			);
		// Neither the template's sheet nor one with its columns: the first sheet, for the reader to say what it lacks.
		opts.restart?.();
		return readUploadRows(file, '', onRow, onProgress);
	}
	if (!read.found) throw fileProblem(file.name, 'tệp không có trang tính nào.');
	return { sheet: sheetName || read.sheetNames[0], notes };
}

async function readInWorker(file: UploadedFile, csv: boolean, sheetName: string, onRow: (row: SheetRow) => void, onProgress?: ReadProgress): Promise<WorkbookRead> {
	try {
		const job = {
			task: 'read',
			format: csv ? 'csv' : 'xlsx',
			bytes: file.bytes,
			sheetName,
			maxRows: MAX_SHEET_ROWS,
			maxColumns: MAX_SHEET_COLUMNS,
			maxUnzipped: MAX_UNZIPPED_BYTES
		} as const;
		return await runWorkbookTask<WorkbookRead>(job, (rows, upTo, total) => {
			for (const row of rows) onRow(row);
			onProgress?.(upTo, total);
		});
	} catch (e) {
		if (!(e instanceof WorkbookUnreadable)) throw e;
		if (e.reason === 'unzipped') throw tooLargeUnzipped(file.name);
		const why = {
			corrupt: 'tệp hỏng, không đọc được như một sổ tính Excel.',
			memory: 'tệp cần quá nhiều bộ nhớ để đọc; tệp không được đọc.',
			time: 'đọc tệp quá lâu; tệp không được đọc.'
		};
		throw fileProblem(file.name, why[e.reason]);
	}
}
