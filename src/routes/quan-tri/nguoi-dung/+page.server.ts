import { requireRole } from '$lib/server/auth/guard';
import { addUser, assignableUnits, listAccounts } from '$lib/server/auth/accounts';
import { getDb } from '$lib/server/db/instance';
import { provinceWords } from '$lib/server/groups/service';
import { formAction, formText } from '$lib/server/forms';
import { formatDateTime } from '$lib/domain/format';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireRole(locals.actor, url, MAY.administer);
	const db = await getDb();
	const users = await listAccounts(db, admin);
	return {
		users: users.map((u) => ({
			id: u.id,
			username: u.username,
			displayName: u.displayName,
			role: u.role,
			unit: u.unitName,
			disabled: u.disabledAt !== null,
			lastLogin: u.lastLoginAt ? formatDateTime(u.lastLoginAt, 'Asia/Ho_Chi_Minh') : null,
			mustChangePassword: u.mustChangePassword === 1,
			tokens: Number(u.tokens)
		})),
		units: await assignableUnits(db, admin),
		words: await provinceWords(db, admin)
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const admin = requireRole(locals.actor, url, MAY.administer);
		const form = await request.formData();
		const values = {
			username: formText(form, 'username'),
			displayName: formText(form, 'displayName'),
			role: formText(form, 'role'),
			unitCode: formText(form, 'unitCode'),
			email: formText(form, 'email')
		};
		return formAction(
			async () => {
				const user = await addUser(await getDb(), { ...values, password: formText(form, 'password') }, admin);
				return { created: user.username };
			},
			{ values }
		);
	}
};
