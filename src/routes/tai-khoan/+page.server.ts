import { changeOwnPassword } from '$lib/server/auth/accounts';
import { requireSignedIn } from '$lib/server/auth/guard';
import { listApiTokens } from '$lib/server/auth/repository';
import { createApiToken, revokeApiToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import { formAction, formText } from '$lib/server/forms';
import { findUnitById } from '$lib/server/units/repository';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	return {
		account: { username: actor.username, displayName: actor.displayName, role: actor.role, unit: (await findUnitById(db, actor.unitId))?.name ?? '' },
		tokens: await listApiTokens(db, actor.userId)
	};
};

export const actions: Actions = {
	password: async ({ locals, url, request, cookies }) => {
		const actor = requireSignedIn(locals.actor, url);
		const form = await request.formData();
		return formAction(async () => {
			await changeOwnPassword(await getDb(), actor, { current: formText(form, 'current'), next: formText(form, 'next'), sessionToken: cookies.get(SESSION_COOKIE) ?? null });
			return { done: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.' };
		});
	},
	token: async ({ locals, url, request }) => {
		const actor = requireSignedIn(locals.actor, url);
		const form = await request.formData();
		return formAction(async () => {
			const token = await createApiToken(await getDb(), actor.username, { name: formText(form, 'name'), actor: actor.username });
			return { token };
		});
	},
	revoke: async ({ locals, url, request }) => {
		const actor = requireSignedIn(locals.actor, url);
		const form = await request.formData();
		return formAction(async () => {
			await revokeApiToken(await getDb(), actor, Number(formText(form, 'token')));
			return { done: 'Đã thu hồi mã truy cập.' };
		});
	}
};
