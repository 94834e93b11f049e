/**
 * Accounts, sessions and tokens end to end, on the production server (`node build`), where
 * SvelteKit's CSRF check is on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/lib/server/auth/accounts';
import { passwordProblem } from '../src/lib/server/auth/passwords';
import { createApiToken } from '../src/lib/server/auth/session';
import { browserOf, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';
import { run } from './helpers/processes';

let s: Awaited<ReturnType<typeof startDemoServer>>;
let b: ReturnType<typeof browserOf>;
beforeAll(async () => {
	// Own server: it disables, locks out and changes the demo's users, and counts their sessions.
	s = await startDemoServer({ own: true });
	b = browserOf(s.url);
});
afterAll(() => s.stop());

async function userId(username: string) {
	return (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

async function auditActions(entityId: number) {
	const rows = await s.db.selectFrom('audit_log').select(['action', 'actor']).where('entity', '=', 'user').where('entity_id', '=', String(entityId)).orderBy('id').execute();
	return rows.map((r) => `${r.actor}:${r.action}`);
}

describe('sessions', () => {
	it('sets an HttpOnly, SameSite=Lax cookie (not Secure over plain HTTP) and a new token at every login', async () => {
		const first = await b.post('/dang-nhap', { username: 'lanhdao', password: DEMO_PASSWORD });
		expect(first.status).toBe(303);
		expect(first.setCookie).toMatch(/HttpOnly/i);
		expect(first.setCookie).toMatch(/SameSite=Lax/i);
		expect(first.setCookie).not.toMatch(/Secure/i);
		const again = await b.login('lanhdao');
		expect(again).not.toBe(/tiendo_session=[^;]+/.exec(first.setCookie!)![0]);
		const stored = await s.db.selectFrom('sessions').select('id').execute();
		expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.id))).toBe(true); // only hashes
		expect(stored.map((r) => r.id)).not.toContain(again.split('=')[1]);
	});

	it('ends the session at logout', async () => {
		const cookie = await b.login('lanhdao');
		expect((await b.get('/tai-khoan', cookie)).status).toBe(200);
		const out = await b.post('/dang-xuat', {}, { cookie });
		expect(out.status).toBe(303);
		expect(out.setCookie).toMatch(/tiendo_session=;/);
		const after = await b.get('/tai-khoan', cookie);
		expect(after.status).toBe(303);
		expect(after.location).toBe('/dang-nhap?sau=%2Ftai-khoan');
	});

	it('answers 429 with a Vietnamese message and Retry-After after too many failures', async () => {
		for (let i = 0; i < 5; i++) expect((await b.post('/dang-nhap', { username: 'quantri.hanoi', password: 'sai mat khau' })).status).toBe(400);
		const limited = await b.post('/dang-nhap', { username: 'quantri.hanoi', password: DEMO_PASSWORD });
		expect(limited.status).toBe(429);
		expect(limited.text).toContain('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.');
		const unknown = await b.post('/dang-nhap', { username: 'khong.co.ai', password: 'sai mat khau' });
		expect(unknown.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
	});
});

describe('safe defaults', () => {
	it('refuses a form posted from another origin (CSRF), and changes nothing', async () => {
		const admin = await b.login('quantri');
		const before = await s.db
			.selectFrom('users')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		const res = await b.post(
			'/quan-tri/nguoi-dung?/create',
			{ username: 'ke.gia.mao', role: 'admin', unitCode: '34', password: 'mot mat khau rat dai' },
			{ cookie: admin, origin: 'https://evil.example' }
		);
		expect(res.status).toBe(403);
		const after = await s.db
			.selectFrom('users')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
		expect((await b.post('/dang-nhap', { username: 'quantri', password: DEMO_PASSWORD }, { origin: 'https://evil.example' })).status).toBe(403);
	});

	it.each([
		['//evil.example/', '/'],
		['https://evil.example/', '/'],
		['/\\evil.example', '/'],
		['/tai-khoan\r\nSet-Cookie: a=b', '/'],
		['/tai-khoan', '/tai-khoan']
	])('after login goes to %j only when local', async (target, expected) => {
		const res = await b.post(`/dang-nhap?sau=${encodeURIComponent(target)}`, { username: 'lanhdao', password: DEMO_PASSWORD });
		expect(res.status).toBe(303);
		expect(res.location).toBe(expected);
	});

	it('sends the security headers, with a CSP the pages satisfy (checked in the browser tests)', async () => {
		const page = await b.get('/');
		const csp = page.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self' 'sha256-/); // hashes, not a nonce: a kept page serves every reader
		expect(csp).toContain("default-src 'self'");
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		const api = await b.get('/api/v1/openapi.json');
		expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
		expect(api.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('does not start in production without ORIGIN', async () => {
		const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'ORIGIN')) as Record<string, string>;
		const result = await run(process.execPath, ['build'], { env: { ...env, DATABASE_PATH: ':memory:', HOST: '127.0.0.1', PORT: '0' }, clearEnv: true });
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain('Thiếu biến môi trường ORIGIN');
	});
});

describe('passwords', () => {
	it('refuses short and common passwords, and the username itself, without composition rules', () => {
		expect(passwordProblem('ngan')).toBe('Mật khẩu phải có ít nhất 8 ký tự.');
		for (const common of ['password123', 'Password123', '12345678', 'iloveyou', 'matkhau123', 'qwertyuiop']) expect(passwordProblem(common)).toContain('quá phổ biến');
		expect(passwordProblem('canbo.13192', 'canbo.13192')).toContain('quá phổ biến');
		expect(passwordProblem('đồng lúa thái bình')).toBeNull();
		expect(passwordProblem('tất cả chữ thường không số')).toBeNull();
	});

	it('refuses a common password on the admin page, in Vietnamese, creating nothing', async () => {
		const admin = await b.login('quantri');
		const res = await b.post('/quan-tri/nguoi-dung?/create', { username: 'canbo.moi', role: 'clerk', unitCode: '13192', password: 'password1' }, { cookie: admin });
		expect(res.status).toBe(400);
		expect(res.text).toContain('Mật khẩu này quá phổ biến');
		expect(await s.db.selectFrom('users').select('id').where('username', '=', 'canbo.moi').executeTakeFirst()).toBeUndefined();
	});
});

describe('administration of accounts', () => {
	it('creates an account, assigns its role and unit, and audits each step', async () => {
		const admin = await b.login('quantri');
		const created = await b.post(
			'/quan-tri/nguoi-dung?/create',
			{ username: 'canbo.13195', displayName: 'Cán bộ xã', role: 'clerk', unitCode: '13195', email: '', password: 'lua chin vang dong' },
			{ cookie: admin }
		);
		expect(created.status).toBe(200);
		expect(created.text).toContain('Đã tạo tài khoản canbo.13195');
		const id = await userId('canbo.13195');
		const notARole = await b.post(`/quan-tri/nguoi-dung/${id}?/update`, { role: 'toString', unitCode: '13195' }, { cookie: admin });
		expect(notARole.status).toBe(400);
		expect(notARole.text).toContain('Vai trò «toString» không hợp lệ');
		const wrongLevel = await b.post(`/quan-tri/nguoi-dung/${id}?/update`, { role: 'district', unitCode: '13195' }, { cookie: admin });
		expect(wrongLevel.status).toBe(400);
		expect(wrongLevel.text).toContain('phải gắn với một huyện');
		const otherProvince = await b.post(`/quan-tri/nguoi-dung/${id}?/update`, { role: 'clerk', unitCode: '00001' }, { cookie: admin });
		expect(otherProvince.status).toBe(403);
		const promoted = await b.post(`/quan-tri/nguoi-dung/${id}?/update`, { role: 'district', unitCode: '344', displayName: 'Trưởng phòng' }, { cookie: admin });
		expect(promoted.status).toBe(200);
		const user = await s.db
			.selectFrom('users')
			.innerJoin('units', 'units.id', 'users.unit_id')
			.select(['users.role', 'units.code'])
			.where('users.id', '=', id)
			.executeTakeFirstOrThrow();
		expect(user).toEqual({ role: 'district', code: '344' });
		expect(await auditActions(id)).toEqual(['quantri:create_user', 'quantri:update_user']);
	});

	it('locks a disabled user out at once: pages, sessions and API tokens', async () => {
		const admin = await b.login('quantri');
		const clerk = await b.login('canbo.13192');
		expect((await b.get('/tai-khoan', clerk)).status).toBe(200);
		expect((await s.call('/api/v1/units', { token: 'canbo.13192' })).status).toBe(200);
		const id = await userId('canbo.13192');
		const res = await b.post(`/quan-tri/nguoi-dung/${id}?/disable`, {}, { cookie: admin });
		expect(res.status).toBe(200);
		expect((await b.get('/tai-khoan', clerk)).status).toBe(303);
		expect((await s.call('/api/v1/units', { token: 'canbo.13192' })).status).toBe(401);
		expect((await b.post('/dang-nhap', { username: 'canbo.13192', password: DEMO_PASSWORD })).status).toBe(400);
		const sessions = await s.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute();
		expect(sessions).toEqual([]);
		// Re-enabled, the account signs in again, but its old token stays revoked; the admin cannot lock themselves out.
		expect((await b.post(`/quan-tri/nguoi-dung/${id}?/enable`, {}, { cookie: admin })).status).toBe(200);
		expect((await s.call('/api/v1/units', { token: 'canbo.13192' })).status).toBe(401);
		await b.login('canbo.13192');
		const self = await b.post(`/quan-tri/nguoi-dung/${await userId('quantri')}?/disable`, {}, { cookie: admin });
		expect(self.status).toBe(400);
		expect(self.text).toContain('Bạn không thể tự khóa tài khoản của mình.');
		expect(await auditActions(id)).toEqual(expect.arrayContaining(['quantri:disable_user', 'quantri:enable_user']));
	});

	it('resets a password: the old one and the old sessions stop working', async () => {
		const admin = await b.login('quantri');
		const leader = await b.login('lanhdao');
		const id = await userId('lanhdao');
		expect((await b.post(`/quan-tri/nguoi-dung/${id}?/reset`, { password: 'mat khau moi cua lanh dao' }, { cookie: admin })).status).toBe(200);
		expect((await b.get('/tai-khoan', leader)).status).toBe(303);
		expect((await b.post('/dang-nhap', { username: 'lanhdao', password: DEMO_PASSWORD })).status).toBe(400);
		const fresh = await b.login('lanhdao', 'mat khau moi cua lanh dao');
		// Changing it back on their own page keeps the current session.
		const changed = await b.post('/tai-khoan?/password', { current: 'mat khau moi cua lanh dao', next: DEMO_PASSWORD }, { cookie: fresh });
		expect(changed.status).toBe(200);
		expect((await b.get('/tai-khoan', fresh)).status).toBe(200);
		expect(await auditActions(id)).toEqual(expect.arrayContaining(['quantri:reset_password', 'lanhdao:change_password']));
	});
});

describe('API tokens', () => {
	it('are created on the own page, shown once, stored hashed, record their last use, and can be revoked', async () => {
		const cookie = await b.login('vuthu');
		const page = await b.post('/tai-khoan?/token', { name: 'Phần mềm một cửa' }, { cookie });
		expect(page.status).toBe(200);
		const token = /(tdo_[A-Za-z0-9_-]{43})/.exec(page.text)?.[1];
		expect(token).toBeDefined();
		const row = await s.db.selectFrom('api_tokens').selectAll().where('name', '=', 'Phần mềm một cửa').executeTakeFirstOrThrow();
		expect(row.token_hash).not.toContain(token!);
		expect(row.last_used_at).toBeNull();
		expect((await s.call('/api/v1/campaigns/thaibinh-186/progress?level=commune', { token })).body.rows).toHaveLength(30); // the district's communes
		const used = await s.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow();
		expect(used.last_used_at).not.toBeNull();
		expect((await b.get('/tai-khoan', cookie)).text).not.toContain(token!);

		// Someone else cannot revoke it; its owner can, and it stops at once.
		const other = await b.login('lanhdao');
		expect((await b.post('/tai-khoan?/revoke', { token: String(row.id) }, { cookie: other })).status).toBe(403);
		// Nor from another account's admin page, even by the province's admin.
		const admin = await b.login('quantri');
		expect((await b.post(`/quan-tri/nguoi-dung/${await userId('canbo.13192')}?/revoke`, { token: String(row.id) }, { cookie: admin })).status).toBe(404);
		expect((await b.post('/tai-khoan?/revoke', { token: String(row.id) }, { cookie })).status).toBe(200);
		const revoked = await s.call('/api/v1/units', { token });
		expect(revoked.status).toBe(401);
		expect(revoked.body.error.message).toContain('đã bị thu hồi');
	});
});

describe('API tokens after a new password or a lock', () => {
	/** A clerk made for one test, with the API tokens given: each answers 200 to begin with. */
	async function clerkWithTokens(username: string, names: string[]) {
		await addUser(s.db, { username, role: 'clerk', unitCode: '13195', password: DEMO_PASSWORD });
		const tokens: string[] = [];
		for (const name of names) tokens.push((await createApiToken(s.db, username, { name, actor: 'test' }))!);
		for (const token of tokens) expect((await s.call('/api/v1/units', { token })).status).toBe(200);
		return { id: await userId(username), tokens };
	}

	const statuses = async (tokens: string[]) => Promise.all(tokens.map(async (token) => (await s.call('/api/v1/units', { token })).status));

	/** The audited revocations of an account's tokens, as `actor:because`. */
	async function revocations(ownerId: number) {
		const ids = (await s.db.selectFrom('api_tokens').select('id').where('user_id', '=', ownerId).execute()).map((t) => String(t.id));
		const rows = await s.db
			.selectFrom('audit_log')
			.select(['actor', 'after'])
			.where('entity', '=', 'api_token')
			.where('action', '=', 'revoke_api_token')
			.where('entity_id', 'in', ids)
			.orderBy('id')
			.execute();
		return rows.map((r) => `${r.actor}:${JSON.parse(r.after!).because}`);
	}

	it('are all revoked when their owner changes the password, as the page says', async () => {
		const { id, tokens } = await clerkWithTokens('canbo.doi.mk', ['Một cửa', 'Bảng tính']);
		const cookie = await b.login('canbo.doi.mk');
		expect((await b.get('/tai-khoan', cookie)).text).toContain('thu hồi mọi mã truy cập API của bạn (2 mã đang dùng)');
		const changed = await b.post('/tai-khoan?/password', { current: DEMO_PASSWORD, next: 'mat khau moi cua can bo' }, { cookie });
		expect(changed.status).toBe(200);
		expect(changed.text).toContain('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc; đã thu hồi 2 mã truy cập API.');
		expect(await statuses(tokens)).toEqual([401, 401]);
		expect(await revocations(id)).toEqual(['canbo.doi.mk:change_password', 'canbo.doi.mk:change_password']);
		// The session that made the change stays, and a token made after it works.
		const fresh = /(tdo_[A-Za-z0-9_-]{43})/.exec((await b.post('/tai-khoan?/token', { name: 'Mã mới' }, { cookie })).text)![1];
		expect(await statuses([fresh])).toEqual([200]);
		// With no live token left, the message says so.
		await b.post('/tai-khoan?/revoke', { token: String((await s.db.selectFrom('api_tokens').select('id').where('name', '=', 'Mã mới').executeTakeFirstOrThrow()).id) }, { cookie });
		const again = await b.post('/tai-khoan?/password', { current: 'mat khau moi cua can bo', next: DEMO_PASSWORD }, { cookie });
		expect(again.text).toContain('đã kết thúc; không có mã truy cập API nào phải thu hồi.');
	});

	it('are all revoked when an admin resets the password, as the page says', async () => {
		const { id, tokens } = await clerkWithTokens('canbo.dat.lai', ['Một cửa']);
		const admin = await b.login('quantri');
		expect((await b.get(`/quan-tri/nguoi-dung/${id}`, admin)).text).toContain('thu hồi mọi mã truy cập API của tài khoản (1 mã đang dùng)');
		const reset = await b.post(`/quan-tri/nguoi-dung/${id}?/reset`, { password: 'mat khau do quan tri dat' }, { cookie: admin });
		expect(reset.status).toBe(200);
		expect(reset.text).toContain('Đã đặt mật khẩu mới; các phiên đăng nhập cũ của tài khoản đã kết thúc, đã thu hồi 1 mã truy cập API.');
		expect(await statuses(tokens)).toEqual([401]);
		expect(await revocations(id)).toEqual(['quantri:reset_password']);
		expect((await b.get(`/quan-tri/nguoi-dung/${id}`, admin)).text).toContain('Đã thu hồi');
	});

	it('are revoked by a lock, and unlocking does not bring them back', async () => {
		const { id, tokens } = await clerkWithTokens('canbo.bi.khoa', ['Một cửa', 'Bảng tính']);
		const admin = await b.login('quantri');
		const locked = await b.post(`/quan-tri/nguoi-dung/${id}?/disable`, {}, { cookie: admin });
		expect(locked.text).toContain('Đã khóa tài khoản: mọi phiên đăng nhập đã kết thúc, đã thu hồi 2 mã truy cập API.');
		expect(await statuses(tokens)).toEqual([401, 401]);
		expect((await b.post(`/quan-tri/nguoi-dung/${id}?/enable`, {}, { cookie: admin })).status).toBe(200);
		expect(await statuses(tokens)).toEqual([401, 401]);
		expect(await revocations(id)).toEqual(['quantri:disable_user', 'quantri:disable_user']);
		await b.login('canbo.bi.khoa');
	});

	it('made before a lock that left them live (one made before this rule) are revoked on unlocking', async () => {
		const { id, tokens } = await clerkWithTokens('canbo.khoa.cu', ['Một cửa']);
		// As a lock made before locks revoked tokens left it: disabled (as the token was made), its token live.
		const made = await s.db.selectFrom('api_tokens').select('created_at').where('user_id', '=', id).executeTakeFirstOrThrow();
		await s.db.updateTable('users').set({ disabled_at: made.created_at }).where('id', '=', id).execute();
		const later = (await createApiToken(s.db, 'canbo.khoa.cu', { name: 'Tạo bằng dòng lệnh khi đang khóa', actor: 'cli' }))!;
		const admin = await b.login('quantri');
		expect((await b.post(`/quan-tri/nguoi-dung/${id}?/enable`, {}, { cookie: admin })).status).toBe(200);
		expect(await statuses([...tokens, later])).toEqual([401, 200]);
		expect(await revocations(id)).toEqual(['quantri:enable_user']);
	});
});
