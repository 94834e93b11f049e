/** What reading a campaign on another hierarchy version needs from the database (DESIGN §4). */
import type { HierarchyLink } from '$lib/domain/mapping';
import type { Conn } from '../db';

const CHUNK = 500;

/** The communes of a hierarchy version with these codes, and their provinces. */
export async function communesWithProvinces(conn: Conn, hierarchyId: number, codes: readonly string[]) {
	const communes: { id: number; code: string; name: string; province_id: number | null }[] = [];
	for (let i = 0; i < codes.length; i += CHUNK) {
		const chunk = codes.slice(i, i + CHUNK);
		communes.push(
			...(await conn
				.selectFrom('units')
				.select(['id', 'code', 'name', 'province_id'])
				.where('hierarchy_id', '=', hierarchyId)
				.where('level', '=', 'commune')
				.where('code', 'in', chunk)
				.execute())
		);
	}
	const provinceIds = [...new Set(communes.flatMap((c) => (c.province_id === null ? [] : [c.province_id])))];
	const provinces = provinceIds.length ? await conn.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', provinceIds).orderBy('code').execute() : [];
	communes.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	return { communes, provinces };
}

/** The cụm thi đua the provinces stand by now, in their order, and their members. */
export async function provinceGroupsOf(conn: Conn, provinceIds: readonly number[]) {
	if (!provinceIds.length) return { groups: [], members: [] };
	const [groups, members] = await Promise.all([
		conn.selectFrom('province_groups').select(['id', 'province_id', 'code', 'name']).where('province_id', 'in', provinceIds).orderBy('province_id').orderBy('position').execute(),
		conn.selectFrom('province_group_members').select(['group_id', 'commune_id']).where('province_id', 'in', provinceIds).execute()
	]);
	return { groups, members };
}

/**
 * The links of the mapping from one version to another that leave these old communes
 * (every part of each: a split's parts share its old code), read through the links' unique
 * index rather than the whole national table.
 */
export async function linksFrom(conn: Conn, fromHierarchyId: number, toHierarchyId: number, oldCodes: readonly string[]): Promise<HierarchyLink[]> {
	const links: HierarchyLink[] = [];
	for (let i = 0; i < oldCodes.length; i += CHUNK) {
		const rows = await conn
			.selectFrom('hierarchy_links')
			.select(['old_code', 'new_code', 'whole', 'share'])
			.where('from_hierarchy_id', '=', fromHierarchyId)
			.where('to_hierarchy_id', '=', toHierarchyId)
			.where('old_code', 'in', oldCodes.slice(i, i + CHUNK))
			.orderBy('old_code')
			.orderBy('new_code')
			.execute();
		for (const r of rows) links.push({ oldCode: r.old_code, newCode: r.new_code, whole: r.whole === 1, share: r.share });
	}
	return links;
}

/** The hierarchy versions a mapping leads to from this one, oldest first. */
export function hierarchiesMappedFrom(conn: Conn, hierarchyId: number) {
	return conn
		.selectFrom('hierarchy_links as l')
		.innerJoin('hierarchies as h', 'h.id', 'l.to_hierarchy_id')
		.select(['h.as_of', 'h.levels'])
		.distinct()
		.where('l.from_hierarchy_id', '=', hierarchyId)
		.orderBy('h.as_of')
		.execute();
}
