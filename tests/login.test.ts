import { afterEach, describe, expect, it } from 'vitest';
import { addUser } from '../src/lib/server/auth/accounts';
import { login } from '../src/lib/server/auth/login';
import { createTestDb, type TestDb } from './helpers/db';
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
