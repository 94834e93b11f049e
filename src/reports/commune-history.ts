/** A commune's history as a workbook: one row per report or target change, newest first. Pure. */
import ExcelJS from 'exceljs';
import { formatDateTime } from '../lib/domain/format';
import { HISTORY_LABELS, type HistoryEntry } from '../lib/domain/history';
import { SOURCE_LABELS } from '../lib/domain/labels';

export interface HistoryInput {
	campaignName: string;
	communeName: string;
	parentName: string | null;
	timeZone: string;
	generatedAt: Date;
	typeNames: Record<string, string>;
	entries: HistoryEntry[];
}

const COLUMNS = [
	{ header: 'Thời điểm nhận', width: 18 },
	{ header: 'Số liệu tính đến', width: 18 },
	{ header: 'Loại thay đổi', width: 16 },
	{ header: 'Loại việc', width: 22 },
	{ header: 'Trước', width: 12 },
	{ header: 'Sau', width: 12 },
	{ header: 'Nguồn', width: 12 },
	{ header: 'Người nhập', width: 24 },
	{ header: 'Lý do / ghi chú', width: 40 }
];

export function buildHistoryWorkbook(input: HistoryInput): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Lịch sử', { views: [{ state: 'frozen', ySplit: 4 }] });
	sheet.getCell('A1').value = `LỊCH SỬ SỐ LIỆU — ${input.communeName}${input.parentName ? `, ${input.parentName}` : ''}`;
	sheet.getCell('A1').font = { bold: true, size: 13 };
	sheet.getCell('A2').value = `${input.campaignName} · Xuất lúc ${formatDateTime(input.generatedAt, input.timeZone)}`;
	const header = sheet.getRow(4);
	COLUMNS.forEach((c, i) => {
		header.getCell(i + 1).value = c.header;
		header.getCell(i + 1).font = { bold: true };
		sheet.getColumn(i + 1).width = c.width;
	});
	sheet.getColumn(5).numFmt = '#,##0';
	sheet.getColumn(6).numFmt = '#,##0';
	input.entries.forEach((e, i) => {
		sheet.getRow(5 + i).values = [
			formatDateTime(e.at, input.timeZone),
			e.asOf ? formatDateTime(e.asOf, input.timeZone) : '',
			HISTORY_LABELS[e.kind],
			input.typeNames[e.recordType] ?? e.recordType,
			e.before,
			e.after,
			SOURCE_LABELS[e.source] ?? e.source,
			e.author ?? '',
			e.note ?? ''
		];
	});
	sheet.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' };
	return workbook;
}
