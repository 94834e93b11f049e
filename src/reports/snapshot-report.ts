/**
 * Reports built from one snapshot (issue 6): the province report (summary of districts,
 * one sheet per district with its communes, one sheet per record type) and a district's
 * report. Pure: snapshot data in, workbook out.
 */
import ExcelJS from 'exceljs';
import { formatDate, formatDateTime } from '../lib/domain/format';
import { STATUS_LABELS } from '../lib/domain/labels';
import { figureOf, KIND_LABELS, middleLevel, unitsOf, type SnapshotData, type SnapshotFigure, type SnapshotUnit } from '../lib/domain/snapshot';
import { addOfficialSheet, COUNT_FORMAT, PACE_FORMAT, PCT_FORMAT, sheetName, type Column, type OfficialHeader } from './official';

export interface FigureRow {
	unit: SnapshotUnit | { code: string; name: string };
	figure: SnapshotFigure;
}

const MIDDLE_NAMES = { district: 'huyện', group: 'cụm' };

/** The columns of every figures table, the unit column named by `unitHeader`. */
export function figureColumns(unitHeader: string, timeZone: string): Column<FigureRow>[] {
	return [
		{ header: 'STT', width: 5, value: (_, i) => i + 1 },
		{ header: 'Mã', width: 8, value: (r) => r.unit.code },
		{ header: unitHeader, width: 26, value: (r) => r.unit.name },
		{ header: 'Chỉ tiêu', width: 12, value: (r) => r.figure.target, numFmt: COUNT_FORMAT },
		{ header: 'Đã số hóa', width: 12, value: (r) => r.figure.done, numFmt: COUNT_FORMAT },
		{ header: 'Được tính', width: 12, value: (r) => r.figure.credited, numFmt: COUNT_FORMAT },
		{ header: 'Còn lại', width: 12, value: (r) => r.figure.remaining, numFmt: COUNT_FORMAT },
		{ header: 'Tỷ lệ', width: 8, value: (r) => r.figure.pct, numFmt: PCT_FORMAT },
		{ header: 'Hạn', width: 11, value: (r) => formatDate(r.figure.deadline) },
		{ header: 'Số ngày còn lại', width: 9, value: (r) => r.figure.daysLeft, numFmt: COUNT_FORMAT },
		{ header: 'Chỉ tiêu/ngày', width: 10, value: (r) => (r.figure.dailyQuota === null ? 'Quá hạn' : r.figure.dailyQuota), numFmt: COUNT_FORMAT },
		{ header: 'Tốc độ (hồ sơ/ngày)', width: 11, value: (r) => Math.round(r.figure.pace * 10) / 10, numFmt: PACE_FORMAT },
		{ header: 'Dự kiến xong', width: 11, value: (r) => (r.figure.projectedFinish ? formatDate(r.figure.projectedFinish) : '') },
		{ header: 'Trạng thái', width: 15, value: (r) => STATUS_LABELS[r.figure.status] },
		{ header: 'Về đích', width: 16, value: (r) => (r.figure.finishedAt ? formatDateTime(r.figure.finishedAt, timeZone) : '') },
		{ header: 'Hạng', width: 6, value: (r) => r.figure.rank || null },
		{ header: 'Tăng từ lần chốt trước', width: 11, value: (r) => r.figure.creditedChange, numFmt: COUNT_FORMAT }
	];
}

/** "UBND TỈNH THÁI BÌNH" over "SỞ TƯ PHÁP". */
export function issuerOf(provinceName: string): [string, string] {
	return [`UBND ${provinceName.toLocaleUpperCase('vi-VN')}`, 'SỞ TƯ PHÁP'];
}

export function snapshotTitleLine(data: SnapshotData): string {
	const kind = data.kind === 'scheduled' ? '' : ` (${KIND_LABELS[data.kind].toLocaleLowerCase('vi-VN')})`;
	return `Số liệu chốt lúc ${formatDateTime(data.slotAt, data.timeZone)}${kind}`;
}

