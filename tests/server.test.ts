import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/lib/server/auth/session';
import { openSqlite } from '../src/lib/server/db';
import { migrations } from '../src/lib/server/db/migrations';
import { buildDemo } from '../src/lib/server/demo/build';
import { browserOf, DEMO_NOW, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';
import { run, runCli, startServer } from './helpers/processes';
import { createTestDb, tempDir } from './helpers/db';

// The production server (`node build`), built fresh by tests/global-setup.ts.
const dir = tempDir();
let stops: (() => Promise<void>)[] = [];
afterAll(async () => {
	await Promise.all(stops.map((s) => s()));
	stops = [];
});

function text(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');
}

describe('node build', () => {
	it('migrates a new database itself and serves the home page', async () => {
		const path = join(dir, 'fresh', 'tiendo.db');
		const server = await startServer({ DATABASE_PATH: path });
		stops.push(server.stop);
		const res = await fetch(server.url + '/');
		expect(res.status).toBe(200);
		expect(text(await res.text())).toContain('Chưa có đợt số hóa nào được công khai');
		expect(existsSync(path)).toBe(true);
		const { sqlite, db } = openSqlite(path, { readonly: true });
		const applied = sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[];
		await db.destroy();
		expect(applied.map((m) => m.name)).toEqual(Object.keys(migrations).sort());
	});

	it('serves the demo campaign figures in Vietnamese formats', async () => {
		const path = join(dir, 'demo.db');
		const built = await runCli(['demo', '--db', path, '--start', '2024-12-01', '--now', '2024-12-10T05:00:00Z']);
		expect(built.code).toBe(0);
		expect(built.stdout).toContain('Tài khoản trình diễn');
		const server = await startServer({ DATABASE_PATH: path });
		stops.push(server.stop);
		const page = text(await (await fetch(server.url + '/')).text());
		expect(page).toContain('Số hóa dữ liệu hộ tịch tỉnh Thái Bình (Kế hoạch 186/KH-UBND)');
		expect(page).toContain('Từ 01/12/2024 đến hết 21/12/2024');
		expect(page).toMatch(/\d{2},\d% [\d.]+ \/ 1\.238\.077 hồ sơ/);
		expect(page).toMatch(/Khai sinh \d{2},\d% [\d.]+ \/ 765\.311/);
		expect(page).toMatch(/Kết hôn \d{2},\d% [\d.]+ \/ 280\.130/);
		expect(page).toMatch(/Khai tử \d{2},\d% [\d.]+ \/ 192\.636/);
		expect(page).toMatch(/Còn lại [\d.]+ Ngày còn lại \d+/);
	});
});

describe('errors on pages', () => {
	let s: Awaited<ReturnType<typeof startDemoServer>>;
	let b: ReturnType<typeof browserOf>;
	beforeAll(async () => {
		s = await startDemoServer();
		stops.push(s.stop);
		b = browserOf(s.url);
	});

	it('answers an unknown address with a Vietnamese 404 page', async () => {
		const res = await b.get('/khong-co-trang-nay');
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toContain('text/html');
		const page = text(res.text);
		expect(page).toContain('Không có trang này');
		expect(page).toContain('Địa chỉ /khong-co-trang-nay không có trên trang');
		expect(page).toContain('Về trang chủ');
		expect(page).not.toMatch(/not found/i);
	});

	it.each([
		['/dot/ấ', '/dot/%E1%BA%A5'],
		['/dot/%E1%BA%A5', '/dot/%E1%BA%A5'],
		['/dot/thaibinh-186?xa=Vũ Thư', '/dot/thaibinh-186?xa=V%C5%A9%20Th%C6%B0'],
		['%E1%BA%A5', '/']
	])('after login with ?sau=%s goes to %s', async (target, expected) => {
		const res = await b.post(`/dang-nhap?sau=${encodeURIComponent(target)}`, { username: 'lanhdao', password: DEMO_PASSWORD });
		expect(res.status).toBe(303);
		expect(res.location).toBe(expected);
		const cookie = /tiendo_session=[^;]+/.exec(res.setCookie ?? '')![0];
		const again = await b.get(`/dang-nhap?sau=${encodeURIComponent(target)}`, cookie);
		expect([again.status, again.location]).toEqual([303, expected]);
	});

	it('answers an unexpected failure with a Vietnamese 500 page whose error id is in the log', async () => {
		await sql`create trigger refuse_sessions before insert on sessions begin select raise(abort, 'refused by the test trigger'); end`.execute(s.db);
		try {
			const res = await b.post('/dang-nhap', { username: 'lanhdao', password: DEMO_PASSWORD });
			expect(res.status).toBe(500);
			const page = text(res.text);
			expect(page).toContain('Lỗi máy chủ');
			const id = /Lỗi máy chủ, mã lỗi ([0-9A-F]{8})\./.exec(page)?.[1];
			expect(id).toBeDefined();
			expect(page).toContain(`báo quản trị viên kèm mã lỗi ${id}`);
			const log = s.output();
			expect(log).toContain(`error ${id} on POST /dang-nhap: SqliteError: refused by the test trigger\n    at `);
		} finally {
			await sql`drop trigger refuse_sessions`.execute(s.db);
		}
	});
});

/**
 * A full disk, for real: the database's write-ahead log is the kernel's /dev/full, where
 * every write fails with ENOSPC and SQLite answers SQLITE_FULL ("database or disk is full"),
 * as on a full disk. Reads go on (the log is empty; the data is in the database file).
 * Making the device node needs root (CAP_MKNOD).
 */
describe.runIf(process.getuid?.() === 0)('a full disk', () => {
	let server: Awaited<ReturnType<typeof startServer>>;
	const tokens: Record<'used' | 'fresh', string> = { used: '', fresh: '' };
	beforeAll(async () => {
		const t = await createTestDb();
		await buildDemo(t.db, { start: '2024-12-01', now: DEMO_NOW, password: DEMO_PASSWORD });
		tokens.used = (await createApiToken(t.db, 'quantri', { name: 'đã dùng', actor: 'test' }))!;
		// Used a moment ago: a call does not record its use again, so its write is the route's own.
		await t.db.updateTable('api_tokens').set({ last_used_at: new Date().toISOString() }).execute();
		tokens.fresh = (await createApiToken(t.db, 'quantri', { name: 'mới', actor: 'test' }))!;
		await t.db.destroy(); // checkpoints and removes the write-ahead log
		const device = await run('mknod', [`${t.path}-wal`, 'c', '1', '7']);
		expect(device.code, device.stderr).toBe(0);
		server = await startServer({ DATABASE_PATH: t.path });
		stops.push(async () => {
			await server.stop();
			rmSync(t.dir, { recursive: true, force: true });
		});
	});

	const FULL = /^Máy chủ hết dung lượng lưu trữ; số liệu chưa được ghi\. Mã lỗi ([0-9A-F]{8})\.$/;
	async function call(path: string, token: string, init: RequestInit = {}) {
		const res = await fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
		return { status: res.status, body: await res.json() };
	}

	it('still serves reads', async () => {
		const res = await fetch(server.url + '/api/v1/campaigns');
		expect(res.status).toBe(200);
		expect((await res.json()).campaigns).toHaveLength(1);
	});

	it('answers an API write with 507 storage_full, the original error in the log, no rollback noise', async () => {
		const res = await call('/api/v1/campaigns/thaibinh-186/targets', tokens.used, {
			method: 'PUT',
			body: JSON.stringify([{ commune: '13192', recordType: 'khai_sinh', target: 5000 }])
		});
		expect(res.status).toBe(507);
		expect(res.body.error.code).toBe('storage_full');
		const id = FULL.exec(res.body.error.message)?.[1];
		expect(id).toBeDefined();
		expect(res.body.error.details).toEqual({ id });
		const log = server.output();
		expect(log).toContain(`error ${id} on PUT /api/v1/campaigns/thaibinh-186/targets (storage full):`);
		expect(log).toContain('database or disk is full');
		expect(log).not.toContain('cannot rollback');
	});

	it('answers 507 when recording a token’s use fails too', async () => {
		const res = await call('/api/v1/units', tokens.fresh);
		expect(res.status).toBe(507);
		expect(res.body.error).toMatchObject({ code: 'storage_full', message: expect.stringMatching(FULL) });
		expect(server.output()).toContain(`error ${res.body.error.details.id} on GET /api/v1/units (storage full):`);
	});

	it('says so on a page', async () => {
		const res = await browserOf(server.url).post('/dang-nhap', { username: 'quantri', password: DEMO_PASSWORD });
		expect(res.status).toBe(500);
		const page = text(res.text);
		const id = /Máy chủ hết dung lượng lưu trữ; số liệu chưa được ghi\. Mã lỗi ([0-9A-F]{8})\./.exec(page)?.[1];
		expect(id).toBeDefined();
		expect(server.output()).toContain(`error ${id} on POST /dang-nhap (storage full):`);
	});
});
