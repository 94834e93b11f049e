/**
 * Cụm thi đua (DESIGN §3): the groups of communes a 2-level province stands by. A grouping
 * puts each commune of the province in exactly one group; communes left out are refused,
 * unless the admin keeps them explicitly in the "Chưa xếp cụm" group. Pure.
 */
import { communeCode } from './count-sheet';
import type { Problem } from './errors';
import { formatCount } from './format';
import { cellText, columnLetter, HEADER_SEARCH_ROWS, headerLabels, sheetLayout, type SheetRow } from './sheet-layout';
import { matchKey, nameKey } from './text';

/** The one rule for group codes, as the page, the messages and the OpenAPI spec state it. */
export const GROUP_CODE_RULE = 'mã cụm gồm 1–20 ký tự: chữ cái không dấu, chữ số, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ cái hoặc chữ số (ví dụ CUM-1)';
export const GROUP_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$';
const GROUP_CODE_RE = new RegExp(GROUP_CODE_PATTERN);

/** The group that holds, explicitly, the communes not yet put in a cụm. */
export const UNGROUPED = { code: 'CHUA-XEP', name: 'Chưa xếp cụm' } as const;
export const MAX_GROUPS = 200;
const MAX_NAME = 100;
const LISTED = 20;

type Where = Omit<Problem, 'message'>;

/**
 * A national campaign holds every province's groups, and provinces reuse codes: there a
 * group's code is stored scoped by its province, `<province code>:<group code>` (group codes
 * have no colon), and read back as the province's own. A provincial campaign's codes are
 * stored as they are (`provinceCode` null).
 */
export function scopedGroupCode(provinceCode: string | null, code: string): string {
	return provinceCode === null ? code : `${provinceCode}:${code}`;
}

/** The province (null: none, a provincial campaign's group) and the group's own code of a stored campaign group code. */
export function splitGroupCode(stored: string): { provinceCode: string | null; code: string } {
	const colon = stored.indexOf(':');
	return colon < 0 ? { provinceCode: null, code: stored } : { provinceCode: stored.slice(0, colon), code: stored.slice(colon + 1) };
}

/**
 * A province's group as the ministry reads it among every province's (a national
 * campaign's own tree, not a province's part): its scoped code, which names it across
 * provinces (`parent=33:CUM-1`), and its name with its province's, «Cụm 1 (Tỉnh Hưng Yên)».
 */
export function groupInNation(group: { code: string; name: string }, province: { code: string; name: string }): { code: string; name: string } {
	return { code: scopedGroupCode(province.code, group.code), name: `${group.name} (${province.name})` };
}

/**
 * A group lead's group among a campaign's units (a snapshot's, a tree's): the group of code
 * `code` under their province (`provinceKey`), its code stored scoped or not.
 */
export function groupUnitOf<U extends { level: string; code: string; parentKey: string | null }>(units: readonly U[], provinceKey: string, code: string): U | undefined {
	return units.find((u) => u.level === 'group' && u.parentKey === provinceKey && splitGroupCode(u.code).code === code);
}

/** A group as given (from the API, a file or the page), with where each part of it came from. */
export interface GroupDraft {
	code: string;
	name: string;
	where: Where;
	members: { code: string; where: Where }[];
}

export interface CheckedGroup {
	code: string;
	name: string;
	ungrouped: boolean;
	communeIds: number[];
}

export interface GroupingCheck {
	groups: CheckedGroup[];
	problems: Problem[];
	/** Communes that no group holds (refused, unless kept in "Chưa xếp cụm"). */
	leftOut: { code: string; name: string }[];
}

const isUngroupedCode = (code: string) => code.toUpperCase() === UNGROUPED.code;

/** A commune list for a message: the first few named, then how many more. */
export function listCommunes(communes: { code: string; name: string }[]): string {
	const named = communes.slice(0, LISTED).map((c) => `${c.name} (${c.code})`);
	const more = communes.length - named.length;
	return named.join(', ') + (more > 0 ? ` và ${formatCount(more)} xã khác` : '');
}

/**
 * Checks a grouping of a province's communes. `keepUngrouped` puts the communes no group
 * names into "Chưa xếp cụm" instead of refusing them.
 */
