/**
 * A 2-level province's cụm thi đua (DESIGN §3): read by the province's users, set by its
 * admins from the page, a file or the API. A change applies from its instant to every
 * campaign of the province; figures at earlier instants and stored snapshots keep the
 * grouping they had. Audited with the groups before and after.
 */
import { canAdminister, readerOf, type Actor } from '$lib/domain/access';
import { ForbiddenError, ValidationError } from '$lib/domain/errors';
import { checkGrouping, draftsFromAssignments, groupFileReader, isGroupHeader, UNGROUPED, type CheckedGroup, type GroupDraft, type GroupView } from '$lib/domain/groups';
import { DEFAULT_SETTINGS } from '$lib/domain/campaign-input';
import { levelWords, type LevelWords } from '$lib/domain/levels';
import { formatDateTime } from '$lib/domain/format';
import { MAX_UPLOAD_BYTES, megabytes } from '$lib/domain/limits';
import { buildGroupTemplate } from '$reports/group-template';
import { enterUpload } from '../ingest/gate';
import { readUploadRows, type UploadedFile } from '../ingest/read';
import { recordAudit } from '../audit/repository';
import type { Conn, Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Unit } from '../db/schema';
import { hierarchyLevels } from '../progress/repository';
import { findProvinceOfNewestList, findUnitById, listUnits } from '../units/repository';
import { raiseDataVersion } from '../campaigns/repository';
import { campaignsOfProvinceGroups, followGrouping, listProvinceGroups, replaceProvinceGroups } from './repository';

export interface ProvinceGroups {
	province: { id: number; code: string; name: string };
	groups: GroupView[];
	/** Every commune of the province, for the page's lists. */
	communes: { code: string; name: string }[];
}

/**
 * The province whose groups an actor asks about: their own (`code` null or theirs). Users of
 * other provinces are refused; a province that still has districts has no groups.
 */
export async function groupsProvince(db: Conn, actor: Actor, code: string | null): Promise<Unit> {
	const province = await findUnitById(db, actor.provinceId);
	if (!province || (code !== null && code !== province.code) || !readerOf(actor, { provinceId: province.id }))
		throw new ForbiddenError('Cụm thi đua của tỉnh khác chỉ người dùng của tỉnh đó xem được.');
	if ((await hierarchyLevels(db, province.hierarchy_id)).levels !== 2) {
		throw new ValidationError(`${province.name} còn cấp huyện: cụm thi đua chỉ dùng cho tỉnh không còn cấp huyện (danh mục 2 cấp, từ 1/7/2025).`);
	}
	return province;
}

/** The level words of the actor's province: cụm thi đua in a 2-level province, huyện before. */
export async function provinceWords(db: Conn, actor: Actor): Promise<LevelWords> {
	const province = await findUnitById(db, actor.provinceId);
	return levelWords(province ? (await hierarchyLevels(db, province.hierarchy_id)).levels : 3);
}

/** The level words of a campaign's hierarchy. */
export async function campaignWords(db: Conn, campaign: Pick<Campaign, 'hierarchyId'>): Promise<LevelWords> {
	return levelWords((await hierarchyLevels(db, campaign.hierarchyId)).levels);
}

async function provinceCommunes(db: Conn, province: Unit) {
	return listUnits(db, province.hierarchy_id, { provinceId: province.id, level: 'commune' });
}

export async function provinceGroups(db: Database, actor: Actor, code: string | null): Promise<ProvinceGroups> {
	const province = await groupsProvince(db, actor, code);
	const [groups, communes] = await Promise.all([listProvinceGroups(db, province.id), provinceCommunes(db, province)]);
	return { province: { id: province.id, code: province.code, name: province.name }, groups, communes: communes.map((c) => ({ code: c.code, name: c.name })) };
}

/** Checks drafts against the province's communes; throws with every problem, nothing written. */
export async function checkedGrouping(db: Conn, province: Unit, drafts: GroupDraft[], keepUngrouped: boolean, problems: { message: string }[] = []): Promise<CheckedGroup[]> {
	const communes = new Map((await provinceCommunes(db, province)).map((c) => [c.code, { id: c.id, name: c.name }]));
	const check = checkGrouping(drafts, communes, { keepUngrouped });
	const all = [...problems, ...check.problems];
	if (all.length) throw new ValidationError(`Cách chia cụm thi đua không hợp lệ (${all.length} lỗi); không có gì được ghi.`, all);
	return check.groups;
}

/**
 * Makes `groups` the province's groups from instant `at`, for the province, each of its
 * campaigns and its part of each national campaign over its hierarchy version; audited.
 * Run inside a transaction.
 */
