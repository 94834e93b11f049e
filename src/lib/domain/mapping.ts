/**
 * The mapping between two hierarchy versions (DESIGN §3 "Across the reform"): one link per
 * old commune → new commune, whole or in part. Pure.
 */
import { ValidationError, type Problem } from './errors';
import { formatDate } from './format';
import { matchKey, nameKeyWithoutType, normalizeName, searchKey } from './text';
import type { SourceRow } from './unit-list';

/** One link of a mapping, as the figures across versions read it (DESIGN §4). */
export interface HierarchyLink {
	oldCode: string;
	newCode: string;
	/** The whole old commune went into the new one (`toàn bộ`), or a part of it (`một phần`). */
	whole: boolean;
	/** The declared share of a part, a fraction 0..1; null for a whole link or an undeclared share. */
	share: number | null;
}

/** A unit of one list as the mapping's checks see it. */
export interface ListedCommune {
	name: string;
	provinceCode: string;
	/** Districts can be named on the old side: the island districts became special zones. */
	level: 'district' | 'commune';
}

/** A link as read from a file, with what the store keeps beside it. */
export interface MappingLink extends HierarchyLink {
	oldName: string;
	newName: string;
	newProvinceCode: string;
	/** The old commune's province; null when the old code is not in the old list. */
	oldProvinceCode: string | null;
	row: number;
}

/** A code that names no unit of its list (real data: Xã Ba Chẽ, Xã Ia Mơ, the island districts). */
export interface UnknownCode {
	side: 'old' | 'new';
	code: string;
	name: string;
	rows: number[];
	/** An old island district that became a special zone (a 3-digit district code). */
	specialZone: boolean;
	/** The list's commune of the same name and province, with no link of its own, that the links go to once accepted. */
	resolvedTo: { code: string; name: string } | null;
}

export interface MappingRead {
	links: MappingLink[];
	unknown: UnknownCode[];
	/** Which old province went into which new one: the one that took most of its links. */
	provinceLinks: { oldProvinceCode: string; newProvinceCode: string }[];
	/** The new provinces the file's links go into (after `onlyProvinces`). */
	provinces: string[];
}

export interface MappingLists {
	old: ReadonlyMap<string, ListedCommune>;
	new: ReadonlyMap<string, ListedCommune>;
	/** Labels of the two lists in messages, e.g. "danh mục ngày 2025-03-01". */
	oldLabel: string;
	newLabel: string;
}

export interface MappingOptions {
	acceptUnknown: boolean;
	/** Read only the links into these new provinces (an admin's own); the others are skipped. */
	onlyProvinces?: ReadonlySet<string>;
}

type Field = 'newProvinceCode' | 'newProvinceName' | 'newCode' | 'newName' | 'oldCode' | 'oldName' | 'kind' | 'share';

/** The file's columns (the statistics office's layout of `units-mapping-2025-07-01.csv`), and the optional share. */
export const MAPPING_COLUMNS: Record<Field, string> = {
	newProvinceCode: 'Mã TP mới',
	newProvinceName: 'Tỉnh / Thành Phố mới',
	newCode: 'Mã PX mới',
	newName: 'Phường Xã mới',
	oldCode: 'Mã PX cũ',
	oldName: 'Phường Xã cũ',
	kind: 'Loại',
	share: 'Tỷ lệ (%)'
};
const EXTRA_LABELS: [string, Field][] = [
	['Tỷ lệ', 'share'],
	['Tỷ lệ %', 'share'],
	['Mã tỉnh mới', 'newProvinceCode'],
	['Mã xã mới', 'newCode'],
	['Mã xã cũ', 'oldCode']
];
const REQUIRED: Field[] = ['newCode', 'oldCode', 'kind'];
const WHOLE = 'toàn bộ';
const PART = 'một phần';
const MAX_PROBLEMS = 50;

