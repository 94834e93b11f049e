/**
 * Award rules and the lists drawn from them (issue 7). A rule names who is proposed for
 * an award (or called to account) by one of four criteria; a list applies it to one
 * stored snapshot. Pure: parsing, wording and evaluation; storage lives in the server.
 */
import { ValidationError, type Problem } from './errors';
import { formatDate, formatDateTime } from './format';
import { bracketLabel, improvementLabel } from './emulation';
import { leaderboard, type EmulationFigures, type LeaderRow } from './leaderboard';
import { middleLevel, type SnapshotData } from './snapshot';
import { normalizeName } from './text';
import { addDays, isValidLocalDate, startOfLocalDay, type LocalDate } from './time';

export type AwardKind = 'finished_by' | 'top_n' | 'pct_by' | 'below_pct' | 'most_improved' | 'bracket_top_n' | 'streak';

export const AWARD_KINDS: AwardKind[] = ['finished_by', 'top_n', 'pct_by', 'below_pct', 'most_improved', 'bracket_top_n', 'streak'];

export const AWARD_KIND_LABELS: Record<AwardKind, string> = {
	finished_by: 'Hoàn thành chỉ tiêu đến một ngày',
	top_n: 'Đứng trong N hạng đầu',
	pct_by: 'Đạt từ X% trở lên đến một ngày',
	below_pct: 'Dưới Y% đến một ngày (kiểm điểm)',
	most_improved: 'Tiến bộ nhất: N đơn vị tăng nhiều điểm % nhất',
	bracket_top_n: 'Dẫn đầu từng nhóm quy mô: N hạng đầu mỗi nhóm',
	streak: 'Chuỗi ngày đạt chỉ tiêu: ít nhất K ngày liên tiếp'
};

/** The form of recognition a below_pct list proposes when the admin names none. */
export const ACCOUNTABILITY = 'Kiểm điểm trách nhiệm';

export interface AwardCriteria {
	kind: AwardKind;
	/** 'district' means the middle level: districts, or groups in a 2-level province; 'province' the provinces of a national campaign (issue 29). */
	level: 'province' | 'district' | 'commune';
	/** A record type code, or '' for all types together. */
	recordType: string;
	/** "Hình thức đề nghị", e.g. "Bằng khen của Chủ tịch UBND tỉnh". */
	award: string;
	/** top_n, most_improved, bracket_top_n: how many places. */
	n?: number;
	/** streak: the least number of consecutive days. */
	days?: number;
	/** pct_by, below_pct: in tenths of a percent (80% = 800), so comparisons stay exact. */
	pctTenths?: number;
	/** finished_by, pct_by, below_pct: a fixed date … */
	date?: LocalDate;
	/** … or this many days before the campaign's deadline (0: the deadline itself). */
	daysBeforeDeadline?: number;
}

export interface AwardRuleInput {
	name: string;
	criteria: AwardCriteria;
}

export interface AwardContext {
	startDate: LocalDate;
	deadline: LocalDate;
	timeZone: string;
	recordTypes: { code: string; name: string }[];
	/** A 2-level province: the middle level is made of groups (cụm thi đua). */
	hasGroups: boolean;
	/** A national campaign (issue 29): only there are provinces ranked. */
	national: boolean;
}

export const usesDate = (kind: AwardKind) => kind === 'finished_by' || usesPct(kind);
export const usesPlaces = (kind: AwardKind) => kind === 'top_n' || kind === 'most_improved' || kind === 'bracket_top_n';
export const usesPct = (kind: AwardKind) => kind === 'pct_by' || kind === 'below_pct';

const MAX_NAME = 120;
const MAX_AWARD = 200;

function text(value: unknown): string {
	return typeof value === 'string' ? normalizeName(value) : '';
}

/** A whole number from a number or its decimal digits; null for anything else. */
function wholeNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
	if (typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value)) return Number(value);
	return null;
}

/** A percentage like 80, "95,5" or "95.5" in tenths; null unless it has at most one decimal. */
function percentTenths(value: unknown): number | null {
	const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/%$/, '').trim().replace(',', '.') : '';
	if (!/^\d{1,3}(\.\d)?$/.test(s)) return null;
	return Math.round(Number(s) * 10);
}

