import { changeOwnPassword } from '$lib/server/auth/accounts';
import { requireRole } from '$lib/server/auth/guard';
import { listApiTokens } from '$lib/server/auth/repository';
import { createApiToken, revokeApiToken, SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import { formAction } from '$lib/server/forms';
import { findUnitById } from '$lib/server/units/repository';
import type { Actions, PageServerLoad } from './$types';

const EVERYONE = ['admin', 'leader', 'district', 'clerk'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, [...EVERYONE]);
	const db = await getDb();
	return {
		account: { username: actor.username, displayName: actor.displayName, role: actor.role, unit: (await findUnitById(db, actor.unitId))?.name ?? '' },
		tokens: await listApiTokens(db, actor.userId)
	};
};

const field = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	password: async ({ locals, url, request, cookies }) => {
		const actor = requireRole(locals.actor, url, [...EVERYONE]);
		const form = await request.formData();
		return formAction(async () => {
			await changeOwnPassword(await getDb(), actor, { current: field(form, 'current'), next: field(form, 'next'), sessionToken: cookies.get(SESSION_COOKIE) ?? null });
			return { done: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.' };
		});
	},
	token: async ({ locals, url, request }) => {
		const actor = requireRole(locals.actor, url, [...EVERYONE]);
		const form = await request.formData();
		return formAction(async () => {
			const token = await createApiToken(await getDb(), actor.username, { name: field(form, 'name'), actor: actor.username });
			return { token };
		});
	},
	revoke: async ({ locals, url, request }) => {
		const actor = requireRole(locals.actor, url, [...EVERYONE]);
		const form = await request.formData();
		return formAction(async () => {
			await revokeApiToken(await getDb(), actor, Number(field(form, 'token')));
			return { done: 'Đã thu hồi mã truy cập.' };
		});
	}
};
