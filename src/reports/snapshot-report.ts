/**
 * Reports built from one snapshot (issue 6): the province report (summary of districts,
 * one sheet per district with its communes, one sheet per record type) and a district's
 * report. Pure: snapshot data in, workbook out.
 */
import ExcelJS from 'exceljs';
import { formatDateTime } from '../lib/domain/format';
import { quotaCell, STATUS_LABELS } from '../lib/domain/labels';
import { NATION_NAME, PROVINCE_HEADER, wholeProvince, wordsOfMiddle } from '../lib/domain/levels';
import { figureOf, KIND_LABELS, middleLevel, unitsOf, type SnapshotData, type SnapshotFigure, type SnapshotUnit } from '../lib/domain/snapshot';
import {
	addOfficialSheet,
	addSignatureBlock,
	COUNT_FORMAT,
	DATE_FORMAT,
	DATE_TIME_FORMAT,
	excelDate,
	excelDateTime,
	PACE_FORMAT,
	PCT_FORMAT,
	sheetName,
	type Column,
	type OfficialHeader
} from './official';
import { onePageReport, placeDateLine, provinceIssuer, type OnePageReport } from '../lib/domain/one-page';

export interface FigureRow {
	unit: SnapshotUnit | { code: string; name: string };
	figure: SnapshotFigure;
}

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
		{ header: 'Hạn', width: 11, value: (r) => excelDate(r.figure.deadline), numFmt: DATE_FORMAT },
		{ header: 'Số ngày còn lại', width: 9, value: (r) => r.figure.daysLeft, numFmt: COUNT_FORMAT },
		{ header: 'Chỉ tiêu/ngày', width: 10, value: (r) => quotaCell(r.figure.dailyQuota), numFmt: COUNT_FORMAT },
		{ header: 'Tốc độ (hồ sơ/ngày)', width: 11, value: (r) => Math.round(r.figure.pace * 10) / 10, numFmt: PACE_FORMAT },
		{ header: 'Dự kiến xong', width: 11, value: (r) => (r.figure.projectedFinish ? excelDate(r.figure.projectedFinish) : null), numFmt: DATE_FORMAT },
		{ header: 'Trạng thái', width: 15, value: (r) => STATUS_LABELS[r.figure.status] },
		{ header: 'Về đích', width: 16, value: (r) => (r.figure.finishedAt ? excelDateTime(r.figure.finishedAt, timeZone) : null), numFmt: DATE_TIME_FORMAT },
		{ header: 'Hạng', width: 6, value: (r) => r.figure.rank || null },
		{ header: 'Tăng từ lần chốt trước', width: 11, value: (r) => r.figure.creditedChange, numFmt: COUNT_FORMAT }
	];
}

/** "UBND TỈNH THÁI BÌNH" over "SỞ TƯ PHÁP". */
export const issuerOf = provinceIssuer;

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
	const words = wordsOfMiddle(level);
	const columns = figureColumns(words.middleTable, data.timeZone);
	addOnePageSheet(workbook, onePageReport(data), columns);
	for (const unit of middle) {
		const communes = unitsOf(data, 'commune', unit.key);
		addOfficialSheet(
			workbook,
			sheetName(workbook, unit.name),
			// The unit's name says what it is ("Huyện Vũ Thư", "Cụm thi đua số 1").
			header(data, `TIẾN ĐỘ SỐ HÓA CỦA ${unit.name.toLocaleUpperCase('vi-VN')}`),
			figureColumns(words.communesHeader, data.timeZone),
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
			province ? totalRow(data, province, wholeProvince(data.provinceName), type.code) : []
		);
	}
	return workbook;
}

/**
 * The national report of a national campaign (issue 29), issued by the ministry: the
 * provinces ranked, a sheet per record type by province, then a sheet per province with
 * its communes (under their districts or directly).
 */
