import { revokedTokensLabel } from '$lib/domain/labels';
import { assignableUnits, managedAccount, managedAccountView, resetPassword, setAccountDisabled, updateAccount } from '$lib/server/auth/accounts';
import { requireRole } from '$lib/server/auth/guard';
import { listApiTokens } from '$lib/server/auth/repository';
import { revokeApiToken } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import { provinceWords } from '$lib/server/groups/service';
import { formAction, formText, orPageError } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const admin = requireRole(locals.actor, url, MAY.administer);
	const db = await getDb();
	const user = await orPageError(managedAccountView(db, admin, Number(params.id)));
	return {
		self: user.id === admin.userId,
		account: {
			username: user.username,
			disabled: user.disabled,
			values: { displayName: user.displayName, role: user.role, unitCode: user.unitCode, email: user.email ?? '' }
		},
		tokens: await listApiTokens(db, user.id),
		units: await assignableUnits(db, admin),
		words: await provinceWords(db, admin)
	};
};

/** Every action: an admin of the account's province (checked again inside each service call). */
async function adminAndForm(locals: App.Locals, url: URL, request: Request) {
	return { admin: requireRole(locals.actor, url, MAY.administer), db: await getDb(), form: await request.formData() };
}

export const actions: Actions = {
	update: async ({ locals, url, request, params }) => {
		const { admin, db, form } = await adminAndForm(locals, url, request);
		const values = { displayName: formText(form, 'displayName'), role: formText(form, 'role'), unitCode: formText(form, 'unitCode'), email: formText(form, 'email') };
		return formAction(
			async () => {
				await updateAccount(db, admin, Number(params.id), values);
				return { done: 'Đã lưu thông tin tài khoản.' };
			},
			{ values }
		);
	},
	disable: async ({ locals, url, request, params }) => {
		const { admin, db } = await adminAndForm(locals, url, request);
		return formAction(async () => {
			const revoked = await setAccountDisabled(db, admin, Number(params.id), true);
			return { done: `Đã khóa tài khoản: mọi phiên đăng nhập đã kết thúc, ${revokedTokensLabel(revoked)}.` };
		});
	},
	enable: async ({ locals, url, request, params }) => {
		const { admin, db } = await adminAndForm(locals, url, request);
		return formAction(async () => {
			await setAccountDisabled(db, admin, Number(params.id), false);
			return { done: 'Đã mở khóa tài khoản. Các mã truy cập API đã thu hồi không dùng lại được; tạo mã mới nếu cần.' };
		});
	},
	reset: async ({ locals, url, request, params }) => {
		const { admin, db, form } = await adminAndForm(locals, url, request);
		return formAction(async () => {
			const revoked = await resetPassword(db, admin, Number(params.id), formText(form, 'password'));
			return { done: `Đã đặt mật khẩu mới; các phiên đăng nhập cũ của tài khoản đã kết thúc, ${revokedTokensLabel(revoked)}.` };
		});
	},
	revoke: async ({ locals, url, request, params }) => {
		const { admin, db, form } = await adminAndForm(locals, url, request);
		return formAction(async () => {
			const account = await managedAccount(db, admin, Number(params.id));
			await revokeApiToken(db, admin, Number(formText(form, 'token')), account.id);
			return { done: 'Đã thu hồi mã truy cập.' };
		});
	}
};
