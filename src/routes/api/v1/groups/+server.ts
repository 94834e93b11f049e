import { json } from '@sveltejs/kit';
import { draftsFromJson } from '$lib/domain/groups';
import { api, readJson, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { provinceGroups, setProvinceGroups } from '$lib/server/groups/service';
import type { RequestHandler } from './$types';

/** The province's cụm thi đua: `[{code, name, ungrouped, communes: [code…]}]`. */
export const GET: RequestHandler = ({ url, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const { province, groups } = await provinceGroups(await getDb(), actor, url.searchParams.get('province'));
		return json({ province: { code: province.code, name: province.name }, groups });
	});

/** Replaces them all, or nothing: `?keepUngrouped=true` keeps communes no group names in "Chưa xếp cụm". */
export const PUT: RequestHandler = ({ url, request, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const { drafts, problems } = draftsFromJson(await readJson(request));
		const db = await getDb();
		const result = await setProvinceGroups(db, actor, url.searchParams.get('province'), drafts, {
			keepUngrouped: url.searchParams.get('keepUngrouped') === 'true',
			source: 'api',
			problems
		});
		const { province, groups } = await provinceGroups(db, actor, url.searchParams.get('province'));
		return json({ ...result, province: { code: province.code, name: province.name }, groups });
	});