export function checkGrouping(drafts: GroupDraft[], communes: ReadonlyMap<string, { id: number; name: string }>, opts: { keepUngrouped: boolean }): GroupingCheck {
	const problems: Problem[] = [];
	const groups: CheckedGroup[] = [];
	const codes = new Map<string, string>();
	const placed = new Map<string, string>(); // commune code → group code
	if (drafts.length > MAX_GROUPS) problems.push({ message: `tối đa ${formatCount(MAX_GROUPS)} cụm.` });
	for (const d of drafts) {
		const code = d.code.trim();
		const name = d.name.trim();
		if (!GROUP_CODE_RE.test(code)) problems.push({ ...d.where, message: `mã cụm «${code}» không hợp lệ: ${GROUP_CODE_RULE}.` });
		else if (codes.has(code.toUpperCase())) problems.push({ ...d.where, message: `mã cụm «${code}» bị lặp (đã có «${codes.get(code.toUpperCase())}»).` });
		codes.set(code.toUpperCase(), code);
		if (name === '') problems.push({ ...d.where, message: `cụm «${code}» thiếu tên.` });
		else if (name.length > MAX_NAME) problems.push({ ...d.where, message: `tên cụm dài tối đa ${MAX_NAME} ký tự.` });
		if (d.members.length === 0) problems.push({ ...d.where, message: `cụm «${code}» không có xã nào.` });
		const communeIds: number[] = [];
		for (const m of d.members) {
			const commune = communes.get(m.code.trim());
			if (!commune) problems.push({ ...m.where, message: `không có xã mã «${m.code}» trong tỉnh.` });
			else if (placed.has(m.code.trim()))
				problems.push({ ...m.where, message: `${commune.name} (${m.code}) đã thuộc cụm «${placed.get(m.code.trim())}»; mỗi xã chỉ thuộc một cụm.` });
			else {
				placed.set(m.code.trim(), code);
				communeIds.push(commune.id);
			}
		}
		groups.push({ code: isUngroupedCode(code) ? UNGROUPED.code : code, name, ungrouped: isUngroupedCode(code), communeIds });
	}
	const leftOut = [...communes].filter(([code]) => !placed.has(code)).map(([code, c]) => ({ code, name: c.name, id: c.id }));
	if (leftOut.length && opts.keepUngrouped) {
		const kept = groups.find((g) => g.ungrouped);
		const ids = leftOut.map((c) => c.id);
		if (kept) kept.communeIds.push(...ids);
		else groups.push({ code: UNGROUPED.code, name: UNGROUPED.name, ungrouped: true, communeIds: ids });
	} else if (leftOut.length) {
		problems.push({
			message: `${formatCount(leftOut.length)} xã chưa thuộc cụm nào: ${listCommunes(leftOut)}. Mỗi xã phải thuộc một cụm; hoặc chọn giữ các xã này trong nhóm «${UNGROUPED.name}».`
		});
	}
	return { groups: problems.length ? [] : groups, problems, leftOut: leftOut.map(({ code, name }) => ({ code, name })) };
}

/** Groups as the API and the page read them: `[{code, name, communes: [code…]}]`, in their order. */
export interface GroupView {
	code: string;
	name: string;
	ungrouped: boolean;
	communes: string[];
}

/** API input `[{code, name, communes: [code…]}]` as drafts; problems name the JSON path. */
export function draftsFromJson(raw: unknown): { drafts: GroupDraft[]; problems: Problem[] } {
	if (!Array.isArray(raw)) return { drafts: [], problems: [{ field: '', message: 'cần một danh sách cụm [{code, name, communes: [mã xã…]}].' }] };
	const drafts: GroupDraft[] = [];
	const problems: Problem[] = [];
	raw.forEach((g, i) => {
		const field = `[${i}]`;
		const item = typeof g === 'object' && g !== null ? (g as Record<string, unknown>) : null;
		if (!item || typeof item.code !== 'string' || typeof item.name !== 'string' || !Array.isArray(item.communes) || !item.communes.every((c) => typeof c === 'string')) {
			problems.push({ field, message: 'mỗi cụm có code, name (chữ) và communes (danh sách mã xã).' });
			return;
		}
		drafts.push({ code: item.code, name: item.name, where: { field }, members: item.communes.map((code, j) => ({ code, where: { field: `${field}.communes[${j}]` } })) });
	});
	return { drafts, problems };
}

/** One commune's group, as a file row or the page's field gives it. */
export interface Assignment {
	commune: string;
	group: string;
	/** The group's name, where the line gives one (a file's «Tên cụm»). */
	groupName?: string;
	where: Where;
}

/**
 * Drafts from commune → group lines (a file, the page): each group is named by `named` (the
 * page's list of groups) or by its lines; a line without a group leaves its commune out.
 */