function code(raw: string, width: number): string | null {
	const value = raw.trim();
	return /^\d+$/.test(value) && value.length <= width ? value.padStart(width, '0') : null;
}

/** A percentage as written in a Vietnamese sheet ("33,5", "33.5", "33,5%"), or null. */
function percent(raw: string): number | null {
	const value = raw.trim().replace(/%$/, '').trim().replace(',', '.');
	if (!/^\d+(\.\d+)?$/.test(value)) return null;
	return Number(value);
}

/**
 * Reads and checks a mapping file (issue 26): one row per link old commune → new commune,
 * whole (`toàn bộ`) or part (`một phần`, with an optional share in %). Refused as a whole,
 * each problem with its row and column: a code absent from its list unless accepted
 * explicitly, a name that is not the list's (compared by `nameKey`, so either tone-mark
 * placement matches), a new commune of the file's provinces with no link, an old commune
 * whose whole goes to two places, declared shares of one old commune that do not add up to
 * 100%. An unknown new code whose name is a commune of the same province that has no link
 * (Xã Ba Chẽ 06970 for the list's 06978) is, once accepted, linked to that commune.
 */
export function readMapping(header: SourceRow, rows: SourceRow[], file: string, lists: MappingLists, opts: MappingOptions): MappingRead {
	const problems: Problem[] = [];
	const fail = (): never => {
		const shown = problems.slice(0, MAX_PROBLEMS);
		const more = problems.length > MAX_PROBLEMS ? `\n… và ${problems.length - MAX_PROBLEMS} lỗi khác.` : '';
		throw new ValidationError(`Không nhập được bảng chuyển đổi ${file}: ${problems.length} lỗi, không có gì được ghi.${more}`, shown);
	};
	const labels = new Map<string, Field>([
		...Object.entries(MAPPING_COLUMNS).map(([f, l]) => [matchKey(l), f as Field] as const),
		...EXTRA_LABELS.map(([l, f]) => [matchKey(l), f] as const)
	]);
	const columns = new Map<Field, number>();
	header.cells.forEach((raw, index) => {
		const label = normalizeName(raw);
		if (label === '') return;
		const field = labels.get(matchKey(label));
		if (!field)
			problems.push({ file, row: header.row, column: label, message: `cột «${label}» không có trong mẫu bảng chuyển đổi (${Object.values(MAPPING_COLUMNS).join(', ')}).` });
		else if (columns.has(field)) problems.push({ file, row: header.row, column: label, message: `cột «${label}» xuất hiện hai lần.` });
		else columns.set(field, index);
	});
	for (const field of REQUIRED) if (!columns.has(field)) problems.push({ file, row: header.row, message: `thiếu cột «${MAPPING_COLUMNS[field]}».` });
	if (problems.length) fail();
	if (rows.length === 0) {
		problems.push({ file, message: 'tệp không có dòng dữ liệu nào.' });
		fail();
	}
	const cell = (r: SourceRow, f: Field) => (columns.has(f) ? normalizeName(r.cells[columns.get(f)!] ?? '') : '');

	interface Draft extends MappingLink {
		shareText: string;
	}
	const drafts: Draft[] = [];
	const unknown = new Map<string, UnknownCode>();
	const seen = new Map<string, number>();
	for (const r of rows) {
		if (problems.length > MAX_PROBLEMS) break;
		const at = (field: Field, message: string) => problems.push({ file, row: r.row, column: MAPPING_COLUMNS[field], message });
		if (r.cells.every((c) => normalizeName(c ?? '') === '')) continue;
		const newCode = code(cell(r, 'newCode'), 5);
		const newKnown = newCode ? lists.new.get(newCode) : undefined;
		const fileProvince = code(cell(r, 'newProvinceCode'), 2);
		const newProvinceCode = newKnown?.provinceCode ?? fileProvince;
		if (opts.onlyProvinces && newProvinceCode && !opts.onlyProvinces.has(newProvinceCode)) continue;
		const before = problems.length;

		const rawOld = cell(r, 'oldCode');
		const asCommune = code(rawOld, 5);
		const oldCode = asCommune && (rawOld.length === 5 || lists.old.has(asCommune) || rawOld.length !== 3) ? asCommune : code(rawOld, 3);
		if (!rawOld) at('oldCode', 'thiếu mã xã cũ.');
		else if (!oldCode) at('oldCode', `mã xã cũ «${rawOld}» phải gồm 5 chữ số (hoặc 3 chữ số cho một huyện đảo).`);
		if (!cell(r, 'newCode')) at('newCode', 'thiếu mã xã mới.');
		else if (!newCode) at('newCode', `mã xã mới «${cell(r, 'newCode')}» phải gồm 5 chữ số.`);
		if (newCode && !newProvinceCode) at('newProvinceCode', `mã xã mới ${newCode} không có trong ${lists.newLabel} và dòng này không ghi mã tỉnh mới.`);

		const kindKey = searchKey(cell(r, 'kind'));
		const whole = kindKey === searchKey(WHOLE) ? true : kindKey === searchKey(PART) ? false : null;
		if (whole === null) at('kind', `loại «${cell(r, 'kind')}» không hợp lệ (phải là «${WHOLE}» hoặc «${PART}»).`);
		const shareText = cell(r, 'share');
		const share = shareText === '' ? null : percent(shareText);
		if (shareText !== '' && (share === null || share <= 0 || share > 100)) at('share', `tỷ lệ «${shareText}» phải là một số phần trăm lớn hơn 0 và không quá 100.`);
		else if (whole === true && share !== null && share !== 100) at('share', `liên kết «${WHOLE}» không ghi tỷ lệ khác 100%.`);

		const oldKnown = oldCode ? lists.old.get(oldCode) : undefined;
		const oldName = cell(r, 'oldName');
		const newName = cell(r, 'newName');
		if (oldKnown && oldName && nameKeyWithoutType(oldName) !== nameKeyWithoutType(oldKnown.name))
			at('oldName', `tên «${oldName}» không khớp với mã ${oldCode} trong ${lists.oldLabel} («${oldKnown.name}»).`);
		if (newKnown && newName && nameKeyWithoutType(newName) !== nameKeyWithoutType(newKnown.name))
			at('newName', `tên «${newName}» không khớp với mã ${newCode} trong ${lists.newLabel} («${newKnown.name}»).`);
		if (oldCode && newCode) {
			const pair = `${oldCode}>${newCode}`;
			if (seen.has(pair)) at('oldCode', `liên kết ${oldCode} → ${newCode} đã có ở dòng ${seen.get(pair)}.`);
			seen.set(pair, r.row);
		}
		if (problems.length > before || !oldCode || !newCode || whole === null || !newProvinceCode) continue;

		const note = (side: 'old' | 'new', c: string, name: string) => {
			const key = `${side}:${c}`;
			const u = unknown.get(key) ?? { side, code: c, name, rows: [], specialZone: side === 'old' && c.length === 3, resolvedTo: null };
			u.rows.push(r.row);
			unknown.set(key, u);
		};
		if (!oldKnown) note('old', oldCode, oldName);
		if (!newKnown) note('new', newCode, newName);
		drafts.push({
			oldCode,
			newCode,
			whole,
			share: share === null || whole ? null : share / 100,
			oldName: oldName || oldKnown?.name || '',
			newName: newName || newKnown?.name || '',
			newProvinceCode,
			oldProvinceCode: oldKnown?.provinceCode ?? null,
			row: r.row,
			shareText
		});
	}
	if (problems.length) fail();

	// Unknown new codes: the commune of the same name and province with no link of its own.
	const provinces = new Set(drafts.map((d) => d.newProvinceCode));
	const linked = new Set(drafts.map((d) => d.newCode));
	const unlinked = [...lists.new].filter(([c, u]) => u.level === 'commune' && provinces.has(u.provinceCode) && !linked.has(c));
	for (const u of unknown.values()) {
		if (u.side !== 'new') continue;
		const province = drafts.find((d) => d.newCode === u.code)!.newProvinceCode;
		const twins = unlinked.filter(([, n]) => n.provinceCode === province && nameKeyWithoutType(n.name) === nameKeyWithoutType(u.name));
		if (twins.length === 1) u.resolvedTo = { code: twins[0][0], name: twins[0][1].name };
	}
	if (!opts.acceptUnknown) {
		for (const u of unknown.values()) {
			const what = u.specialZone
				? `mã ${u.code} («${u.name}») là một huyện đảo, không có trong ${lists.oldLabel}`
				: `mã ${u.side === 'old' ? 'xã cũ' : 'xã mới'} ${u.code} («${u.name}») không có trong ${u.side === 'old' ? lists.oldLabel : lists.newLabel}`;
			const twin = u.resolvedTo ? `; danh mục ghi ${u.resolvedTo.name} mã ${u.resolvedTo.code}, liên kết sẽ về mã đó` : '';
			for (const row of u.rows)
				problems.push({
					file,
					row,
					column: MAPPING_COLUMNS[u.side === 'old' ? 'oldCode' : 'newCode'],
					message: `${what}${twin}. Chỉ nhập được khi chấp nhận rõ các mã ngoài danh mục.`
				});
		}
	}
	const resolved = new Map([...unknown.values()].filter((u) => u.side === 'new' && u.resolvedTo).map((u) => [u.code, u.resolvedTo!]));
	for (const d of drafts) {
		const to = resolved.get(d.newCode);
		if (to) Object.assign(d, { newCode: to.code, newName: to.name });
	}

	// One old commune: a whole link is its only link; declared shares add up to 100%.
	const byOld = new Map<string, Draft[]>();
	for (const d of drafts) byOld.set(d.oldCode, [...(byOld.get(d.oldCode) ?? []), d]);
	for (const [oldCode, links] of byOld) {
		if (links.length > 1 && links.some((l) => l.whole)) {
			const first = links[0];
			for (const l of links.slice(1))
				problems.push({
					file,
					row: l.row,
					column: MAPPING_COLUMNS.kind,
					message: `xã cũ ${oldCode} đã đi ${first.whole ? WHOLE : PART} vào xã mới ${first.newCode} (dòng ${first.row}); một xã đi «${WHOLE}» chỉ vào một xã mới.`
				});
			continue;
		}
		const declared = links.filter((l) => l.share !== null);
		if (declared.length === 0) continue;
		const sum = links.reduce((s, l) => s + (l.share === null ? 0 : Number(l.shareText.replace(/%$/, '').trim().replace(',', '.'))), 0);
		if (declared.length < links.length || Math.abs(sum - 100) > 0.01) {
			const rowsOf = links.map((l) => l.row).join(', ');
			for (const l of links)
				problems.push({
					file,
					row: l.row,
					column: MAPPING_COLUMNS.share,
					message: `các phần của xã cũ ${oldCode} (dòng ${rowsOf}) ${declared.length < links.length ? 'phải cùng ghi tỷ lệ' : `cộng lại ${String(Math.round(sum * 100) / 100).replace('.', ',')}%, phải bằng 100%`}.`
				});
		}
	}
	// Every new commune of the file's provinces has a link.
	const linkedAfter = new Set(drafts.map((d) => d.newCode));
	for (const [c, u] of lists.new) {
		if (u.level === 'commune' && provinces.has(u.provinceCode) && !linkedAfter.has(c))
			problems.push({ file, column: MAPPING_COLUMNS.newCode, message: `${u.name} (mã ${c}, tỉnh mã ${u.provinceCode}) trong ${lists.newLabel} không có liên kết nào từ xã cũ.` });
	}
	if (problems.length) fail();

	// An old province went into the new one that took most of its links (An Giang 89 gave one
	// commune's part to Đồng Tháp 82 but went into An Giang 91).
	const received = new Map<string, Map<string, number>>();
	for (const d of drafts) {
		if (!d.oldProvinceCode) continue;
		const byNew = received.get(d.oldProvinceCode) ?? new Map<string, number>();
		byNew.set(d.newProvinceCode, (byNew.get(d.newProvinceCode) ?? 0) + 1);
		received.set(d.oldProvinceCode, byNew);
	}
	const provinceLinks = new Map<string, { oldProvinceCode: string; newProvinceCode: string }>();
	for (const [oldProvinceCode, byNew] of received) {
		const [newProvinceCode] = [...byNew].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
		provinceLinks.set(oldProvinceCode, { oldProvinceCode, newProvinceCode });
	}
	return {
		links: drafts.map(({ shareText: _shareText, ...link }) => link),
		unknown: [...unknown.values()],
		provinceLinks: [...provinceLinks.values()].sort((a, b) => a.oldProvinceCode.localeCompare(b.oldProvinceCode)),
		provinces: [...provinces].sort()
	};
}