export function buildNationReport(data: SnapshotData): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const nation = data.units.find((u) => u.level === 'nation');
	const provinces = unitsOf(data, 'province');
	const columns = figureColumns(PROVINCE_HEADER, data.timeZone);
	const ranked = (recordType = '') => rowsOf(data, provinces, recordType).sort((a, b) => a.figure.rank - b.figure.rank || a.unit.code.localeCompare(b.unit.code));
	const summary = addOfficialSheet(
		workbook,
		'Tổng hợp',
		header(data, 'TIẾN ĐỘ SỐ HÓA SỔ HỘ TỊCH CÁC TỈNH, THÀNH PHỐ'),
		columns,
		ranked(),
		nation ? totalRow(data, nation, NATION_NAME) : []
	);
	addSignatureBlock(summary, columns.length, {
		summary: [],
		dateLine: placeDateLine(NATION_NAME, data.slotAt, data.timeZone),
		signers: ['KT. CỤC TRƯỞNG', 'PHÓ CỤC TRƯỞNG'],
		recipients: ['Lãnh đạo Bộ (để báo cáo);', 'Sở Tư pháp các tỉnh, thành phố;', 'Lưu: VT.']
	});
	for (const type of data.recordTypes) {
		addOfficialSheet(
			workbook,
			sheetName(workbook, type.name),
			header(data, `TIẾN ĐỘ SỐ HÓA SỔ ${type.name.toLocaleUpperCase('vi-VN')}`),
			columns,
			ranked(type.code),
			nation ? totalRow(data, nation, NATION_NAME, type.code) : []
		);
	}
	// Each province's communes, in the tree's order: directly under it or under its districts.
	const provinceOf = new Map<string, string>();
	for (const u of data.units) if (u.level === 'province') provinceOf.set(u.key, u.key);
	for (const u of data.units) if (u.level === 'district' && u.parentKey) provinceOf.set(u.key, u.parentKey);
	const communesOf = new Map<string, SnapshotUnit[]>();
	for (const u of data.units) {
		const province = u.level === 'commune' && u.parentKey ? provinceOf.get(u.parentKey) : undefined;
		if (!province) continue;
		const list = communesOf.get(province);
		if (list) list.push(u);
		else communesOf.set(province, [u]);
	}
	const communeColumns = figureColumns(wordsOfMiddle(middleLevel(data)).communesHeader, data.timeZone);
	for (const province of provinces) {
		addOfficialSheet(
			workbook,
			sheetName(workbook, province.name),
			header(data, `TIẾN ĐỘ SỐ HÓA CỦA ${province.name.toLocaleUpperCase('vi-VN')}`),
			communeColumns,
			rowsOf(data, communesOf.get(province.key) ?? []),
			totalRow(data, province, wholeProvince(province.name))
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
		return figure ? [{ unit: { code: '', name: t.name }, figure }] : []; // record types by their names
	});
	const report = onePageReport(data, unit.key);
	const title = report.title;
	const summary = addOfficialSheet(workbook, 'Tổng hợp', header(data, title), figureColumns('Loại việc', data.timeZone), byType, totalRow(data, unit, `Cộng ${unit.name}`));
	addSignatureLines(summary, report, figureColumns('', data.timeZone).length);
	addOnePageSheet(workbook, report, figureColumns(report.table.unitHeader, data.timeZone), 'Các xã');
	for (const type of data.recordTypes) {
		addOfficialSheet(
			workbook,
			sheetName(workbook, type.name),
			header(data, `${unit.name.toLocaleUpperCase('vi-VN')}: SỔ ${type.name.toLocaleUpperCase('vi-VN')}`),
			figureColumns(wordsOfMiddle(middleLevel(data)).communesHeader, data.timeZone),
			rowsOf(data, communes, type.code),
			totalRow(data, unit, `Cộng ${unit.name}`, type.code)
		);
	}
	return workbook;
}

/** Under a sheet's table: the headline figures, the roll-call, the place and date, "Nơi nhận" and the signer. */
function addSignatureLines(sheet: ExcelJS.Worksheet, report: OnePageReport, columns: number): void {
	const names = report.rollCall.names.length ? [`${report.rollCall.names.join(', ')}.`] : [];
	addSignatureBlock(sheet, columns, {
		summary: [...report.headline, report.rollCall.headline, ...names],
		dateLine: report.placeDate,
		signers: report.signer,
		recipients: report.recipients
	});
}

/** The one-page report as a sheet: its header, the table sorted by rank, then the headline, roll-call and signature block. */
function addOnePageSheet(workbook: ExcelJS.Workbook, report: OnePageReport, columns: Column<FigureRow>[], name = 'Tổng hợp'): ExcelJS.Worksheet {
	const rows = report.table.rows.map((r) => ({ unit: { code: r.code, name: r.name }, figure: r.figure }));
	const total = { unit: { code: '', name: report.table.total.name }, figure: { ...report.table.total.figure, rank: 0 } };
	const sheet = addOfficialSheet(workbook, name, { issuer: report.issuer, title: report.title, subtitle: report.subtitle }, columns, rows, [total]);
	addSignatureLines(sheet, report, columns.length);
	return sheet;
}
