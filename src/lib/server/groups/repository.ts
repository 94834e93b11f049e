/**
 * Cụm thi đua in the database: the groups a province stands by now, and each campaign's
 * memberships over time (which group a commune was in, from when until when).
 */
import { scopedGroupCode, splitGroupCode, type CheckedGroup, type GroupView } from '$lib/domain/groups';
import type { Conn } from '../db';
import type { Unit } from '../db/schema';

/** The province's groups in their order, each with its communes' codes. */
export async function listProvinceGroups(conn: Conn, provinceId: number): Promise<GroupView[]> {
	const [groups, members] = await Promise.all([
		conn.selectFrom('province_groups').select(['id', 'code', 'name', 'ungrouped']).where('province_id', '=', provinceId).orderBy('position').execute(),
		conn
			.selectFrom('province_group_members as m')
			.innerJoin('units as u', 'u.id', 'm.commune_id')
			.select(['m.group_id', 'u.code'])
			.where('m.province_id', '=', provinceId)
			.orderBy('u.code')
			.execute()
	]);
	return groups.map((g) => ({ code: g.code, name: g.name, ungrouped: g.ungrouped === 1, communes: members.filter((m) => m.group_id === g.id).map((m) => m.code) }));
}

/** The province's groups with their communes' ids, to give a new campaign. */
export async function provinceGrouping(conn: Conn, provinceId: number): Promise<CheckedGroup[]> {
	const [groups, members] = await Promise.all([
		conn.selectFrom('province_groups').select(['id', 'code', 'name', 'ungrouped']).where('province_id', '=', provinceId).orderBy('position').execute(),
		conn.selectFrom('province_group_members').select(['group_id', 'commune_id']).where('province_id', '=', provinceId).execute()
	]);
	return groups.map((g) => ({ code: g.code, name: g.name, ungrouped: g.ungrouped === 1, communeIds: members.filter((m) => m.group_id === g.id).map((m) => m.commune_id) }));
}

/** Replaces the province's groups: groups are kept by code (renamed in place), the rest removed. */
export async function replaceProvinceGroups(conn: Conn, provinceId: number, groups: CheckedGroup[]): Promise<void> {
	await conn.deleteFrom('province_group_members').where('province_id', '=', provinceId).execute();
	const kept = groups.map((g) => g.code);
	let q = conn.deleteFrom('province_groups').where('province_id', '=', provinceId);
	if (kept.length) q = q.where('code', 'not in', kept);
	await q.execute();
	for (const [position, g] of groups.entries()) {
		const { id } = await conn
			.insertInto('province_groups')
			.values({ province_id: provinceId, code: g.code, name: g.name, ungrouped: g.ungrouped ? 1 : 0, position })
			.onConflict((oc) => oc.columns(['province_id', 'code']).doUpdateSet({ name: g.name, ungrouped: g.ungrouped ? 1 : 0, position }))
			.returning('id')
			.executeTakeFirstOrThrow();
		if (g.communeIds.length)
			await conn
				.insertInto('province_group_members')
				.values(g.communeIds.map((commune_id) => ({ commune_id, province_id: provinceId, group_id: id })))
				.execute();
	}
}

/**
 * The campaigns that stand by a province's groups: its own (`scope` null) and the national
 * campaigns over its hierarchy version (`scope` its code: there its groups are scoped by it).
 */
export async function campaignsOfProvinceGroups(conn: Conn, province: Pick<Unit, 'id' | 'code' | 'hierarchy_id'>): Promise<{ id: number; scope: string | null }[]> {
	const rows = await conn
		.selectFrom('campaigns')
		.select(['id', 'province_id'])
		.where((eb) => eb.or([eb('province_id', '=', province.id), eb.and([eb('province_id', 'is', null), eb('hierarchy_id', '=', province.hierarchy_id)])]))
		.orderBy('id')
		.execute();
	return rows.map((c) => ({ id: c.id, scope: c.province_id === null ? province.code : null }));
}

/**
 * Brings a campaign's grouping to `groups` from instant `at` on ('' for a new campaign:
 * from its beginning). A commune that changes group gets a new membership from `at`; its
 * old one ends there. A campaign's group is found by code and takes the new name. In a
 * national campaign `scope` is the province whose groups these are: their codes are
 * stored scoped by it (`scopedGroupCode`), and only that province's groups and
 * memberships change.
 */
export async function followGrouping(conn: Conn, campaignId: number, groups: CheckedGroup[], at: string, scope: string | null = null): Promise<{ moved: number }> {
	const existing = new Map(
		(await conn.selectFrom('campaign_groups').select(['id', 'code', 'name', 'ungrouped']).where('campaign_id', '=', campaignId).execute())
			.filter((g) => splitGroupCode(g.code).provinceCode === scope)
			.map((g) => [g.code, g])
	);
	const groupIdOf = new Map<number, number>(); // commune → the campaign group it belongs in
	for (const g of groups) {
		const code = scopedGroupCode(scope, g.code);
		let id = existing.get(code)?.id;
		if (id === undefined) {
			id = (
				await conn
					.insertInto('campaign_groups')
					.values({ campaign_id: campaignId, code, name: g.name, ungrouped: g.ungrouped ? 1 : 0 })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		} else if (existing.get(code)!.name !== g.name || existing.get(code)!.ungrouped !== (g.ungrouped ? 1 : 0)) {
			await conn
				.updateTable('campaign_groups')
				.set({ name: g.name, ungrouped: g.ungrouped ? 1 : 0 })
				.where('id', '=', id)
				.execute();
		}
		for (const communeId of g.communeIds) groupIdOf.set(communeId, id);
	}
	// The memberships in force in this scope's groups (a commune is only ever in its own province's).
	const scoped = new Set([...existing.values()].map((g) => g.id));
	const current = (
		await conn.selectFrom('campaign_group_memberships').select(['id', 'commune_id', 'group_id']).where('campaign_id', '=', campaignId).where('valid_to', 'is', null).execute()
	).filter((m) => scoped.has(m.group_id));
	const ending = current.filter((m) => groupIdOf.get(m.commune_id) !== m.group_id).map((m) => m.id);
	const stays = new Set(current.filter((m) => groupIdOf.get(m.commune_id) === m.group_id).map((m) => m.commune_id));
	const starting = [...groupIdOf].filter(([communeId]) => !stays.has(communeId));
	for (let i = 0; i < ending.length; i += 500) {
		await conn
			.updateTable('campaign_group_memberships')
			.set({ valid_to: at })
			.where('id', 'in', ending.slice(i, i + 500))
			.execute();
	}
	for (let i = 0; i < starting.length; i += 500) {
		await conn
			.insertInto('campaign_group_memberships')
			.values(starting.slice(i, i + 500).map(([commune_id, group_id]) => ({ campaign_id: campaignId, commune_id, group_id, valid_from: at, valid_to: null })))
			.execute();
	}
	return { moved: starting.length };
}

/** The groups with this code in the provinces of a hierarchy version, with their province. */
export async function findGroupsByCode(conn: Conn, hierarchyId: number, code: string): Promise<{ code: string; name: string; province: Unit }[]> {
	const rows = await conn
		.selectFrom('province_groups as g')
		.innerJoin('units as p', 'p.id', 'g.province_id')
		.selectAll('p')
		.select(['g.code as group_code', 'g.name as group_name'])
		.where('p.hierarchy_id', '=', hierarchyId)
		.where('g.code', '=', code)
		.execute();
	return rows.map(({ group_code, group_name, ...province }) => ({ code: group_code, name: group_name, province }));
}
