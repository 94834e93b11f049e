import { ValidationError } from '$lib/domain/errors';
import { draftsFromAssignments, GROUP_CODE_RULE, UNGROUPED } from '$lib/domain/groups';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { importGroupsFile, provinceGroups, setProvinceGroups } from '$lib/server/groups/service';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

/** Rows offered for new groups below the existing ones: at least 3, and 8 rows in all (provinces have 5–7 groups). */
const NEW_ROWS = 3;
const MIN_ROWS = 8;

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, MAY.administer);
	const { province, groups, communes } = await orPageError(provinceGroups(await getDb(), actor, null));
	const named = groups.filter((g) => !g.ungrouped);
	const kept = new Set(groups.find((g) => g.ungrouped)?.communes);
	const groupOf = new Map(groups.flatMap((g) => g.communes.map((c) => [c, g.ungrouped ? '' : g.code])));
	return {
		province: { code: province.code, name: province.name },
		rule: GROUP_CODE_RULE,
		ungroupedName: UNGROUPED.name,
		groups: [
			...named.map((g) => ({ code: g.code, name: g.name, count: g.communes.length })),
			...Array.from({ length: Math.max(NEW_ROWS, MIN_ROWS - named.length) }, () => ({ code: '', name: '', count: 0 }))
		],
		ungrouped: groups.find((g) => g.ungrouped)?.communes.length ?? 0,
		communes: communes.map((c) => ({ ...c, group: groupOf.get(c.code) ?? '', ungrouped: kept.has(c.code) }))
	};
};

export const actions: Actions = {
	/** The whole grouping as the page shows it: the list of groups, and each commune's group code. */
	save: async ({ request, locals, url }) => {
		const actor = requireRole(locals.actor, url, MAY.administer);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const named: { code: string; name: string; where: { field: string } }[] = [];
		for (let i = 0; form.has(`g:${i}:code`); i++) {
			const code = String(form.get(`g:${i}:code`)).trim();
			const name = String(form.get(`g:${i}:name`) ?? '').trim();
			if (code !== '' || name !== '') named.push({ code, name, where: { field: `Cụm dòng ${i + 1}` } });
		}
		const lines = [...form.entries()]
			.filter(([key]) => key.startsWith('c:'))
			.map(([key, value]) => ({ commune: key.slice(2), group: String(value), where: { field: `Xã ${key.slice(2)}` } }));
		const { drafts, problems } = draftsFromAssignments(lines, named);
		return formAction(() => setProvinceGroups(db, actor, null, drafts, { keepUngrouped: form.get('keepUngrouped') === 'on', source: 'form', problems }));
	},
	/** A file of commune → group lines (the template, or any file with «Mã xã» and «Mã cụm» columns). */
	upload: async ({ request, locals, url }) => {
		const actor = requireRole(locals.actor, url, MAY.administer);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return formAction(async () => Promise.reject(new ValidationError('Hãy chọn một tệp .xlsx hoặc .csv.')));
		const bytes = new Uint8Array(await file.arrayBuffer());
		return formAction(() => importGroupsFile(db, actor, { name: file.name, bytes }, { keepUngrouped: form.get('keepUngrouped') === 'on' }));
	}
};
