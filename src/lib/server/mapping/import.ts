/**
 * Importing the official mapping between two hierarchy versions (issue 26, DESIGN §3
 * "Across the reform"). The mapping is national data: on the CLI an operator imports a
 * whole file; on the admin page an admin imports only the links into their own province's
 * new communes (the rows of other provinces are skipped), so one province cannot change
 * another's. All or nothing; the same file again changes nothing and writes no audit entry.
 */
import type { Actor } from '$lib/domain/access';
import { ForbiddenError, ValidationError } from '$lib/domain/errors';
import { readMapping, type MappingSummary } from '$lib/domain/mapping';
import { isValidLocalDate } from '$lib/domain/time';
import { recordAudit } from '../audit/repository';
import type { Database } from '../db';
import type { Hierarchy } from '$lib/domain/hierarchy';
import { readTable } from '../files';
import { findHierarchy, findUnitById, listHierarchies } from '../units/repository';
import { linksIntoProvince, listedUnits, replaceLinks, storedLinks, storedProvinceLinks, type StoredLink } from './repository';

export type MappingImportResult = MappingSummary;

async function hierarchyOf(db: Database, asOf: string, which: string): Promise<Hierarchy> {
	if (!isValidLocalDate(asOf)) throw new ValidationError(`Ngày danh mục ${which} «${asOf}» không hợp lệ (định dạng YYYY-MM-DD).`);
	const h = await findHierarchy(db, asOf);
	if (!h) throw new ValidationError(`Chưa có danh mục ngày ${asOf} (${which}): hãy nhập danh mục đó trước (import-units --as-of ${asOf}).`);
	return h;
}

const sameLink = (a: StoredLink) => `${a.oldCode}|${a.newCode}|${a.whole}|${a.share ?? ''}|${a.oldName}|${a.newName}|${a.newProvinceCode}`;

export async function importMapping(
	db: Database,
	file: { name: string; bytes: Uint8Array },
	opts: { from: string; to: string; acceptUnknown: boolean; by: Actor | 'cli' | 'demo' }
): Promise<MappingImportResult> {
	const [from, to] = [await hierarchyOf(db, opts.from, 'cũ'), await hierarchyOf(db, opts.to, 'mới')];
	if (from.asOf >= to.asOf) throw new ValidationError(`Danh mục cũ (${from.asOf}) phải trước danh mục mới (${to.asOf}).`);
	let onlyProvinces: Set<string> | undefined;
	let province: { id: number; code: string; name: string } | null = null;
	if (typeof opts.by !== 'string') {
		const own = await findUnitById(db, opts.by.provinceId);
		if (opts.by.role !== 'admin' || !own) throw new ForbiddenError('Chỉ quản trị viên mới nhập bảng chuyển đổi đơn vị hành chính.');
		if (own.hierarchy_id !== to.id) throw new ForbiddenError(`${own.name} thuộc danh mục khác ${to.asOf}: chỉ tỉnh của danh mục mới nhập liên kết vào các xã của mình.`);
		province = { id: own.id, code: own.code, name: own.name };
		onlyProvinces = new Set([own.code]);
	}
	const [oldUnits, newUnits] = await Promise.all([listedUnits(db, from.id), listedUnits(db, to.id)]);
	const table = await readTable(file.bytes, file.name);
	const read = readMapping(
		table.header,
		table.rows,
		file.name,
		{ old: oldUnits, new: newUnits, oldLabel: `danh mục ngày ${from.asOf}`, newLabel: `danh mục ngày ${to.asOf}` },
		{ acceptUnknown: opts.acceptUnknown, onlyProvinces }
	);
	if (read.links.length === 0) throw new ValidationError(`Tệp ${file.name} không có liên kết nào${province ? ` vào các xã của ${province.name}` : ''}; không có gì được ghi.`);

	const links: StoredLink[] = read.links.map(({ oldCode, oldName, newCode, newName, newProvinceCode, whole, share }) => ({
		oldCode,
		oldName,
		newCode,
		newName,
		newProvinceCode,
		whole,
		share
	}));
	const oldCodes = new Set(links.map((l) => l.oldCode));
	const result = (status: MappingImportResult['status']): MappingImportResult => ({
		status,
		from: from.asOf,
		to: to.asOf,
		links: links.length,
		wholeLinks: links.filter((l) => l.whole).length,
		oldCommunes: oldCodes.size,
		newCommunes: new Set(links.map((l) => l.newCode)).size,
		splits: [...oldCodes].filter((c) => links.filter((l) => l.oldCode === c).length > 1).length,
		unknown: read.unknown,
		provinceLinks: read.provinceLinks,
		provinces: read.provinces
	});
	return db.transaction().execute(async (tx) => {
		const before = await storedLinks(tx, from.id, to.id, read.provinces);
		const beforeProvinces = await storedProvinceLinks(tx, from.id, to.id, read.provinces);
		const key = (ls: StoredLink[]) => ls.map(sameLink).sort().join('\n');
		const provinceKey = (ps: { oldProvinceCode: string; newProvinceCode: string }[]) =>
			ps
				.map((p) => `${p.oldProvinceCode}>${p.newProvinceCode}`)
				.sort()
				.join(',');
		if (key(before) === key(links) && provinceKey(beforeProvinces) === provinceKey(read.provinceLinks)) return result('unchanged');
		await replaceLinks(tx, from.id, to.id, read.provinces, links, read.provinceLinks);
		const done = result(before.length ? 'updated' : 'created');
		await recordAudit(tx, {
			actor: typeof opts.by === 'string' ? opts.by : opts.by.username,
			userId: typeof opts.by === 'string' ? null : opts.by.userId,
			action: 'import_mapping',
			entity: 'hierarchy_links',
			entityId: `${from.asOf}>${to.asOf}`,
			unitId: province?.id ?? null,
			source: file.name,
			before: before.length ? { links: before.length, provinces: beforeProvinces } : undefined,
			after: {
				links: done.links,
				wholeLinks: done.wholeLinks,
				oldCommunes: done.oldCommunes,
				newCommunes: done.newCommunes,
				provinces: done.provinces,
				provinceLinks: done.provinceLinks,
				acceptedUnknown: done.unknown.map((u) => ({ side: u.side, code: u.code, name: u.name, resolvedTo: u.resolvedTo?.code ?? null }))
			}
		});
		return done;
	});
}

/** What the mapping page shows an admin: their province, the older versions a mapping may come from, and what is stored. */
export async function mappingPage(db: Database, actor: Actor) {
	if (actor.role !== 'admin') throw new ForbiddenError();
	const province = await findUnitById(db, actor.provinceId);
	if (!province) throw new ForbiddenError();
	const versions = await listHierarchies(db);
	const own = versions.find((h) => h.id === province.hierarchy_id)!;
	return {
		province: { code: province.code, name: province.name },
		to: own.asOf,
		/** Only a province of a list that follows another one receives links. */
		fromChoices: versions
			.filter((h) => h.asOf < own.asOf)
			.map((h) => ({ asOf: h.asOf, levels: h.levels }))
			.reverse(),
		stored: await linksIntoProvince(db, own.id, province.code)
	};
}
