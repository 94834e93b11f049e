import type { HierarchyLink } from '../../domain/mapping';
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
