import { revokedTokensLabel } from '$lib/domain/labels';
import { roleLabel } from '$lib/domain/levels';
import { listProvinceGroups } from '$lib/server/groups/repository';
import { provinceWords } from '$lib/server/groups/service';
import { changeOwnPassword, setOwnNotify } from '$lib/server/auth/accounts';
import { findUserById } from '$lib/server/auth/users';
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
	const user = await findUserById(db, actor.userId);
	return {
		account: {
			username: actor.username,
			displayName: actor.displayName,
			role: roleLabel(actor.role, await provinceWords(db, actor)),
			// A group lead reads their group's name.
			unit: actor.groupCode
				? ((await listProvinceGroups(db, actor.provinceId)).find((g) => g.code === actor.groupCode)?.name ?? actor.groupCode)
				: ((await findUnitById(db, actor.unitId))?.name ?? ''),
			email: user?.email ?? null,
			notify: user?.notify === 1
		},
		tokens: await listApiTokens(db, actor.userId)
	};
};

export const actions: Actions = {
	password: async ({ locals, url, request, cookies }) => {
		const actor = requireSignedIn(locals.actor, url);
		const form = await request.formData();
		return formAction(async () => {
			const revoked = await changeOwnPassword(await getDb(), actor, {
				current: formText(form, 'current'),
				next: formText(form, 'next'),
				sessionToken: cookies.get(SESSION_COOKIE) ?? null
			});
			return { done: `Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc; ${revokedTokensLabel(revoked)}.` };
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
	notify: async ({ locals, url, request }) => {
		const actor = requireSignedIn(locals.actor, url);
		const form = await request.formData();
		return formAction(async () => {
			const notify = formText(form, 'notify') === 'on';
			await setOwnNotify(await getDb(), actor, notify);
			return { done: notify ? 'Bạn sẽ nhận báo cáo qua thư điện tử sau mỗi lần chốt số liệu.' : 'Bạn sẽ không nhận báo cáo qua thư điện tử nữa.' };
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
