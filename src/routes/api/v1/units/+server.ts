import { json } from '@sveltejs/kit';
import { isValidLocalDate } from '$lib/domain/time';
import { api, ApiError, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { findHierarchy, findUnit, listHierarchies, listUnits } from '$lib/server/units/repository';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, locals }) =>
	api(async () => {
		requireActor(locals.actor);
		const db = await getDb();
		const asOf = url.searchParams.get('hierarchy');
		if (asOf !== null && !isValidLocalDate(asOf)) throw new ApiError(400, 'invalid', `Tham số hierarchy «${asOf}» phải là ngày YYYY-MM-DD.`);
		const hierarchy = asOf ? await findHierarchy(db, asOf) : (await listHierarchies(db)).at(-1);
		if (!hierarchy) throw new ApiError(404, 'not_found', asOf ? `Không có danh mục ngày ${asOf}.` : 'Chưa có danh mục đơn vị hành chính nào.');
		const parentCode = url.searchParams.get('parent');
		const parent = parentCode ? await findUnit(db, hierarchy.id, parentCode) : null;
		if (parentCode && !parent) throw new ApiError(404, 'not_found', `Không có đơn vị mã ${parentCode} trong danh mục ngày ${hierarchy.asOf}.`);
		const units = await listUnits(db, hierarchy.id, { parentId: parent ? parent.id : null });
		return json({
			hierarchy: hierarchy.asOf,
			parent: parent ? { code: parent.code, name: parent.name, level: parent.level } : null,
			units: units.map((u) => ({ code: u.code, name: u.name, type: u.type, level: u.level }))
		});
	});
