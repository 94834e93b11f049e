import type { Conn } from '../db';
import type { Hierarchy } from '$lib/domain/hierarchy';
import type { Hierarchy as HierarchyRow, NewUnit, Unit, UnitLevel } from '../db/schema';

/** The version of the unit list as the domain sees it, from its row. */
export function toHierarchy(row: HierarchyRow): Hierarchy {
	return { id: row.id, asOf: row.as_of, levels: row.levels, source: row.source, contentHash: row.content_hash, importedAt: row.imported_at };
}

export async function findHierarchy(conn: Conn, asOf: string): Promise<Hierarchy | undefined> {
	const row = await conn.selectFrom('hierarchies').selectAll().where('as_of', '=', asOf).executeTakeFirst();
	return row && toHierarchy(row);
}

export async function findHierarchyById(conn: Conn, id: number): Promise<Hierarchy | undefined> {
	const row = await conn.selectFrom('hierarchies').selectAll().where('id', '=', id).executeTakeFirst();
	return row && toHierarchy(row);
}

export async function listHierarchies(conn: Conn): Promise<Hierarchy[]> {
	return (await conn.selectFrom('hierarchies').selectAll().orderBy('as_of').execute()).map(toHierarchy);
}

export async function insertHierarchy(conn: Conn, h: { asOf: string; levels: number; source: string; contentHash: string; importedAt: string }): Promise<number> {
	const row = await conn
		.insertInto('hierarchies')
		.values({ as_of: h.asOf, levels: h.levels, source: h.source, content_hash: h.contentHash, imported_at: h.importedAt })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Inserts units in batches and returns their ids by code. */
export async function insertUnits(conn: Conn, units: NewUnit[]): Promise<Map<string, number>> {
	const ids = new Map<string, number>();
	for (let i = 0; i < units.length; i += 500) {
		const rows = await conn
			.insertInto('units')
			.values(units.slice(i, i + 500))
			.returning(['id', 'code'])
			.execute();
		for (const r of rows) ids.set(r.code, r.id);
	}
	return ids;
}

export function findUnit(conn: Conn, hierarchyId: number, code: string): Promise<Unit | undefined> {
	return conn.selectFrom('units').selectAll().where('hierarchy_id', '=', hierarchyId).where('code', '=', code).executeTakeFirst();
}

export function findUnitById(conn: Conn, id: number): Promise<Unit | undefined> {
	return conn.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUnits(conn: Conn, hierarchyId: number, filter: { parentId?: number | null; provinceId?: number; level?: UnitLevel } = {}): Promise<Unit[]> {
	let q = conn.selectFrom('units').selectAll().where('hierarchy_id', '=', hierarchyId);
	if (filter.parentId !== undefined) q = filter.parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', filter.parentId);
	if (filter.provinceId !== undefined) q = q.where('province_id', '=', filter.provinceId);
	if (filter.level) q = q.where('level', '=', filter.level);
	return q.orderBy('code').execute();
}

export async function countUnitsByLevel(conn: Conn, hierarchyId: number): Promise<Record<UnitLevel, number>> {
	const rows = await conn
		.selectFrom('units')
		.select(['level', (eb) => eb.fn.countAll<number>().as('n')])
		.where('hierarchy_id', '=', hierarchyId)
		.groupBy('level')
		.execute();
	const counts: Record<UnitLevel, number> = { province: 0, district: 0, commune: 0 };
	for (const r of rows) counts[r.level] = Number(r.n);
	return counts;
}

/** A province is its own province, so that scoping by `province_id` covers every level. */
export async function markProvincesAsOwnProvince(conn: Conn, hierarchyId: number): Promise<void> {
	await conn
		.updateTable('units')
		.set((eb) => ({ province_id: eb.ref('id') }))
		.where('hierarchy_id', '=', hierarchyId)
		.where('level', '=', 'province')
		.execute();
}

/** Province `code` in the newest hierarchy version of `levels` levels that has it. */
export function findProvinceOfNewestList(conn: Conn, code: string, levels: number): Promise<Unit | undefined> {
	return conn
		.selectFrom('units as u')
		.innerJoin('hierarchies as h', 'h.id', 'u.hierarchy_id')
		.selectAll('u')
		.where('u.code', '=', code)
		.where('u.level', '=', 'province')
		.where('h.levels', '=', levels)
		.orderBy('h.as_of', 'desc')
		.limit(1)
		.executeTakeFirst();
}
