import type { HierarchyLink, ListedCommune } from '$lib/domain/mapping';
import type { Conn } from '../db';

/** The links of the mapping from one hierarchy version to another, by old code then new code. */
export async function linksBetween(conn: Conn, fromHierarchyId: number, toHierarchyId: number): Promise<HierarchyLink[]> {
	const rows = await conn
		.selectFrom('hierarchy_links')
		.select(['old_code', 'new_code', 'whole', 'share'])
		.where('from_hierarchy_id', '=', fromHierarchyId)
		.where('to_hierarchy_id', '=', toHierarchyId)
		.orderBy('old_code')
		.orderBy('new_code')
		.execute();
	return rows.map((r) => ({ oldCode: r.old_code, newCode: r.new_code, whole: r.whole === 1, share: r.share }));
}

/** Every unit of a hierarchy version below the province, by code, with its province's code. */
export async function listedUnits(conn: Conn, hierarchyId: number): Promise<Map<string, ListedCommune>> {
	const rows = await conn
		.selectFrom('units as u')
		.innerJoin('units as p', 'p.id', 'u.province_id')
		.select(['u.code', 'u.name', 'u.level', 'p.code as provinceCode'])
		.where('u.hierarchy_id', '=', hierarchyId)
		.where('u.level', '!=', 'province')
		.execute();
	return new Map(rows.map((r) => [r.code, { name: r.name, provinceCode: r.provinceCode, level: r.level as ListedCommune['level'] }]));
}

/** The stored links into the new communes of `provinces`, as an import compares them. */
export async function storedLinks(conn: Conn, fromHierarchyId: number, toHierarchyId: number, provinces: readonly string[]): Promise<StoredLink[]> {
	if (provinces.length === 0) return [];
	const rows = await conn
		.selectFrom('hierarchy_links')
		.select(['old_code', 'old_name', 'new_code', 'new_name', 'new_province_code', 'whole', 'share'])
		.where('from_hierarchy_id', '=', fromHierarchyId)
		.where('to_hierarchy_id', '=', toHierarchyId)
		.where('new_province_code', 'in', provinces)
		.execute();
	return rows.map((r) => ({
		oldCode: r.old_code,
		oldName: r.old_name,
		newCode: r.new_code,
		newName: r.new_name,
		newProvinceCode: r.new_province_code,
		whole: r.whole === 1,
		share: r.share
	}));
}

export interface StoredLink extends HierarchyLink {
	oldName: string;
	newName: string;
	newProvinceCode: string;
}

/** The stored old province → new province pairs whose new province is one of `provinces`. */
export async function storedProvinceLinks(conn: Conn, fromHierarchyId: number, toHierarchyId: number, provinces: readonly string[]) {
	if (provinces.length === 0) return [];
	const rows = await conn
		.selectFrom('hierarchy_province_links')
		.select(['old_province_code', 'new_province_code'])
		.where('from_hierarchy_id', '=', fromHierarchyId)
		.where('to_hierarchy_id', '=', toHierarchyId)
		.where('new_province_code', 'in', provinces)
		.execute();
	return rows.map((r) => ({ oldProvinceCode: r.old_province_code, newProvinceCode: r.new_province_code }));
}

/** Replaces the links (and province pairs) into the new communes of `provinces` by `links`. */
export async function replaceLinks(
	conn: Conn,
	fromHierarchyId: number,
	toHierarchyId: number,
	provinces: readonly string[],
	links: readonly StoredLink[],
	provinceLinks: readonly { oldProvinceCode: string; newProvinceCode: string }[]
): Promise<void> {
	const pair = { from_hierarchy_id: fromHierarchyId, to_hierarchy_id: toHierarchyId };
	await conn
		.deleteFrom('hierarchy_links')
		.where('from_hierarchy_id', '=', fromHierarchyId)
		.where('to_hierarchy_id', '=', toHierarchyId)
		.where('new_province_code', 'in', provinces)
		.execute();
	await conn
		.deleteFrom('hierarchy_province_links')
		.where('from_hierarchy_id', '=', fromHierarchyId)
		.where('to_hierarchy_id', '=', toHierarchyId)
		.where('new_province_code', 'in', provinces)
		.execute();
	for (let i = 0; i < links.length; i += 500) {
		await conn
			.insertInto('hierarchy_links')
			.values(
				links.slice(i, i + 500).map((l) => ({
					...pair,
					old_code: l.oldCode,
					old_name: l.oldName,
					new_code: l.newCode,
					new_name: l.newName,
					new_province_code: l.newProvinceCode,
					whole: l.whole ? 1 : 0,
					share: l.share
				}))
			)
			.execute();
	}
	if (provinceLinks.length)
		await conn
			.insertInto('hierarchy_province_links')
			.values(provinceLinks.map((p) => ({ ...pair, old_province_code: p.oldProvinceCode, new_province_code: p.newProvinceCode })))
			.execute();
}

/**
 * The provinces (unit ids, in older hierarchy versions) that province `provinceId` absorbed
 * by a mapping into its version: Thái Bình and old Hưng Yên for today's Hưng Yên (DESIGN §7).
 */
export async function absorbedProvinceIds(conn: Conn, provinceId: number): Promise<number[]> {
	const rows = await conn
		.selectFrom('units as p')
		.innerJoin('hierarchy_province_links as l', (j) => j.onRef('l.to_hierarchy_id', '=', 'p.hierarchy_id').onRef('l.new_province_code', '=', 'p.code'))
		.innerJoin('units as o', (j) => j.onRef('o.hierarchy_id', '=', 'l.from_hierarchy_id').onRef('o.code', '=', 'l.old_province_code'))
		.select('o.id')
		.where('p.id', '=', provinceId)
		.where('p.level', '=', 'province')
		.where('o.level', '=', 'province')
		.execute();
	return rows.map((r) => r.id);
}

/** Per older hierarchy version, the links stored into province `code` of version `toHierarchyId`. */
export async function linksIntoProvince(conn: Conn, toHierarchyId: number, code: string) {
	const rows = await conn
		.selectFrom('hierarchy_links as l')
		.innerJoin('hierarchies as h', 'h.id', 'l.from_hierarchy_id')
		.select([
			'h.as_of',
			(eb) => eb.fn.countAll<number>().as('links'),
			(eb) => eb.fn.count<number>('l.new_code').distinct().as('communes'),
			(eb) => eb.fn.count<number>('l.old_code').distinct().as('oldCommunes')
		])
		.where('l.to_hierarchy_id', '=', toHierarchyId)
		.where('l.new_province_code', '=', code)
		.groupBy('h.as_of')
		.orderBy('h.as_of')
		.execute();
	const absorbed = await conn
		.selectFrom('hierarchy_province_links as pl')
		.innerJoin('hierarchies as h', 'h.id', 'pl.from_hierarchy_id')
		.innerJoin('units as o', (j) => j.onRef('o.hierarchy_id', '=', 'pl.from_hierarchy_id').onRef('o.code', '=', 'pl.old_province_code'))
		.select(['h.as_of', 'o.code', 'o.name'])
		.where('pl.to_hierarchy_id', '=', toHierarchyId)
		.where('pl.new_province_code', '=', code)
		.where('o.level', '=', 'province')
		.orderBy('o.code')
		.execute();
	return rows.map((r) => ({
		from: r.as_of,
		links: Number(r.links),
		communes: Number(r.communes),
		oldCommunes: Number(r.oldCommunes),
		provinces: absorbed.filter((a) => a.as_of === r.as_of).map((a) => ({ code: a.code, name: a.name }))
	}));
}