/**
 * Checks a rule as sent by a form or the API: {name, kind, level, recordType, award, n,
 * pct, date, daysBeforeDeadline}. Every problem is reported at once, in Vietnamese.
 */
export function parseAwardRule(raw: Record<string, unknown>, ctx: AwardContext): AwardRuleInput {
	const problems: Problem[] = [];
	const name = text(raw.name);
	if (name === '') problems.push({ field: 'name', message: 'Tên tiêu chí không được để trống (ví dụ «Hoàn thành xuất sắc»).' });
	else if (name.length > MAX_NAME) problems.push({ field: 'name', message: `Tên tiêu chí dài quá ${MAX_NAME} ký tự.` });

	const kind = raw.kind as AwardKind;
	if (!AWARD_KINDS.includes(kind)) problems.push({ field: 'kind', message: `Loại tiêu chí «${String(raw.kind ?? '')}» không hợp lệ (${AWARD_KINDS.join(', ')}).` });

	const level = raw.level ?? 'district';
	if (level !== 'district' && level !== 'commune' && level !== 'province')
		problems.push({ field: 'level', message: `Cấp xét «${String(level)}» không hợp lệ (province, district hoặc commune).` });
	else if (level === 'province' && !ctx.national) problems.push({ field: 'level', message: 'Chỉ đợt toàn quốc mới xét theo cấp tỉnh; đợt này hãy chọn district hoặc commune.' });

	const recordType = text(raw.recordType);
	if (recordType !== '' && !ctx.recordTypes.some((t) => t.code === recordType))
		problems.push({ field: 'recordType', message: `Loại việc «${recordType}» không có trong đợt này.` });

	let award = text(raw.award);
	if (award === '' && kind === 'below_pct') award = ACCOUNTABILITY;
	if (award === '') problems.push({ field: 'award', message: 'Hãy ghi hình thức đề nghị (ví dụ «Giấy khen của Giám đốc Sở Tư pháp»).' });
	else if (award.length > MAX_AWARD) problems.push({ field: 'award', message: `Hình thức đề nghị dài quá ${MAX_AWARD} ký tự.` });

	const criteria: AwardCriteria = { kind, level: level as AwardCriteria['level'], recordType, award };

	if (usesPlaces(kind)) {
		const n = wholeNumber(raw.n);
		if (n === null || n < 1 || n > 1000) problems.push({ field: 'n', message: `Số hạng đầu «${String(raw.n ?? '')}» phải là số nguyên từ 1 đến 1.000.` });
		else criteria.n = n;
	}

	if (kind === 'streak') {
		const days = wholeNumber(raw.days);
		if (days === null || days < 1 || days > 366) problems.push({ field: 'days', message: `Số ngày liên tiếp «${String(raw.days ?? '')}» phải là số nguyên từ 1 đến 366.` });
		else criteria.days = days;
	}

	if (usesPct(kind)) {
		const tenths = percentTenths(raw.pct);
		if (tenths === null || tenths <= 0 || tenths > 1000)
			problems.push({ field: 'pct', message: `Tỷ lệ «${String(raw.pct ?? '')}» phải là phần trăm lớn hơn 0 và không quá 100, tối đa một chữ số thập phân (ví dụ 80 hoặc 95,5).` });
		else criteria.pctTenths = tenths;
	}

	if (AWARD_KINDS.includes(kind) && usesDate(kind)) {
		const hasDate = raw.date !== undefined && raw.date !== null && raw.date !== '';
		const hasDays = raw.daysBeforeDeadline !== undefined && raw.daysBeforeDeadline !== null && raw.daysBeforeDeadline !== '';
		if (hasDate === hasDays) problems.push({ field: 'date', message: 'Hãy chọn một trong hai: một ngày cụ thể, hoặc số ngày trước hạn chót.' });
		else if (hasDate) {
			if (!isValidLocalDate(raw.date)) problems.push({ field: 'date', message: `«${String(raw.date)}» không phải ngày hợp lệ (YYYY-MM-DD).` });
			else if (raw.date < ctx.startDate) problems.push({ field: 'date', message: `Ngày ${formatDate(raw.date)} trước ngày bắt đầu đợt ${formatDate(ctx.startDate)}.` });
			else criteria.date = raw.date;
		} else {
			const days = wholeNumber(raw.daysBeforeDeadline);
			if (days === null || days > 366)
				problems.push({ field: 'daysBeforeDeadline', message: `Số ngày trước hạn chót «${String(raw.daysBeforeDeadline)}» phải là số nguyên từ 0 đến 366.` });
			else if (addDays(ctx.deadline, -days) < ctx.startDate)
				problems.push({
					field: 'daysBeforeDeadline',
					message: `${days} ngày trước hạn chót là ${formatDate(addDays(ctx.deadline, -days))}, trước ngày bắt đầu đợt ${formatDate(ctx.startDate)}.`
				});
			else criteria.daysBeforeDeadline = days;
		}
	}

	if (problems.length) throw new ValidationError(`Tiêu chí khen thưởng chưa hợp lệ (${problems.length} lỗi); chưa lưu gì.`, problems);
	return { name, criteria };
}

