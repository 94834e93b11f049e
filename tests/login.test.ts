import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/lib/server/auth/accounts';
import { login } from '../src/lib/server/auth/login';
import { createTestDb, type TestDb } from './helpers/db';
import { browserOf, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';
import { seedCampaign } from './helpers/factories';

let t: TestDb;
afterEach(() => t?.close());

describe('login', () => {
	it('answers the same for an unknown user and a wrong password, and limits failures per account', async () => {
		t = await createTestDb();
		await seedCampaign(t.db);
		await addUser(t.db, { username: 'canbo', role: 'clerk', unitCode: '13192', password: 'mat khau dung' });
		const now = new Date('2024-12-10T03:00:00Z');
		expect(await login(t.db, { username: 'khongco', password: 'x', address: '10.0.0.1' }, now)).toEqual({ ok: false, reason: 'invalid' });
		for (let i = 0; i < 5; i++) {
			expect(await login(t.db, { username: 'canbo', password: 'sai', address: '10.0.0.1' }, new Date(now.getTime() + i * 1000))).toEqual({ ok: false, reason: 'invalid' });
		}
		const limited = await login(t.db, { username: 'canbo', password: 'mat khau dung', address: '10.0.0.2' }, new Date(now.getTime() + 10_000));
		expect(limited).toEqual({ ok: false, reason: 'rate_limited', retryAfterSeconds: 890 });
		const later = await login(t.db, { username: 'canbo', password: 'mat khau dung', address: '10.0.0.2' }, new Date(now.getTime() + 16 * 60_000));
		expect(later.ok).toBe(true);
	});
});

/**
 * Attempts sent all at once, on the production server: each takes its place in the limit
 * before its password is checked, so a burst checks no more passwords than the limits allow.
 * The passwords checked are counted from the audit log, written once a check has answered.
 */
describe('a burst of logins from one address', () => {
	let s: Awaited<ReturnType<typeof startDemoServer>>;
	let b: ReturnType<typeof browserOf>;
	beforeAll(async () => {
		// Own server: it asserts there is no session at all and spends the address's login failures.
		s = await startDemoServer({ own: true });
		b = browserOf(s.url);
	});
	afterAll(() => s?.stop());

	/** How many passwords of these accounts were checked: the audit's login and login_failed entries. */
	async function checked(usernames: string[]) {
		const ids = (await s.db.selectFrom('users').select('id').where('username', 'in', usernames).execute()).map((u) => String(u.id));
		const rows = await s.db
			.selectFrom('audit_log')
			.select('action')
			.where('entity', '=', 'user')
			.where('entity_id', 'in', ids)
			.where('action', 'in', ['login', 'login_failed'])
			.execute();
		return { failed: rows.filter((r) => r.action === 'login_failed').length, succeeded: rows.filter((r) => r.action === 'login').length };
	}

	/** The failures recorded against the address every test request comes from. */
	async function addressFailures() {
		const rows = await s.db.selectFrom('login_attempts').select('key').where('key', 'like', 'ip:%').where('succeeded', '=', 0).execute();
		expect(new Set(rows.map((r) => r.key)).size).toBeLessThanOrEqual(1);
		return rows.length;
	}

	const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((n, status) => ({ ...n, [status]: (n[status] ?? 0) + 1 }), {});

	it('checks at most 5 passwords of one account, and then refuses the right one', async () => {
		const burst = Promise.all(Array.from({ length: 199 }, (_, i) => b.post('/dang-nhap', { username: 'lanhdao', password: `sai mat khau ${i}` })));
		// The right password joins the burst once five wrong ones have been checked (sent at a
		// fixed point of the burst, so that the test does not rest on the order of arrival).
		for (let waited = 0; (await checked(['lanhdao'])).failed < 5 && waited < 20_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
		const right = await b.post('/dang-nhap', { username: 'lanhdao', password: DEMO_PASSWORD });
		const answers = [...(await burst), right];
		expect(await checked(['lanhdao'])).toEqual({ failed: 5, succeeded: 0 });
		expect(tally(answers.map((a) => a.status))).toEqual({ 400: 5, 429: 195 });
		expect(right.status).toBe(429);
		expect(right.setCookie).toBeNull();
		expect(right.text).toContain('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.');
		// Only the checked attempts were recorded, each as failed, for the account and the address.
		const attempts = await s.db.selectFrom('login_attempts').select(['key', 'succeeded']).where('key', '=', 'user:lanhdao').execute();
		expect(attempts).toEqual(Array(5).fill({ key: 'user:lanhdao', succeeded: 0 }));
		expect(await addressFailures()).toBe(5);
		expect(await s.db.selectFrom('sessions').select('id').execute()).toEqual([]);
	});

	it('stops a burst over many accounts at the address limit of 20 failures', async () => {
		const usernames = Array.from({ length: 40 }, (_, i) => `canbo.thu.${String(i).padStart(2, '0')}`);
		for (const username of usernames) await addUser(s.db, { username, role: 'clerk', unitCode: '13192', password: DEMO_PASSWORD });
		const before = await addressFailures();
		// Two wrong passwords per account: 80 attempts, none of them over an account's limit of 5.
		const attempts = usernames.flatMap((username) => [1, 2].map((i) => ({ username, password: `sai mat khau ${i}` })));
		const answers = await Promise.all(attempts.map((fields) => b.post('/dang-nhap', fields)));
		expect(await addressFailures()).toBe(20);
		expect(await checked(usernames)).toEqual({ failed: 20 - before, succeeded: 0 });
		expect(tally(answers.map((a) => a.status))).toEqual({ 400: 20 - before, 429: attempts.length - (20 - before) });
		// The address at its limit, even an account not tried yet is refused its right password.
		const fresh = await b.post('/dang-nhap', { username: 'quantri', password: DEMO_PASSWORD });
		expect(fresh.status).toBe(429);
		expect(await checked(['quantri'])).toEqual({ failed: 0, succeeded: 0 });
	});
});
