/**
 * The layout every official report shares (DESIGN §6): the issuing unit on the left, the
 * national motto on the right, the title and the time, then a table whose header repeats
 * on every printed page. Values are written as values: never a formula.
 */
import type ExcelJS from 'exceljs';
import { localParts } from '../lib/domain/time';

export interface OfficialHeader {
	/** Two lines, e.g. "UBND TỈNH THÁI BÌNH" and "SỞ TƯ PHÁP". */
	issuer: [string, string];
	title: string;
	subtitle: string[];
}

export interface Column<Row> {
	header: string;
	width: number;
	value: (row: Row, index: number) => string | number | Date | null;
	numFmt?: string;
}

export const COUNT_FORMAT = '#,##0';
export const PCT_FORMAT = '0.0%';
export const PACE_FORMAT = '#,##0.0';
export const DATE_FORMAT = 'dd/mm/yyyy';
export const DATE_TIME_FORMAT = 'hh:mm dd/mm/yyyy';

/** A local date ("2024-12-21") as an Excel date: a real date cell, shown 21/12/2024. */
export function excelDate(date: string): Date {
	const [y, m, d] = date.slice(0, 10).split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
}

/** An instant as an Excel date and time in the campaign's zone (Excel has no zones: the wall-clock time is stored). */
export function excelDateTime(instant: string, timeZone: string): Date {
	const p = localParts(new Date(instant), timeZone);
	return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute));
}

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** Writes the header block and returns the row number of the table header. */
function writeHeader(sheet: ExcelJS.Worksheet, header: OfficialHeader, columns: number): number {
	const half = Math.max(2, Math.floor(columns / 2));
	const line = (row: number, from: number, to: number, text: string, font: Partial<ExcelJS.Font>) => {
		if (to > from) sheet.mergeCells(row, from, row, to);
		const cell = sheet.getCell(row, from);
		cell.value = text;
		cell.font = font;
		cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
	};
	line(1, 1, half - 1, header.issuer[0], { size: 11 });
	line(2, 1, half - 1, header.issuer[1], { bold: true, size: 11 });
	line(1, half, columns, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 11 });
	line(2, half, columns, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 11, underline: true });
	line(4, 1, columns, header.title, { bold: true, size: 14 });
	header.subtitle.forEach((text, i) => line(5 + i, 1, columns, text, { italic: true, size: 11 }));
	return 6 + header.subtitle.length;
}

/** A sheet with the official header and one table; A4 landscape, header rows frozen and repeated. */
export function addOfficialSheet<Row>(
	workbook: ExcelJS.Workbook,
	name: string,
	header: OfficialHeader,
	columns: Column<Row>[],
	rows: Row[],
	footer: Row[] = []
): ExcelJS.Worksheet {
	const sheet = workbook.addWorksheet(name);
	const headerRow = writeHeader(sheet, header, columns.length);
	const head = sheet.getRow(headerRow);
	columns.forEach((c, i) => {
		const cell = head.getCell(i + 1);
		cell.value = c.header;
		cell.font = { bold: true };
		cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
		cell.border = border;
		sheet.getColumn(i + 1).width = c.width;
	});
	head.height = 32;
	const all = [...rows, ...footer];
	all.forEach((row, r) => {
		const excelRow = sheet.getRow(headerRow + 1 + r);
		columns.forEach((c, i) => {
			const cell = excelRow.getCell(i + 1);
			cell.value = c.value(row, r);
			if (c.numFmt) cell.numFmt = c.numFmt;
			cell.border = border;
		});
		if (r >= rows.length) excelRow.font = { bold: true };
	});
	sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }];
	sheet.pageSetup = {
		paperSize: 9, // A4
		orientation: 'landscape',
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: 0,
		printTitlesRow: `${headerRow}:${headerRow}`,
		margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 }
	};
	return sheet;
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ and unique in the workbook. */
export function sheetName(workbook: ExcelJS.Workbook, wanted: string): string {
	const base =
		wanted
			.replace(/[[\]:*?/\\]/g, ' ')
			.slice(0, 31)
			.trim() || 'Trang';
	let name = base;
	for (let i = 2; workbook.getWorksheet(name); i++) name = `${base.slice(0, 27)} (${i})`;
	return name;
}

/**
 * Below the table: summary lines, then the place and date and the signers' titles, side by
 * side; with `recipients`, "Nơi nhận" on the left and the one signer on the right.
 */
export function addSignatureBlock(
	sheet: ExcelJS.Worksheet,
	columns: number,
	block: { summary: string | string[]; dateLine: string; signers: string[]; recipients?: string[] }
): void {
	const summary = typeof block.summary === 'string' ? [block.summary] : block.summary;
	let first = sheet.rowCount + 2;
	summary.forEach((text, i) => {
		const cell = sheet.getCell(first + i, 1);
		cell.value = text;
		cell.font = i === 0 && summary.length > 1 ? { bold: true } : { italic: summary.length === 1 };
	});
	first += summary.length - 1;
	const half = Math.max(2, Math.floor(columns / 2));
	const spans = [
		[1, half - 1],
		[half, columns]
	];
	const put = (row: number, [from, to]: number[], text: string, font: Partial<ExcelJS.Font>) => {
		if (to > from) sheet.mergeCells(row, from, row, to);
		const cell = sheet.getCell(row, from);
		cell.value = text;
		cell.font = font;
		cell.alignment = { horizontal: 'center' };
	};
	put(first + 2, spans[1], block.dateLine, { italic: true });
	if (block.recipients) {
		sheet.getCell(first + 3, 1).value = 'Nơi nhận:';
		sheet.getCell(first + 3, 1).font = { bold: true, italic: true };
		block.recipients.forEach((r, i) => {
			sheet.getCell(first + 4 + i, 1).value = `- ${r}`;
			sheet.getCell(first + 4 + i, 1).font = { size: 9 };
		});
		block.signers.forEach((title, i) => put(first + 3 + i, spans[1], title, { bold: true }));
		return;
	}
	block.signers.slice(0, 2).forEach((title, i) => put(first + 3, spans[i], title, { bold: true }));
}
