/** The estimate mark of figures read on another hierarchy version (DESIGN §4), in workbooks. Pure. */
import type ExcelJS from 'exceljs';
import { ESTIMATE_MARK, ESTIMATE_NOTE } from '../lib/domain/across-versions';
import { formatDate } from '../lib/domain/format';
import type { Column } from './official';

/** A column marking the rows that rest on an undeclared share, when any does; none otherwise. */
export function estimateColumns<R>(rows: R[], estimate: (r: R) => boolean | undefined): Column<R>[] {
	return rows.some((r) => estimate(r)) ? [{ header: 'Ước tính', width: 10, value: (r) => (estimate(r) ? ESTIMATE_MARK : '') }] : [];
}

/** The footnote under a table whose rows carry the mark. */
export function addEstimateNote(sheet: ExcelJS.Worksheet, columns: number): void {
	const row = sheet.addRow([ESTIMATE_NOTE]);
	sheet.mergeCells(row.number, 1, row.number, columns);
	row.getCell(1).font = { italic: true, size: 10 };
	row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
	row.height = 30;
}

/** The subtitle line of a file read on another hierarchy version. */
export function hierarchyLine(asOf: string): string {
	return `Theo địa giới hành chính hiện nay (danh mục ngày ${formatDate(asOf)}), chuyển từ các xã cũ theo bảng chuyển đổi`;
}