function header(data: SnapshotData, title: string): OfficialHeader {
	return { issuer: issuerOf(data.provinceName), title, subtitle: [data.campaignName, snapshotTitleLine(data)] };
}

function rowsOf(data: SnapshotData, units: SnapshotUnit[], recordType = ''): FigureRow[] {
	return units.flatMap((unit) => {
		const figure = figureOf(data, unit.key, recordType);
		return figure ? [{ unit, figure }] : [];
	});
}

function totalRow(data: SnapshotData, unit: SnapshotUnit, label: string, recordType = ''): FigureRow[] {
	const figure = figureOf(data, unit.key, recordType);
	return figure ? [{ unit: { code: '', name: label }, figure: { ...figure, rank: 0 } }] : [];
}

/** The province report: summary, a sheet per district (or group), a sheet per record type. */
export function buildProvinceReport(data: SnapshotData): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const province = unitsOf(data, 'province')[0];
	const level = middleLevel(data);
	const middle = unitsOf(data, level);
	const unitHeader = level === 'group' ? 'Cụm thi đua' : 'Huyện, thị xã, thành phố';
	const columns = figureColumns(unitHeader, data.timeZone);
	const provinceTotal = province ? totalRow(data, province, `Toàn ${data.provinceName}`) : [];
	addOfficialSheet(workbook, 'Tổng hợp', header(data, 'BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH'), columns, rowsOf(data, middle), provinceTotal);
	for (const unit of middle) {
		const communes = unitsOf(data, 'commune', unit.key);
		addOfficialSheet(
			workbook,
			sheetName(workbook, unit.name),
			header(data, `TIẾN ĐỘ SỐ HÓA CỦA ${MIDDLE_NAMES[level].toLocaleUpperCase('vi-VN')} ${unit.name.toLocaleUpperCase('vi-VN')}`),
			figureColumns('Xã, phường, thị trấn', data.timeZone),
			rowsOf(data, communes),
			totalRow(data, unit, `Cộng ${unit.name}`)
		);
	}
	for (const type of data.recordTypes) {
		addOfficialSheet(
			workbook,
			sheetName(workbook, type.name),
			header(data, `TIẾN ĐỘ SỐ HÓA SỔ ${type.name.toLocaleUpperCase('vi-VN')}`),
			columns,
			rowsOf(data, middle, type.code),
			province ? totalRow(data, province, `Toàn ${data.provinceName}`, type.code) : []
		);
	}
	return workbook;
}

/** A district's (or group's) report: its figures by record type, then its communes, then a sheet per record type. */
export function buildDistrictReport(data: SnapshotData, unitKey: string): ExcelJS.Workbook {
	const unit = data.units.find((u) => u.key === unitKey);
	if (!unit) throw new Error(`unit ${unitKey} is not in snapshot ${data.id}`);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const communes = unitsOf(data, 'commune', unit.key);
	const byType: FigureRow[] = data.recordTypes.flatMap((t) => {
		const figure = figureOf(data, unit.key, t.code);
		return figure ? [{ unit: { code: t.code, name: t.name }, figure }] : [];
	});
	const title = `BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH — ${unit.name.toLocaleUpperCase('vi-VN')}`;
	addOfficialSheet(workbook, 'Tổng hợp', header(data, title), figureColumns('Loại việc', data.timeZone), byType, totalRow(data, unit, `Cộng ${unit.name}`));
	addOfficialSheet(workbook, 'Các xã', header(data, title), figureColumns('Xã, phường, thị trấn', data.timeZone), rowsOf(data, communes), totalRow(data, unit, `Cộng ${unit.name}`));
	for (const type of data.recordTypes) {
		addOfficialSheet(
			workbook,
			sheetName(workbook, type.name),
			header(data, `${unit.name.toLocaleUpperCase('vi-VN')}: SỔ ${type.name.toLocaleUpperCase('vi-VN')}`),
			figureColumns('Xã, phường, thị trấn', data.timeZone),
			rowsOf(data, communes, type.code),
			totalRow(data, unit, `Cộng ${unit.name}`, type.code)
		);
	}
	return workbook;
}
