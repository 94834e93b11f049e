/** A leaderboard as an official-looking workbook (issue 7). Pure. */
import ExcelJS from 'exceljs';
import { bracketLabel } from '../lib/domain/emulation';
import { formatDateTime } from '../lib/domain/format';
import { STATUS_LABELS } from '../lib/domain/labels';
import { markOf, type LeaderRow } from '../lib/domain/leaderboard';
import type { LevelWords } from '../lib/domain/levels';
import { movementLabel } from '../lib/domain/snapshot';
import { addOfficialSheet, COUNT_FORMAT, PACE_FORMAT, PCT_FORMAT, type Column } from './official';
import { addEstimateNote, estimateColumns, hierarchyLine } from './estimates';
import { issuerOf } from './snapshot-report';

export interface LeaderboardInput {
	provinceName: string;
	campaignName: string;
	timeZone: string;
	slotAt: string;
	title: string; // e.g. "BẢNG XẾP HẠNG THI ĐUA CỤM THI ĐUA"
	unitHeader: string;
	/** The parent column of communes, when there is one: "Huyện" or "Cụm thi đua". */
	words: LevelWords;
	withParent: boolean;
	/** The campaign's size-bracket thresholds; no bracket columns when empty. */
	thresholds: readonly number[];
	rows: LeaderRow[];
	/** Read on another hierarchy version (its date), with the estimate marks; null: the campaign's own. */
	hierarchy?: string | null;
}

/** Percentage points with their sign, one decimal: "+3,2". */
const POINTS_FORMAT = '+0.0;-0.0;0.0';

export function buildLeaderboardWorkbook(input: LeaderboardInput): ExcelJS.Workbook {
	const tz = input.timeZone;
	const columns: Column<LeaderRow>[] = [
		{ header: 'Hạng', width: 6, value: (r) => r.rank },
		{ header: 'So với lần trước', width: 9, value: (r) => movementLabel(r.rankChange) },
		{ header: 'Mã', width: 8, value: (r) => r.code },
		{ header: input.unitHeader, width: 26, value: (r) => r.name },
		...(input.withParent ? [{ header: input.words.middleHeader, width: 20, value: (r: LeaderRow) => r.parentName ?? '' }] : []),
		{ header: 'Tỷ lệ', width: 8, value: (r) => r.pct, numFmt: PCT_FORMAT },
		{ header: 'Được tính', width: 12, value: (r) => r.credited, numFmt: COUNT_FORMAT },
		{ header: 'Chỉ tiêu', width: 12, value: (r) => r.target, numFmt: COUNT_FORMAT },
		{ header: 'Về đích', width: 16, value: (r) => (r.finishedAt && r.target > 0 ? formatDateTime(r.finishedAt, tz) : '') },
		{ header: 'Tốc độ (hồ sơ/ngày)', width: 11, value: (r) => Math.round(r.pace * 10) / 10, numFmt: PACE_FORMAT },
		{ header: 'Trạng thái', width: 15, value: (r) => STATUS_LABELS[r.status] },
		{ header: 'Tiến bộ (điểm %)', width: 10, value: (r) => (r.improvement === null ? null : Math.round(r.improvement * 10) / 10), numFmt: POINTS_FORMAT },
		{ header: 'Hạng tiến bộ', width: 8, value: (r) => r.improvementRank },
		...(input.thresholds.length
			? [
					{ header: 'Nhóm quy mô', width: 22, value: (r: LeaderRow) => (r.bracket === null ? '' : bracketLabel(r.bracket, input.thresholds)) },
					{ header: 'Hạng trong nhóm', width: 8, value: (r: LeaderRow) => r.bracketRank }
				]
			: []),
		{ header: 'Chuỗi ngày đạt chỉ tiêu', width: 9, value: (r) => r.streak },
		{ header: 'Ghi chú', width: 26, value: (r) => markOf(r, input.words) },
		...estimateColumns(input.rows, (r) => r.estimate)
	];
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const sheet = addOfficialSheet(
		workbook,
		'Xếp hạng',
		{
			issuer: issuerOf(input.provinceName),
			title: input.title,
			subtitle: [input.campaignName, `Theo số liệu chốt lúc ${formatDateTime(input.slotAt, tz)}`, ...(input.hierarchy ? [hierarchyLine(input.hierarchy)] : [])]
		},
		columns,
		input.rows
	);
	if (input.rows.some((r) => r.estimate)) addEstimateNote(sheet, columns.length);
	return workbook;
}
