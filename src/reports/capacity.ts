/**
 * Capacity in Excel (issue 27): the template a district head fills in (Mã xã, Tên xã,
 * Số máy, Số ca/ngày) and the plan of a district or group with its communes, as the page
 * shows it. Pure: data in, workbook out.
 */
import ExcelJS from 'exceljs';
import { MAX_SHIFTS_PER_DAY, planAdvice, VERDICT_LABELS, type Capacity, type Plan } from '../lib/domain/capacity';
import { CAPACITY_HEADERS } from '../lib/domain/capacity-sheet';
import { quotaCell, STATUS_LABELS } from '../lib/domain/labels';
import { addOfficialSheet, COUNT_FORMAT, excelDate, DATE_FORMAT, PACE_FORMAT, type Column, type OfficialHeader } from './official';

export const CAPACITY_SHEET = 'Năng lực';
const HEADER_ROW = 4;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };

export interface CapacityTemplateInput {
	campaignName: string;
	scopeName: string;
	generatedAt: string; // "HH:MM dd/mm/yyyy"
	rows: { code: string; name: string; capacity: Capacity }[];
}

export function buildCapacityTemplate(input: CapacityTemplateInput): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Tiến độ số hóa hộ tịch';
	const sheet = workbook.addWorksheet(CAPACITY_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
	sheet.getCell('A1').value = `NĂNG LỰC SỐ HÓA — ${input.scopeName.toLocaleUpperCase('vi-VN')}`;
	sheet.getCell('A1').font = { bold: true, size: 13 };
	sheet.getCell('A2').value =
		`${input.campaignName}. Tạo lúc ${input.generatedAt}. Mỗi xã ghi số máy (0 trở lên) và số ca làm việc mỗi ngày (1 đến ${MAX_SHIFTS_PER_DAY}); giá trị mới áp dụng từ lúc tải lên.`;
	const headers = ['STT', CAPACITY_HEADERS.commune, CAPACITY_HEADERS.communeName, CAPACITY_HEADERS.machines, CAPACITY_HEADERS.shiftsPerDay];
	const header = sheet.getRow(HEADER_ROW);
	headers.forEach((text, i) => {
		const cell = header.getCell(i + 1);
		cell.value = text;
		cell.font = { bold: true };
		cell.fill = HEADER_FILL;
	});
	[6, 10, 30, 10, 12].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
	sheet.getColumn(2).numFmt = '@'; // codes are text: 00004 stays 00004
	input.rows.forEach((r, i) => {
		sheet.getRow(HEADER_ROW + 1 + i).values = [i + 1, r.code, r.name, r.capacity.machines, r.capacity.shiftsPerDay];
	});
	return workbook;
}

export interface PlanLine {
	code: string;
	name: string;
	dailyQuota: number | null;
	pace: number;
	projectedFinish: string | null;
	plan: Plan;
}

const planColumns: Column<PlanLine>[] = [
	{ header: 'Mã', width: 8, value: (r) => r.code },
	{ header: 'Đơn vị', width: 26, value: (r) => r.name },
	{ header: 'Số máy', width: 8, value: (r) => r.plan.machines, numFmt: COUNT_FORMAT },
	{ header: 'Số ca/ngày', width: 8, value: (r) => r.plan.shiftsPerDay },
	{ header: 'Ca máy/ngày', width: 9, value: (r) => r.plan.machineShifts, numFmt: COUNT_FORMAT },
	{ header: 'Cần mỗi ngày (hồ sơ)', width: 11, value: (r) => quotaCell(r.dailyQuota), numFmt: COUNT_FORMAT },
	{ header: 'Tốc độ (hồ sơ/ngày)', width: 11, value: (r) => Math.round(r.pace * 10) / 10, numFmt: PACE_FORMAT },
	{ header: 'Hồ sơ mỗi ca máy', width: 10, value: (r) => (r.plan.ratePerMachineShift === null ? null : Math.round(r.plan.ratePerMachineShift * 10) / 10), numFmt: PACE_FORMAT },
	{ header: 'Ca máy cần/ngày', width: 9, value: (r) => r.plan.neededMachineShifts, numFmt: COUNT_FORMAT },
	{ header: 'Đánh giá', width: 14, value: (r) => (r.plan.verdict === null ? STATUS_LABELS.overdue : VERDICT_LABELS[r.plan.verdict]) },
	{ header: 'Thiếu máy', width: 8, value: (r) => r.plan.extraMachines, numFmt: COUNT_FORMAT },
	{ header: 'Hoặc thiếu ca/ngày', width: 9, value: (r) => r.plan.extraShifts },
	{ header: 'Dự báo hoàn thành', width: 12, value: (r) => (r.projectedFinish ? excelDate(r.projectedFinish) : null), numFmt: DATE_FORMAT },
	{ header: 'Việc cần làm', width: 34, value: (r) => planAdvice(r.plan) }
];

/** The plan of a district or group: one row per commune, its own row as the total. */
export function buildPlanWorkbook(header: OfficialHeader, communes: PlanLine[], total: PlanLine): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	addOfficialSheet(workbook, CAPACITY_SHEET, header, planColumns, communes, [total]);
	return workbook;
}