/** The date a dated rule looks at. */
export function ruleDate(c: AwardCriteria, deadline: LocalDate): LocalDate | null {
	if (!usesDate(c.kind)) return null;
	return c.date ?? addDays(deadline, -(c.daysBeforeDeadline ?? 0));
}

/** 24:00 local on the rule's date, as an ISO instant; null for rules without a date. */
export function ruleCutoff(c: AwardCriteria, ctx: Pick<AwardContext, 'deadline' | 'timeZone'>): string | null {
	const date = ruleDate(c, ctx.deadline);
	return date === null ? null : startOfLocalDay(addDays(date, 1), ctx.timeZone).toISOString();
}

const pctText = (tenths: number) => `${(tenths / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

/** Who a rule judges: "Đơn vị cấp huyện", "Đơn vị cấp xã", or "Cụm thi đua". */
function subjectOf(c: AwardCriteria, hasGroups: boolean): string {
	if (c.level === 'commune') return 'Đơn vị cấp xã';
	if (c.level === 'province') return 'Tỉnh, thành phố';
	return hasGroups ? 'Cụm thi đua' : 'Đơn vị cấp huyện';
}

function dateText(c: AwardCriteria, deadline: LocalDate): string {
	const date = formatDate(ruleDate(c, deadline) ?? deadline);
	if (c.date !== undefined) return `đến hết ngày ${date}`;
	if (!c.daysBeforeDeadline) return `đến hết hạn chót ${date}`;
	return `đến hết ngày ${date} (${c.daysBeforeDeadline} ngày trước hạn chót)`;
}

/** The rule in a sentence, e.g. "Đơn vị cấp huyện đạt từ 80% chỉ tiêu (tất cả loại việc) đến hết ngày 20/12/2024". */
export function describeCriteria(c: AwardCriteria, ctx: Pick<AwardContext, 'deadline' | 'recordTypes' | 'hasGroups'>): string {
	const scope = c.recordType === '' ? 'tất cả loại việc' : `sổ ${ctx.recordTypes.find((t) => t.code === c.recordType)?.name ?? c.recordType}`;
	const who = subjectOf(c, ctx.hasGroups);
	switch (c.kind) {
		case 'finished_by':
			return `${who} hoàn thành 100% chỉ tiêu (${scope}) ${dateText(c, ctx.deadline)}`;
		case 'top_n':
			return `${who} xếp trong ${c.n} hạng đầu (${scope}) tại lần chốt số được chọn; đồng hạng được xét như nhau`;
		case 'pct_by':
			return `${who} đạt từ ${pctText(c.pctTenths ?? 0)} chỉ tiêu trở lên (${scope}) ${dateText(c, ctx.deadline)}`;
		case 'below_pct':
			return `${who} đạt dưới ${pctText(c.pctTenths ?? 0)} chỉ tiêu (${scope}) ${dateText(c, ctx.deadline)}`;
		case 'most_improved':
			return `${who} tiến bộ nhất: ${c.n} hạng đầu theo số điểm % tăng thêm (${scope}) từ lần chốt theo lịch trước đến lần chốt số được chọn; chỉ xét đơn vị có tăng; đồng hạng được xét như nhau`;
		case 'bracket_top_n':
			return `${who} xếp trong ${c.n} hạng đầu của nhóm quy mô mình (theo tổng chỉ tiêu, ${scope}) tại lần chốt số được chọn; đồng hạng được xét như nhau`;
		case 'streak':
			return `${who} có chuỗi ít nhất ${c.days} ngày liên tiếp đạt chỉ tiêu ngày (${scope}) đến lần chốt số được chọn`;
	}
}

/**
 * Whether a snapshot can carry a rule. A percentage "by a date" is read at a snapshot no
 * later than 24:00 that day; otherwise work done afterwards would count. Returns the
 * Vietnamese reason for refusing, or null.
 */
export function snapshotProblem(c: AwardCriteria, slotAt: string, ctx: Pick<AwardContext, 'deadline' | 'timeZone'>): string | null {
	const cutoff = ruleCutoff(c, ctx);
	if (!usesPct(c.kind) || cutoff === null || slotAt <= cutoff) return null;
	return `Lần chốt số lúc ${formatDateTime(slotAt, ctx.timeZone)} muộn hơn 24:00 ngày ${formatDate(ruleDate(c, ctx.deadline)!)}: tiêu chí này xét tỷ lệ đến hết ngày đó, hãy chọn lần chốt không muộn hơn.`;
}

/** A caution that does not forbid drawing the list, e.g. a snapshot before the rule's date. */
export function snapshotCaution(c: AwardCriteria, slotAt: string, ctx: Pick<AwardContext, 'deadline' | 'timeZone'>): string | null {
	const cutoff = ruleCutoff(c, ctx);
	if (cutoff === null || slotAt >= cutoff) return null;
	return `Lần chốt số này trước 24:00 ngày ${formatDate(ruleDate(c, ctx.deadline)!)}: kết quả có thể còn thay đổi đến hết ngày đó.`;
}

/** The snapshot a rule proposes by default: the newest one it may rest on. */
export function defaultSnapshot<S extends { slotAt: string }>(c: AwardCriteria, newestFirst: S[], ctx: Pick<AwardContext, 'deadline' | 'timeZone'>): S | undefined {
	return newestFirst.find((s) => snapshotProblem(c, s.slotAt, ctx) === null);
}

/** A unit as an award list shows it: on the page, in the workbook, and as stored. */
export interface ListedUnit {
	position: number;
	code: string;
	name: string;
	level: string;
	parentName: string | null;
	pct: number;
	credited: number;
	target: number;
	finishedAt: string | null;
	rank: number | null;
	award: string;
	/** Why the unit is listed, for the kinds that need saying: "Tiến bộ +3,2 điểm %". */
	reason: string | null;
}

export interface AwardEntry extends ListedUnit {
	unitKey: string;
	level: LeaderRow['level'];
	rank: number;
}

/** credited / target ≥ tenths / 1000, in integers. */
const reaches = (r: LeaderRow, tenths: number) => r.credited * 1000 >= tenths * r.target;

function qualifies(c: AwardCriteria, r: LeaderRow, place: number, cutoff: string | null): boolean {
	switch (c.kind) {
		case 'most_improved':
			return r.improvementRank !== null && r.improvementRank <= (c.n ?? 0) && (r.improvement ?? 0) > 0;
		case 'bracket_top_n':
			return place <= (c.n ?? 0);
		case 'streak':
			return (r.streak ?? 0) >= (c.days ?? 1);
		case 'finished_by':
			return r.finishedAt !== null && r.remaining === 0 && cutoff !== null && r.finishedAt <= cutoff;
		case 'top_n':
			return place <= (c.n ?? 0);
		case 'pct_by':
			return reaches(r, c.pctTenths ?? 0);
		case 'below_pct':
			return !reaches(r, c.pctTenths ?? 0);
	}
}

/**
 * Places among the units judged (1, 2, 2, 4): the leaderboard's order without units that
 * have no target; for bracket_top_n, within each bracket (no thresholds: one bracket).
 */
function places(rows: LeaderRow[], byBracket: boolean): number[] {
	const out: number[] = [];
	if (!byBracket) {
		rows.forEach((r, i) => out.push(i > 0 && rows[i - 1].rank === r.rank ? out[i - 1] : i + 1));
		return out;
	}
	const order = rows
		.map((r, i) => i)
		.sort((a, b) => (rows[a].bracket ?? 0) - (rows[b].bracket ?? 0) || (rows[a].bracketRank ?? rows[a].rank) - (rows[b].bracketRank ?? rows[b].rank));
	let prev = -1;
	let start = 0;
	order.forEach((i, k) => {
		const r = rows[i];
		const p = prev >= 0 ? rows[prev] : null;
		if (!p || (p.bracket ?? 0) !== (r.bracket ?? 0)) start = k;
		out[i] = p && (p.bracket ?? 0) === (r.bracket ?? 0) && (p.bracketRank ?? p.rank) === (r.bracketRank ?? r.rank) ? out[prev] : k - start + 1;
		prev = i;
	});
	return out;
}

/** Why a unit is on a list of the newer kinds (issue 27); null for the others. */
function reasonOf(c: AwardCriteria, r: LeaderRow, place: number, thresholds: readonly number[]): string | null {
	switch (c.kind) {
		case 'most_improved':
			return `Tiến bộ ${improvementLabel(r.improvement)} (hạng tiến bộ ${r.improvementRank})`;
		case 'bracket_top_n':
			return `Hạng ${place} nhóm «${bracketLabel(r.bracket ?? 0, thresholds)}»`;
		case 'streak':
			return `Chuỗi ${r.streak} ngày liên tiếp đạt chỉ tiêu ngày`;
		default:
			return null;
	}
}

/**
 * The units of a snapshot a rule selects, in the order of the list: by rank, and worst
 * first for a below_pct list. Units without a target have nothing to be judged on and are
 * never listed, nor counted in the places of a top-N list; ties at its edge are all included.
 * The rank shown is the unit's rank on the leaderboard.
 */
export function evaluateAward(data: SnapshotData, c: AwardCriteria, ctx: Pick<AwardContext, 'deadline' | 'timeZone'>, emulation?: EmulationFigures): AwardEntry[] {
	const level = c.level === 'commune' || c.level === 'province' ? c.level : middleLevel(data);
	const cutoff = ruleCutoff(c, ctx);
	const judged = leaderboard(data, { level, recordType: c.recordType }, emulation).filter((r) => r.target > 0);
	const place = places(judged, c.kind === 'bracket_top_n');
	const placeOf = new Map(judged.map((r, i) => [r, place[i]]));
	const rows = judged.filter((r, i) => qualifies(c, r, place[i], cutoff));
	if (c.kind === 'below_pct') rows.sort((a, b) => b.rank - a.rank || a.code.localeCompare(b.code));
	if (c.kind === 'most_improved') rows.sort((a, b) => a.improvementRank! - b.improvementRank! || a.rank - b.rank || a.code.localeCompare(b.code));
	if (c.kind === 'bracket_top_n') rows.sort((a, b) => (a.bracket ?? 0) - (b.bracket ?? 0) || placeOf.get(a)! - placeOf.get(b)! || a.code.localeCompare(b.code));
	if (c.kind === 'streak') rows.sort((a, b) => b.streak! - a.streak! || a.rank - b.rank || a.code.localeCompare(b.code));
	const thresholds = emulation?.thresholds ?? [];
	return rows.map((r, i) => ({
		position: i + 1,
		unitKey: r.unitKey,
		code: r.code,
		name: r.name,
		level: r.level,
		parentName: r.parentName,
		pct: r.pct,
		credited: r.credited,
		target: r.target,
		finishedAt: r.finishedAt,
		rank: r.rank,
		award: c.award,
		reason: reasonOf(c, r, placeOf.get(r)!, thresholds)
	}));
}

/** The title of the official list: an award proposal, or the list for accountability. */
export function awardListTitle(kind: string): string {
	return kind === 'below_pct' ? 'DANH SÁCH ĐƠN VỊ CHẬM TIẾN ĐỘ, ĐỀ NGHỊ KIỂM ĐIỂM TRÁCH NHIỆM' : 'DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG';
}
