/**
 * Webhooks (issue 25 item 4): after each scheduled snapshot one signed POST of the summary to
 * every address of the campaign, received on loopback and verified; with the receiver down the
 * POST is logged and retried with backoff. Mail is not configured: webhooks go out anyway.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/access';
import { insertUser } from '../../src/lib/server/auth/users';
import { findCampaignByCode } from '../../src/lib/server/campaigns/repository';
import { sendDueDeliveries } from '../../src/lib/server/delivery/service';
import { listWebhooks, registerWebhook, removeWebhook } from '../../src/lib/server/delivery/webhooks';
import { startAppJobs } from '../../src/lib/server/jobs/app-jobs';
import { createTestDb, type TestDb } from '../helpers/db';
import { seedCampaign } from '../helpers/factories';
import { freePort } from '../helpers/processes';

let t: TestDb;
let receiver: Server | null = null;
afterEach(async () => {
	await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
	receiver = null;
	await t?.close();
});

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A bot's endpoint on loopback: records each POST and answers 204. */
async function startReceiver(port: number): Promise<Received[]> {
	const received: Received[] = [];
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => receiver!.listen(port, '127.0.0.1', resolve));
	return received;
}

/** What the receiving bot does: recompute the HMAC over "timestamp.body" and compare in constant time. */
function verified(r: Received, secret: string): boolean {
	const timestamp = String(r.headers['x-tiendo-timestamp']);
	const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`);
	const given = Buffer.from(String(r.headers['x-tiendo-signature']));
	return given.length === expected.length && timingSafeEqual(given, expected);
}

async function seed() {
	t = await createTestDb();
	const seeded = await seedCampaign(t.db);
	const campaign = (await findCampaignByCode(t.db, 'test'))!;
	const userId = await insertUser(t.db, {
		username: 'quantri',
		display_name: 'Quản trị',
		role: 'admin',
		unit_id: seeded.province.id,
		password_hash: 'x',
		created_at: '2024-11-30T00:00:00.000Z'
	});
	const admin: Actor = { userId, username: 'quantri', displayName: 'Quản trị', role: 'admin', unitId: seeded.province.id, provinceId: seeded.province.id };
	return { ...seeded, campaign, admin };
}

const at = (iso: string) => new Date(iso);

describe('webhooks', () => {
	it('get one signed POST of the summary per scheduled snapshot, verified by the receiver', async () => {
		const { campaign, admin } = await seed();
		const port = await freePort();
		const received = await startReceiver(port);
		const hook = await registerWebhook(t.db, admin, campaign, `http://127.0.0.1:${port}/tiendo`, 'test');
		expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(await listWebhooks(t.db, admin, campaign)).toEqual([{ id: hook.id, url: `http://127.0.0.1:${port}/tiendo`, createdAt: hook.createdAt }]);
		// The secret is shown once: neither the list nor the audit log holds it.
		const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'webhook').execute();
		expect(audit).toEqual([{ action: 'create_webhook', after: JSON.stringify({ url: `http://127.0.0.1:${port}/tiendo` }) }]);

		let now = at('2024-12-01T04:30:05.000Z'); // 11:30:05 on 01/12: catches up 30/11 and 06:00, posts only the newest
		const jobs = startAppJobs(t.db, { transport: null, now: () => now, owner: 'a', log: () => {} });
		try {
			await jobs.tick();
			await jobs.sendMail();
			now = at('2024-12-01T16:00:05.000Z'); // 23:00:05
			await jobs.tick();
			await jobs.sendMail();
		} finally {
			await jobs.stop();
		}
		expect(received).toHaveLength(2);
		for (const r of received) {
			expect(verified(r, hook.secret)).toBe(true);
			expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
			expect(verified(r, 'another secret')).toBe(false);
		}
		const bodies = received.map((r) => JSON.parse(r.body));
		expect(bodies.map((b) => b.snapshot.at)).toEqual(['2024-12-01T11:30:00+07:00', '2024-12-01T23:00:00+07:00']);
		expect(bodies[1]).toMatchObject({
			campaign: { code: 'test', name: 'Đợt thử' },
			snapshot: { kind: 'scheduled', previousAt: '2024-12-01T11:30:00+07:00' },
			province: { unit: { name: 'Tỉnh Thái Bình' }, target: 450 }
		});
		expect(bodies[1].units.map((u: { unit: { name: string } }) => u.unit.name).sort()).toEqual(['Huyện Kiến Xương', 'Huyện Vũ Thư']);
		expect(bodies[1].rollCall).toMatchObject({ pending: 3, since: '2024-12-01T11:30:00+07:00' });
		expect(bodies[1].rollCall.missing).toHaveLength(3); // nobody reported in the factory's campaign
		expect(bodies[1].text.split('\n')[0]).toBe('TIẾN ĐỘ SỐ HÓA HỘ TỊCH – TỈNH THÁI BÌNH');
		// Listed in the delivery log.
		const log = await t.db.selectFrom('deliveries').select(['channel', 'recipient', 'status', 'attempts']).execute();
		expect(log).toEqual([
			{ channel: 'webhook', recipient: `http://127.0.0.1:${port}/tiendo`, status: 'sent', attempts: 1 },
			{ channel: 'webhook', recipient: `http://127.0.0.1:${port}/tiendo`, status: 'sent', attempts: 1 }
		]);
	});

	it('with the receiver down are logged and retried with backoff, then delivered once it is up', async () => {
		const { campaign, admin } = await seed();
		const port = await freePort(); // nothing listens yet
		const hook = await registerWebhook(t.db, admin, campaign, `http://127.0.0.1:${port}/`, 'test');
		const now = at('2024-12-01T04:30:05.000Z');
		const jobs = startAppJobs(t.db, { transport: null, now: () => now, owner: 'a', log: () => {} });
		try {
			await jobs.tick();
			await jobs.sendMail();
		} finally {
			await jobs.stop();
		}
		let [row] = await t.db.selectFrom('deliveries').selectAll().execute();
		expect(row).toMatchObject({ channel: 'webhook', status: 'retrying', attempts: 1, next_attempt_at: '2024-12-01T04:31:05.000Z' });
		expect(row.last_error).toMatch(/ECONNREFUSED/);
		// Not due before its time; then the second attempt waits two minutes.
		expect(await sendDueDeliveries(t.db, null, { now: at('2024-12-01T04:31:00.000Z') })).toEqual({ sent: 0, failed: 0 });
		expect(await sendDueDeliveries(t.db, null, { now: at('2024-12-01T04:31:05.000Z') })).toEqual({ sent: 0, failed: 1 });
		[row] = await t.db.selectFrom('deliveries').selectAll().execute();
		expect([row.attempts, row.next_attempt_at]).toEqual([2, '2024-12-01T04:33:05.000Z']);

		const received = await startReceiver(port);
		expect(await sendDueDeliveries(t.db, null, { now: at('2024-12-01T04:33:05.000Z') })).toEqual({ sent: 1, failed: 0 });
		expect(received).toHaveLength(1);
		expect(verified(received[0], hook.secret)).toBe(true);
		[row] = await t.db.selectFrom('deliveries').selectAll().execute();
		expect([row.status, row.attempts]).toEqual(['sent', 3]);

		// A removed webhook gets nothing more, and its removal is audited.
		await removeWebhook(t.db, admin, campaign, hook.id, 'test');
		expect(await listWebhooks(t.db, admin, campaign)).toEqual([]);
		expect((await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'webhook').execute()).map((a) => a.action)).toEqual(['create_webhook', 'delete_webhook']);
	});

	it('refuse an address that is not http(s), a duplicate, and anyone but the province’s admin', async () => {
		const { campaign, admin } = await seed();
		await expect(registerWebhook(t.db, admin, campaign, 'ftp://bot.example/x', 'test')).rejects.toThrow('chỉ nhận địa chỉ http:// hoặc https://.');
		await expect(registerWebhook(t.db, admin, campaign, 'https://u:p@bot.example/x', 'test')).rejects.toThrow('không đặt tên đăng nhập');
		await registerWebhook(t.db, admin, campaign, 'https://bot.example/x', 'test');
		await expect(registerWebhook(t.db, admin, campaign, 'https://bot.example/x', 'test')).rejects.toThrow('đã được đăng ký');
		await expect(registerWebhook(t.db, { ...admin, role: 'leader' }, campaign, 'https://bot.example/y', 'test')).rejects.toThrow('Chỉ quản trị viên');
		expect((await t.db.selectFrom('webhooks').select('url').execute()).map((w) => w.url)).toEqual(['https://bot.example/x']);
	});
});
