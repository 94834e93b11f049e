import { fail, redirect } from '@sveltejs/kit';
import { checkAccountFile, confirmPreview, loadPreview, savePreview } from '$lib/server/auth/account-import';
import { requireRole } from '$lib/server/auth/guard';
import { siteOrigin } from '$lib/server/config';
import { getDb } from '$lib/server/db/instance';
import { provinceWords } from '$lib/server/groups/service';
import { formAction, formText, orPageError } from '$lib/server/forms';
import { formatDateTime } from '$lib/domain/format';
import { credentialsWorkbook } from '$reports/credentials';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

/** Accounts in bulk: upload a file, read its preview (`?xem=<id>`), confirm it all or nothing. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireRole(locals.actor, url, MAY.administer);
	const id = url.searchParams.get('xem');
	const db = await getDb();
	return { preview: id ? await orPageError(loadPreview(db, admin, id)) : null, words: await provinceWords(db, admin) };
};

export const actions: Actions = {
	upload: async ({ locals, url, request }) => {
		const admin = requireRole(locals.actor, url, MAY.administer);
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Hãy chọn một tệp .xlsx hoặc .csv.', problems: [] });
		const result = await formAction(async () => {
			const db = await getDb();
			return { id: await savePreview(db, admin, await checkAccountFile(db, admin, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })) };
		});
		if ('id' in result) redirect(303, `/quan-tri/nguoi-dung/nhap?xem=${result.id}`);
		return result;
	},
	confirm: async ({ locals, url, request }) => {
		const admin = requireRole(locals.actor, url, MAY.administer);
		const id = formText(await request.formData(), 'id');
		return formAction(async () => {
			const accounts = await confirmPreview(await getDb(), admin, id);
			const createdAt = formatDateTime(new Date(), 'Asia/Ho_Chi_Minh');
			const workbook = credentialsWorkbook({ site: siteOrigin(), createdAt, accounts });
			// Given once, in this answer: the passwords are stored nowhere in clear.
			const xlsx = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
			return { created: accounts, site: siteOrigin(), createdAt, xlsx };
		});
	}
};