export async function applyGrouping(tx: Conn, by: GroupEditor, province: Unit, groups: CheckedGroup[], at: string, source: string): Promise<{ moved: number }> {
	const before = await listProvinceGroups(tx, province.id);
	await replaceProvinceGroups(tx, province.id, groups);
	let moved = 0;
	for (const { id, scope } of await campaignsOfProvinceGroups(tx, province)) {
		moved += (await followGrouping(tx, id, groups, at, scope)).moved;
		// The campaign's pages and caches change with its grouping.
		await raiseDataVersion(tx, id, at);
	}
	const after = await listProvinceGroups(tx, province.id);
	await recordAudit(tx, {
		actor: by === 'cli' ? 'cli' : by.username,
		userId: by === 'cli' ? null : by.userId,
		action: 'set_groups',
		entity: 'province_groups',
		entityId: province.code,
		unitId: province.id,
		source,
		before,
		after,
		at
	});
	return { moved };
}

/** Who sets groups: an admin of the province, or the CLI naming a province. */
export type GroupEditor = Actor | 'cli';

/**
 * The province whose groups `by` sets: an admin's own (`code` null or theirs); on the CLI,
 * the province `code` of the newest 2-level list.
 */
async function editedProvince(db: Conn, by: GroupEditor, code: string | null): Promise<Unit> {
	if (by !== 'cli') {
		if (!canAdminister(by, by.provinceId)) throw new ForbiddenError('Chỉ quản trị viên của tỉnh mới chia cụm thi đua.');
		return groupsProvince(db, by, code);
	}
	const province = code === null ? undefined : await findProvinceOfNewestList(db, code, 2);
	if (!province) throw new ValidationError(`Không có tỉnh mã «${code ?? ''}» trong danh mục 2 cấp mới nhất (cụm thi đua chỉ dùng cho tỉnh không còn cấp huyện).`);
	return province;
}

/** An admin (or the CLI) replaces the province's groups, all or nothing. */
export async function setProvinceGroups(
	db: Database,
	by: GroupEditor,
	code: string | null,
	drafts: GroupDraft[],
	opts: { keepUngrouped: boolean; source: string; now?: Date; problems?: { message: string }[] }
): Promise<{ groups: number; communes: number; ungrouped: number; moved: number }> {
	const province = await editedProvince(db, by, code);
	const groups = await checkedGrouping(db, province, drafts, opts.keepUngrouped, opts.problems);
	const { moved } = await db.transaction().execute((tx) => applyGrouping(tx, by, province, groups, (opts.now ?? new Date()).toISOString(), opts.source));
	return {
		groups: groups.filter((g) => !g.ungrouped).length,
		communes: groups.reduce((n, g) => n + g.communeIds.length, 0),
		ungrouped: groups.find((g) => g.code === UNGROUPED.code)?.communeIds.length ?? 0,
		moved
	};
}

/** The province's groups as the template to fill in: one row per commune. */
export async function groupTemplate(db: Database, actor: Actor, now = new Date()): Promise<{ name: string; bytes: Uint8Array }> {
	const { province, groups, communes } = await provinceGroups(db, actor, null);
	const groupOf = new Map(groups.flatMap((g) => g.communes.map((c) => [c, g.ungrouped ? null : g])));
	const workbook = buildGroupTemplate({
		provinceName: province.name,
		generatedAt: formatDateTime(now, DEFAULT_SETTINGS.timeZone),
		rows: communes.map((c) => ({ code: c.code, name: c.name, group: groupOf.get(c.code)?.code ?? '', groupName: groupOf.get(c.code)?.name ?? '' }))
	});
	return { name: `cum-thi-dua-${province.code}.xlsx`, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

/** An admin (or the CLI, for province `code`) sets the groups from a file of commune → group lines, all or nothing; each problem says where. */
export async function importGroupsFile(db: Database, by: GroupEditor, file: UploadedFile, opts: { keepUngrouped: boolean; code?: string | null; now?: Date }) {
	await editedProvince(db, by, opts.code ?? null);
	if (file.bytes.length > MAX_UPLOAD_BYTES) throw new ValidationError(`Tệp ${file.name}: lớn hơn ${megabytes(MAX_UPLOAD_BYTES)}.`);
	const leave = by === 'cli' ? () => {} : enterUpload(by.userId);
	try {
		let reader = groupFileReader(file.name);
		await readUploadRows(file, '', (row) => reader.add(row), undefined, { isHeader: isGroupHeader, restart: () => (reader = groupFileReader(file.name)) });
		const read = reader.result();
		const { drafts, problems } = draftsFromAssignments(read.lines);
		return await setProvinceGroups(db, by, opts.code ?? null, drafts, {
			keepUngrouped: opts.keepUngrouped,
			source: /\.csv$/i.test(file.name) ? 'csv' : 'excel',
			now: opts.now,
			problems: [...read.problems, ...problems]
		});
	} finally {
		leave();
	}
}