/** What an import did, for the CLI and the page. */
export interface MappingSummary extends Omit<MappingRead, 'links'> {
	status: 'created' | 'updated' | 'unchanged';
	from: string;
	to: string;
	links: number;
	wholeLinks: number;
	oldCommunes: number;
	newCommunes: number;
	/** Old communes split over several new ones. */
	splits: number;
}

/** The import's summary in Vietnamese, one line each: what was stored, the codes outside the lists, the provinces that merged. */
export function describeMappingImport(s: MappingSummary, count: (n: number) => string): string[] {
	const lines: string[] = [];
	const what = `${count(s.links)} liên kết (${count(s.wholeLinks)} toàn bộ, ${count(s.links - s.wholeLinks)} một phần) từ ${count(s.oldCommunes)} đơn vị cũ vào ${count(s.newCommunes)} xã mới; ${count(s.splits)} xã cũ chia cho nhiều xã mới`;
	const between = `${formatDate(s.from)} → ${formatDate(s.to)}`;
	if (s.status === 'unchanged') lines.push(`Bảng chuyển đổi ${between} đã có đúng nội dung này: không có thay đổi (${what}).`);
	else lines.push(`Đã ${s.status === 'created' ? 'nhập' : 'cập nhật'} bảng chuyển đổi ${between}: ${what}.`);
	const zones = s.unknown.filter((u) => u.specialZone);
	const others = s.unknown.filter((u) => !u.specialZone);
	if (others.length) {
		lines.push(`${count(others.length)} mã không có trong danh mục, đã chấp nhận:`);
		for (const u of others)
			lines.push(
				`  ${u.side === 'old' ? 'xã cũ' : 'xã mới'} ${u.code} ${u.name}${u.resolvedTo ? ` → ghi theo mã ${u.resolvedTo.code} của danh mục (${u.resolvedTo.name})` : ''} (dòng ${u.rows.join(', ')})`
			);
	}
	if (zones.length) {
		lines.push(`${count(zones.length)} huyện đảo (mã huyện, không có xã trong danh mục cũ) thành đặc khu:`);
		for (const u of zones) lines.push(`  ${u.code} ${u.name} (dòng ${u.rows.join(', ')})`);
	}
	const merged = new Map<string, string[]>();
	for (const p of s.provinceLinks) merged.set(p.newProvinceCode, [...(merged.get(p.newProvinceCode) ?? []), p.oldProvinceCode]);
	const mergers = [...merged].filter(([code, olds]) => olds.length > 1 || olds[0] !== code);
	if (mergers.length) lines.push(`Tỉnh mới gộp từ tỉnh cũ: ${mergers.map(([code, olds]) => `${code} ← ${olds.join(', ')}`).join('; ')}.`);
	return lines;
}
