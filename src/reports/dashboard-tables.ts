/** Each table of a dashboard as a workbook (issue 8): the same rows, with the official header. Pure. */
import ExcelJS from 'exceljs';
import type { Dashboard } from '../lib/domain/dashboard';
import { formatDateTime } from '../lib/domain/format';
import { quotaCell, STATUS_LABELS } from '../lib/domain/labels';
import type { LeaderRow } from '../lib/domain/leaderboard';
import { KIND_LABELS, type SnapshotFigure } from '../lib/domain/snapshot';
import { addOfficialSheet, COUNT_FORMAT, PACE_FORMAT, PCT_FORMAT, type Column } from './official';
import { addEstimateNote, estimateColumns, hierarchyLine } from './estimates';
import { issuerOf } from './snapshot-report';

export const DASHBOARD_TABLES = ['don-vi', 'loai-viec', 'chua-bao-cao'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const figureColumns = <R>(f: (r: R) => SnapshotFigure): Column<R>[] => [
	{ header: 'Tỷ lệ', width: 8, value: (r) => f(r).pct, numFmt: PCT_FORMAT },
	{ header: 'Được tính', width: 12, value: (r) => f(r).credited, numFmt: COUNT_FORMAT },
	{ header: 'Chỉ tiêu', width: 12, value: (r) => f(r).target, numFmt: COUNT_FORMAT },
	{ header: 'Còn lại', width: 12, value: (r) => f(r).remaining, numFmt: COUNT_FORMAT },
	{ header: 'Ngày còn lại', width: 8, value: (r) => f(r).daysLeft },
	{ header: 'Cần mỗi ngày', width: 11, value: (r) => quotaCell(f(r).dailyQuota), numFmt: COUNT_FORMAT },
	{ header: 'Tốc độ (hồ sơ/ngày)', width: 11, value: (r) => Math.round(f(r).pace * 10) / 10, numFmt: PACE_FORMAT },
	{ header: 'Trạng thái', width: 15, value: (r) => STATUS_LABELS[f(r).status] }
];

export function buildDashboardTable(d: Dashboard, table: DashboardTable): ExcelJS.Workbook {
	const tz = d.campaign.timeZone;
	const unitName = d.unit.level === 'province' ? d.provinceName : d.unit.name;
	const shown = d.hierarchy?.shown ?? null;
	const header = (title: string) => ({ issuer: issuerOf(d.provinceName), title, subtitle: [d.campaign.name, d.moment.label, ...(shown ? [hierarchyLine(shown)] : [])] });
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const upper = unitName.toLocaleUpperCase('vi-VN');
	if (table === 'don-vi') {
		const childName = d.childLevel === 'commune' ? d.words.communesHeader : d.words.middleHeader;
		const marks = estimateColumns(d.children, (r) => r.estimate);
		const columns: Column<LeaderRow>[] = [
			{ header: 'Hạng', width: 6, value: (r) => r.rank },
			{ header: 'Mã', width: 8, value: (r) => r.code },
			{ header: childName, width: 26, value: (r) => r.name },
			...figureColumns<LeaderRow>((r) => r),
			...marks
		];
		const sheet = addOfficialSheet(workbook, 'Theo đơn vị', header(`TIẾN ĐỘ SỐ HÓA THEO ${childName.toLocaleUpperCase('vi-VN')} — ${upper}`), columns, d.children);
		if (marks.length) addEstimateNote(sheet, columns.length);
	} else if (table === 'loai-viec') {
		type Row = Dashboard['byRecordType'][number];
		const marks = estimateColumns(d.byRecordType, (r) => r.figure.estimate);
		const columns: Column<Row>[] = [{ header: 'Loại việc', width: 30, value: (r) => r.name }, ...figureColumns<Row>((r) => r.figure), ...marks];
		const sheet = addOfficialSheet(workbook, 'Theo loại việc', header(`TIẾN ĐỘ SỐ HÓA THEO LOẠI VIỆC — ${upper}`), columns, d.byRecordType);
		if (marks.length) addEstimateNote(sheet, columns.length);
	} else {
		type Row = Dashboard['silent'][number];
		const columns: Column<Row>[] = [
			{ header: 'STT', width: 6, value: (_r, i) => i + 1 },
			{ header: 'Mã', width: 8, value: (r) => r.code },
			{ header: d.words.communesHeader, width: 26, value: (r) => r.name },
			{ header: d.words.middleHeader, width: 22, value: (r) => r.parentName ?? '' },
			{ header: 'Báo cáo gần nhất', width: 18, value: (r) => (r.lastReportAt ? formatDateTime(r.lastReportAt, tz) : 'Chưa báo cáo') }
		];
		addOfficialSheet(workbook, 'Chưa báo cáo', header(`CÁC XÃ CHƯA BÁO CÁO TỪ LẦN CHỐT TRƯỚC — ${upper}`), columns, d.silent);
	}
	return workbook;
}

export interface ArchiveLine {
	slotAt: string;
	kind: string;
	pct: number | null;
	credited: number | null;
	target: number | null;
	change: number | null;
}

/** The snapshots archive as a workbook: one row per snapshot, newest first. */
export function buildArchiveTable(input: { provinceName: string; campaignName: string; timeZone: string; rows: ArchiveLine[] }): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const columns: Column<ArchiveLine>[] = [
		{ header: 'Thời điểm chốt', width: 18, value: (r) => formatDateTime(r.slotAt, input.timeZone) },
		{ header: 'Loại', width: 14, value: (r) => KIND_LABELS[r.kind] ?? r.kind },
		{ header: 'Tỷ lệ toàn tỉnh', width: 10, value: (r) => r.pct, numFmt: PCT_FORMAT },
		{ header: 'Được tính', width: 13, value: (r) => r.credited, numFmt: COUNT_FORMAT },
		{ header: 'Chỉ tiêu', width: 13, value: (r) => r.target, numFmt: COUNT_FORMAT },
		{ header: 'Tăng so với lần trước', width: 12, value: (r) => r.change, numFmt: COUNT_FORMAT }
	];
	addOfficialSheet(workbook, 'Các lần chốt', { issuer: issuerOf(input.provinceName), title: 'CÁC LẦN CHỐT SỐ LIỆU', subtitle: [input.campaignName] }, columns, input.rows);
	return workbook;
}
