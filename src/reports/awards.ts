/** A frozen award list as an official workbook (issue 7). Pure. */
import ExcelJS from 'exceljs';
import type { ListedUnit } from '../lib/domain/awards';
import { formatDateTime } from '../lib/domain/format';
import { UNIT_LEVEL_LABELS } from '../lib/domain/labels';
import { KIND_LABELS } from '../lib/domain/snapshot';
import { placeDateLine } from '../lib/domain/one-page';
import { addOfficialSheet, addSignatureBlock, COUNT_FORMAT, PCT_FORMAT, type Column } from './official';

export interface AwardListInput {
	issuer: [string, string];
	provinceName: string;
	campaignName: string;
	timeZone: string;
	list: {
		id: number;
		name: string;
		kind: string;
		title: string;
		description: string;
		slotAt: string;
		snapshotId: number;
		snapshotKind: string;
		frozenAt: string;
		entries: ListedUnit[];
	};
}

/** The lines under the title: the campaign, the rule, the snapshot it rests on, when it was frozen. */
export function awardListSubtitle(input: Pick<AwardListInput, 'campaignName' | 'timeZone' | 'list'>): string[] {
	const { list, timeZone: tz } = input;
	const kind = list.snapshotKind === 'scheduled' ? '' : `, ${KIND_LABELS[list.snapshotKind]?.toLocaleLowerCase('vi-VN') ?? list.snapshotKind}`;
	return [
		input.campaignName,
		`Tiêu chí «${list.name}»: ${list.description}`,
		`Căn cứ số liệu chốt lúc ${formatDateTime(list.slotAt, tz)} (lần chốt số #${list.snapshotId}${kind}); danh sách chốt lúc ${formatDateTime(list.frozenAt, tz)}`
	];
}

/** "Thái Bình, ngày 21 tháng 12 năm 2024": the place and date above the signatures. */
export const awardListDateLine = placeDateLine;

export const AWARD_SIGNERS = ['NGƯỜI LẬP BIỂU', 'GIÁM ĐỐC'];

export function buildAwardWorkbook(input: AwardListInput): ExcelJS.Workbook {
	const tz = input.timeZone;
	const withParent = input.list.entries.some((e) => e.level === 'commune');
	const withReason = input.list.entries.some((e) => e.reason);
	const columns: Column<ListedUnit>[] = [
		{ header: 'STT', width: 6, value: (e) => e.position },
		{ header: 'Đơn vị', width: 28, value: (e) => e.name },
		...(withParent ? [{ header: 'Thuộc', width: 20, value: (e: ListedUnit) => e.parentName ?? '' }] : []),
		{ header: 'Cấp', width: 11, value: (e) => UNIT_LEVEL_LABELS[e.level] ?? e.level },
		{ header: 'Kết quả (tỷ lệ hoàn thành)', width: 12, value: (e) => e.pct, numFmt: PCT_FORMAT },
		{ header: 'Đã số hóa (được tính)', width: 12, value: (e) => e.credited, numFmt: COUNT_FORMAT },
		{ header: 'Chỉ tiêu', width: 12, value: (e) => e.target, numFmt: COUNT_FORMAT },
		{ header: 'Thời điểm về đích', width: 16, value: (e) => (e.finishedAt ? formatDateTime(e.finishedAt, tz) : 'Chưa về đích') },
		{ header: 'Hạng', width: 7, value: (e) => e.rank },
		...(withReason ? [{ header: 'Lý do được xét', width: 30, value: (e: ListedUnit) => e.reason ?? '' }] : []),
		{ header: 'Hình thức đề nghị', width: 30, value: (e) => e.award }
	];
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'tiendo';
	const sheet = addOfficialSheet(
		workbook,
		input.list.kind === 'below_pct' ? 'Kiểm điểm' : 'Khen thưởng',
		{ issuer: input.issuer, title: input.list.title, subtitle: awardListSubtitle(input) },
		columns,
		input.list.entries
	);
	const count = input.list.entries.length;
	addSignatureBlock(sheet, columns.length, {
		summary: count === 0 ? 'Không có đơn vị nào đạt tiêu chí tại lần chốt số này.' : `Tổng số: ${count} đơn vị.`,
		dateLine: awardListDateLine(input.provinceName, input.list.frozenAt, tz),
		signers: AWARD_SIGNERS
	});
	return workbook;
}
