import { ValidationError } from '$lib/domain/errors';
import { describeMappingImport } from '$lib/domain/mapping';
import { formatCount } from '$lib/domain/format';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { formAction, formText, orPageError } from '$lib/server/forms';
import { importMapping, mappingPage } from '$lib/server/mapping/import';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, ['admin']);
	return orPageError(mappingPage(await getDb(), actor));
};

export const actions: Actions = {
	/** The official mapping file (or the province's part of it): only the links into the admin's own communes are read. Named `upload` for the upload size limit. */
	upload: async ({ request, locals, url }) => {
		const actor = requireRole(locals.actor, url, ['admin']);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const file = form.get('file');
		const from = formText(form, 'from');
		if (!(file instanceof File) || file.size === 0) return formAction(async () => Promise.reject(new ValidationError('Hãy chọn tệp bảng chuyển đổi (.csv hoặc .xlsx).')));
		const bytes = new Uint8Array(await file.arrayBuffer());
		return formAction(async () => {
			const { to } = await mappingPage(db, actor);
			const result = await importMapping(db, { name: file.name, bytes }, { from, to, acceptUnknown: form.get('acceptUnknown') === 'on', by: actor });
			return { summary: describeMappingImport(result, formatCount), unchanged: result.status === 'unchanged' };
		});
	}
};
