import { fail, redirect } from '@sveltejs/kit';
import { CHANGE_PASSWORD_PATH, safeRedirectTarget } from '$lib/domain/redirect';
import { login } from '$lib/server/auth/login';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeRedirectTarget(url.searchParams.get('sau')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		if (!username || !password) return fail(400, { username, message: 'Hãy nhập tên đăng nhập và mật khẩu.' });
		const result = await login(await getDb(), { username, password, address: getClientAddress() });
		if (!result.ok && result.reason === 'rate_limited') {
			setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			const minutes = Math.ceil(result.retryAfterSeconds / 60);
			return fail(429, { username, message: `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.` });
		}
		if (!result.ok) return fail(400, { username, message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
		cookies.set(SESSION_COOKIE, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires: result.expiresAt
		});
		redirect(303, result.mustChangePassword ? CHANGE_PASSWORD_PATH : safeRedirectTarget(url.searchParams.get('sau')));
	}
};