export function draftsFromAssignments(lines: Assignment[], named: { code: string; name: string; where: Where }[] = []): { drafts: GroupDraft[]; problems: Problem[] } {
	const problems: Problem[] = [];
	const byCode = new Map<string, GroupDraft>();
	const drafts: GroupDraft[] = [];
	const draftOf = (code: string, name: string, where: Where) => {
		let draft = byCode.get(code.toUpperCase());
		if (!draft) {
			draft = { code, name, where, members: [] };
			byCode.set(code.toUpperCase(), draft);
			drafts.push(draft);
		}
		return draft;
	};
	for (const g of named) draftOf(g.code.trim(), g.name, g.where);
	for (const line of lines) {
		const code = line.group.trim();
		if (code === '') continue;
		const name = line.groupName?.trim() ?? '';
		const draft = draftOf(code, name, line.where);
		if (name !== '' && draft.name.trim() === '') draft.name = name;
		else if (name !== '' && nameKey(draft.name) !== nameKey(name)) problems.push({ ...line.where, message: `cụm «${code}» có hai tên: «${draft.name.trim()}» và «${name}».` });
		draft.members.push({ code: line.commune.trim(), where: line.where });
	}
	// Groups a file names take the order of their codes (CUM-2 before CUM-10); the page's keep the page's.
	if (named.length === 0) drafts.sort((a, b) => a.code.localeCompare(b.code, 'vi', { numeric: true }));
	return { drafts, problems };
}

/** The columns of a groups file, by their header (any case, any tone-mark placement). */
export const GROUP_FILE_HEADERS = { commune: 'Mã xã', communeName: 'Tên xã', group: 'Mã cụm', groupName: 'Tên cụm' } as const;
const COMMUNE_LABELS = [GROUP_FILE_HEADERS.commune, 'Mã PX', 'Mã phường xã', 'Mã phường, xã', 'Mã xã, phường', 'Mã ĐVHC'].map(matchKey);
const GROUP_LABELS = [GROUP_FILE_HEADERS.group, 'Mã cụm thi đua'].map(matchKey);
const GROUP_NAME_LABELS = [GROUP_FILE_HEADERS.groupName, 'Tên cụm thi đua', 'Cụm thi đua'].map(matchKey);

/** Whether a row is a groups file's header: it has a commune code and a group code column. */
export function isGroupHeader(labels: string[]): boolean {
	return labels.some((l) => COMMUNE_LABELS.includes(l)) && labels.some((l) => GROUP_LABELS.includes(l));
}

/**
 * Reads a groups file a row at a time: the header is the first row (of the first ones)
 * with «Mã xã» and «Mã cụm» columns (`sheet-layout.ts`); each row below it with a commune
 * code is one commune's group. Title, blank and total rows and an STT column are left out
 * and listed in `skipped`.
 */
export function groupFileReader(file: string, sheet?: string) {
	const lines: Assignment[] = [];
	const problems: Problem[] = [];
	const layout = sheetLayout({ isHeader: isGroupHeader });
	let columns: { commune: number; group: number; groupName: number } | null = null;
	return {
		add(row: SheetRow) {
			const role = layout.take(row);
			if (role === 'header') {
				const labels = headerLabels(row);
				const at = (names: string[]) => labels.findIndex((l) => names.includes(l));
				columns = { commune: at(COMMUNE_LABELS), group: at(GROUP_LABELS), groupName: at(GROUP_NAME_LABELS) };
			}
			if (role !== 'data' || !columns) return;
			const commune = communeCode(row.cells[columns.commune] ?? null);
			const where = { file, sheet, row: row.row, column: columnLetter(columns.commune) };
			const group = cellText(row.cells[columns.group] ?? null);
			if (!commune && !group) return; // a line with neither: nothing to say
			if (!/^\d{5}$/.test(commune)) return void problems.push({ ...where, message: commune ? `«${commune.slice(0, 40)}» không phải mã xã (5 chữ số).` : 'thiếu mã xã.' });
			lines.push({
				commune,
				group,
				groupName: columns.groupName >= 0 ? cellText(row.cells[columns.groupName] ?? null) : undefined,
				where: { ...where, column: columnLetter(columns.group) }
			});
		},
		result(): { lines: Assignment[]; problems: Problem[]; skipped: string[] } {
			if (!columns)
				problems.push({
					file,
					sheet,
					message: `không thấy dòng tiêu đề có cột «${GROUP_FILE_HEADERS.commune}» và «${GROUP_FILE_HEADERS.group}» trong ${HEADER_SEARCH_ROWS} dòng đầu; hãy dùng tệp mẫu.`
				});
			else if (lines.length === 0 && problems.length === 0) problems.push({ file, sheet, message: 'tệp không có dòng nào ghi mã xã.' });
			return { lines, problems, skipped: layout.skipped() };
		}
	};
}
