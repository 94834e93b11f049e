/**
 * The Excel template for entering counts (or, for admins, targets): an instructions sheet
 * in Vietnamese and a data sheet with one row per commune and one column per record type,
 * prefilled, with whole-number validation and a protected header. Pure: data in, workbook out.
 */
import ExcelJS from 'exceljs';
import { HEADERS } from '../lib/domain/count-sheet';
import { MAX_REPORTED_VALUE } from '../lib/domain/report-input';

export type TemplateKind = 'reports' | 'targets';

export const TEMPLATE_SHEETS: Record<TemplateKind, string> = { reports: 'Số liệu', targets: 'Chỉ tiêu' };
export const TEMPLATE_HEADER_ROW = 4;

export interface TemplateInput {
	kind: TemplateKind;
	campaignName: string;
	scopeName: string; // the province or district the file covers
	generatedAt: string; // "HH:MM dd/mm/yyyy", campaign time
	recordTypes: { code: string; name: string }[];
	rows: { code: string; name: string; parent: string; values: (number | null)[] }[];
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBEB' } };

function instructions(input: TemplateInput): string[] {
	const what = input.kind === 'reports' ? 'số hồ sơ đã số hóa (lũy kế)' : 'chỉ tiêu (tổng số hồ sơ cần số hóa)';
	return [
		`Mẫu nhập ${what}`,
		`Đợt: ${input.campaignName}`,
		`Phạm vi: ${input.scopeName} · Tạo lúc ${input.generatedAt}`,
		'',
		'Cách dùng',
		`1. Mở trang tính «${TEMPLATE_SHEETS[input.kind]}». Mỗi dòng là một xã; mỗi cột là một loại việc hộ tịch.`,
		input.kind === 'reports'
			? '2. Các ô đã điền sẵn số lũy kế hiện có. Sửa thành số lũy kế mới (tổng số đã nhập từ đầu đợt), không phải số tăng thêm.'
			: '2. Các ô đã điền sẵn chỉ tiêu hiện có. Sửa thành chỉ tiêu mới.',
		'3. Chỉ nhập số nguyên không âm, không dùng công thức. Có thể viết 1234 hoặc 1.234; không dùng dấu phẩy.',
		input.kind === 'reports' ? `4. Nếu số mới thấp hơn số cũ (đính chính), ghi lý do vào cột «${HEADERS.note}».` : '4. Không sửa mã xã, tên xã; không thêm hay xóa cột.',
		'5. Lưu tệp (.xlsx) và tải lên ở trang nhập số liệu. Trang xem trước liệt kê mọi thay đổi và mọi lỗi trước khi bạn xác nhận.',
		'6. Dòng không thay đổi sẽ không được ghi. Mọi thay đổi được ghi vào nhật ký (người nhập, thời điểm, giá trị cũ và mới).'
	];
}

export function buildCountTemplate(input: TemplateInput): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Tiến độ số hóa hộ tịch';

	const guide = workbook.addWorksheet('Hướng dẫn');
	guide.getColumn(1).width = 110;
	instructions(input).forEach((line, i) => {
		const cell = guide.getCell(i + 1, 1);
		cell.value = line;
		if (i === 0 || line === 'Cách dùng') cell.font = { bold: true, size: i === 0 ? 14 : 12 };
	});

	const sheet = workbook.addWorksheet(TEMPLATE_SHEETS[input.kind], { views: [{ state: 'frozen', ySplit: TEMPLATE_HEADER_ROW, xSplit: 2 }] });
	sheet.getCell('A1').value = input.kind === 'reports' ? `SỐ LIỆU SỐ HÓA — ${input.campaignName}` : `CHỈ TIÊU SỐ HÓA — ${input.campaignName}`;
	sheet.getCell('A1').font = { bold: true, size: 13 };
	sheet.getCell('A2').value = `${input.scopeName} · Tạo lúc ${input.generatedAt}`;

	const headers = [HEADERS.code, HEADERS.name, HEADERS.parent, ...input.recordTypes.map((r) => r.name), ...(input.kind === 'reports' ? [HEADERS.note] : [])];
	const header = sheet.getRow(TEMPLATE_HEADER_ROW);
	headers.forEach((text, i) => {
		const cell = header.getCell(i + 1);
		cell.value = text;
		cell.font = { bold: true };
		cell.fill = HEADER_FILL;
		cell.alignment = { wrapText: true, vertical: 'middle' };
	});
	header.height = 32;
	sheet.getColumn(1).width = 9;
	sheet.getColumn(2).width = 26;
	sheet.getColumn(3).width = 22;
	input.recordTypes.forEach((_, i) => {
		sheet.getColumn(4 + i).width = 14;
		sheet.getColumn(4 + i).numFmt = '#,##0';
	});
	if (input.kind === 'reports') sheet.getColumn(4 + input.recordTypes.length).width = 40;

	input.rows.forEach((r, i) => {
		const row = sheet.getRow(TEMPLATE_HEADER_ROW + 1 + i);
		row.getCell(1).value = r.code;
		row.getCell(2).value = r.name;
		row.getCell(3).value = r.parent;
		r.values.forEach((value, j) => {
			const cell = row.getCell(4 + j);
			cell.value = value ?? 0;
			cell.fill = INPUT_FILL;
			cell.protection = { locked: false };
			cell.dataValidation = {
				type: 'whole',
				operator: 'between',
				allowBlank: false,
				formulae: [0, MAX_REPORTED_VALUE],
				showErrorMessage: true,
				errorTitle: 'Số không hợp lệ',
				error: `Nhập số nguyên từ 0 đến ${MAX_REPORTED_VALUE.toLocaleString('vi-VN')}.`
			};
		});
		if (input.kind === 'reports') row.getCell(4 + r.values.length).protection = { locked: false };
	});
	void sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, sort: false, autoFilter: false });
	return workbook;
}
