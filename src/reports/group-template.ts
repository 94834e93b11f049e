/**
 * The Excel template of a province's cụm thi đua: one row per commune with its group's
 * code and name, prefilled with the groups in force. Pure: data in, workbook out.
 */
import ExcelJS from 'exceljs';
import { GROUP_CODE_RULE, GROUP_FILE_HEADERS, UNGROUPED } from '../lib/domain/groups';

export const GROUP_SHEET = 'Cụm thi đua';
const HEADER_ROW = 4;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };

export interface GroupTemplateInput {
	provinceName: string;
	generatedAt: string; // "HH:MM dd/mm/yyyy", local time
	rows: { code: string; name: string; group: string; groupName: string }[];
}

export function buildGroupTemplate(input: GroupTemplateInput): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Tiến độ số hóa hộ tịch';
	const sheet = workbook.addWorksheet(GROUP_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
	sheet.getCell('A1').value = `CỤM THI ĐUA — ${input.provinceName.toLocaleUpperCase('vi-VN')}`;
	sheet.getCell('A1').font = { bold: true, size: 13 };
	sheet.getCell('A2').value =
		`Tạo lúc ${input.generatedAt}. Mỗi xã ghi đúng một mã cụm; ${GROUP_CODE_RULE}. Để trống mã cụm là xã chưa xếp cụm (chỉ được chấp nhận khi chọn giữ ở nhóm «${UNGROUPED.name}»).`;
	sheet.getCell('A2').alignment = { wrapText: false };
	const headers = ['STT', GROUP_FILE_HEADERS.commune, GROUP_FILE_HEADERS.communeName, GROUP_FILE_HEADERS.group, GROUP_FILE_HEADERS.groupName];
	const header = sheet.getRow(HEADER_ROW);
	headers.forEach((text, i) => {
		const cell = header.getCell(i + 1);
		cell.value = text;
		cell.font = { bold: true };
		cell.fill = HEADER_FILL;
	});
	[6, 10, 30, 14, 30].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
	// Codes are text: Excel must not turn 00004 into 4.
	sheet.getColumn(2).numFmt = '@';
	sheet.getColumn(4).numFmt = '@';
	input.rows.forEach((r, i) => {
		sheet.getRow(HEADER_ROW + 1 + i).values = [i + 1, r.code, r.name, r.group, r.groupName];
	});
	return workbook;
}
