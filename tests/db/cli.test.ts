import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { createTestDb, onPostgres, tempDir, type TestDb } from '../helpers/db';
import { runCli } from '../helpers/processes';

const dir = tempDir();
const opened: TestDb[] = [];
afterAll(() => Promise.all(opened.map((t) => t.close())));

/** The CLI's environment for a new, empty database: a SQLite file of that name, or a PostgreSQL database (DATABASE_URL). */
async function newDatabase(name: string): Promise<{ DATABASE_PATH: string } | { DATABASE_URL: string }> {
	if (!onPostgres) return { DATABASE_PATH: join(dir, name) };
	const t = await createTestDb(false);
	opened.push(t);
	return { DATABASE_URL: t.path };
}

describe('npm run cli', () => {
	it('migrates, imports units once, and says so in Vietnamese', async () => {
		const env = await newDatabase('a.db');
		const migrate = await runCli(['migrate'], { env });
		expect(migrate.stdout).toMatch(/Đã áp dụng migration/);
		expect((await runCli(['migrate'], { env })).stdout).toContain('Cơ sở dữ liệu đã ở phiên bản mới nhất.');
		const first = await runCli(['import-units', 'reference/units-2026-07-25-2level.csv', '--as-of', '2026-07-25'], { env });
		expect(first.code).toBe(0);
		expect(first.stdout).toBe('Đã nhập danh mục ngày 2026-07-25: 34 tỉnh, 3.321 xã.\n');
		const again = await runCli(['import-units', 'reference/units-2026-07-25-2level.csv', '--as-of', '2026-07-25'], { env });
		expect(again.stdout).toContain('không có gì thay đổi');
	});

	it('refuses a bad file with exit code 1 and the row at fault', async () => {
		const env = await newDatabase('b.db');
		const file = join(dir, 'xau.csv');
		writeFileSync(file, 'Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã,Cấp\n01,Thành phố Hà Nội,00004,Phường Ba Đình,Thôn\n');
		const result = await runCli(['import-units', file, '--as-of', '2026-07-25'], { env });
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('tệp xau.csv, dòng 2, cột «Cấp»: cấp «Thôn» không hợp lệ');
	});

	it('adds a user with the password from stdin, checking role and unit', async () => {
		const env = await newDatabase('c.db');
		await runCli(['import-units', 'reference/units-2025-03-01-3level.csv', '--as-of', '2025-03-01'], { env });
		const ok = await runCli(['user', 'add', 'quantri', '--role', 'admin', '--unit', '34', '--email', 'qt@example.vn'], { env, input: 'mot mat khau dai\n' });
		expect(ok.stdout).toBe('Đã tạo tài khoản quantri (admin).\n');
		const short = await runCli(['user', 'add', 'canbo', '--role', 'clerk', '--unit', '13192'], { env, input: 'ngan\n' });
		expect(short.code).toBe(1);
		expect(short.stderr).toContain('Mật khẩu phải có ít nhất 8 ký tự.');
		const common = await runCli(['user', 'add', 'canbo', '--role', 'clerk', '--unit', '13192'], { env, input: 'Password123\n' });
		expect(common.stderr).toContain('Mật khẩu này quá phổ biến');
		const wrongLevel = await runCli(['user', 'add', 'vuthu', '--role', 'district', '--unit', '13192'], { env, input: 'mot mat khau dai\n' });
		expect(wrongLevel.stderr).toContain('Vai trò cấp huyện phải gắn với một huyện; Thị trấn Vũ Thư là cấp xã.');
		const { db, close } = openDatabase('DATABASE_URL' in env ? env.DATABASE_URL : env.DATABASE_PATH, { readonly: true });
		const users = await db.selectFrom('users').select(['username', 'role']).execute();
		const audit = await db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'create_user').execute();
		await close();
		expect(users).toEqual([{ username: 'quantri', role: 'admin' }]);
		expect(audit).toEqual([{ actor: 'cli', action: 'create_user' }]);
	});

	it('imports the mapping once, refusing codes outside the lists until accepted, and reaches old-list units with --hierarchy', { timeout: 300_000 }, async () => {
		const env = await newDatabase('m.db');
		await runCli(['import-units', 'reference/units-2025-03-01-3level.csv', '--as-of', '2025-03-01'], { env });
		await runCli(['import-units', 'reference/units-2026-07-25-2level.csv', '--as-of', '2026-07-25'], { env });
		const args = ['import-mapping', 'reference/units-mapping-2025-07-01.csv', '--from', '2025-03-01', '--to', '2026-07-25'];
		const refused = await runCli(args, { env });
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('dòng 2636, cột «Mã PX mới»: mã xã mới 06970 («Xã Ba Chẽ»)');
		expect(refused.stderr).toContain('cột «Mã PX cũ»: mã 755 («Huyện Côn Đảo») là một huyện đảo');
		const accepted = await runCli([...args, '--accept-unknown'], { env });
		expect(accepted.code).toBe(0);
		expect(accepted.stdout).toContain('Đã nhập bảng chuyển đổi 01/03/2025 → 25/07/2026: 10.604 liên kết');
		expect(accepted.stdout).toContain('2 mã không có trong danh mục, đã chấp nhận');
		expect(accepted.stdout).toContain('5 huyện đảo');
		expect((await runCli([...args, '--accept-unknown'], { env })).stdout).toContain('không có thay đổi');

		const newest = await runCli(['user', 'add', 'quantri.thaibinh', '--role', 'admin', '--unit', '34'], { env, input: 'mot mat khau dai\n' });
		expect(newest.code).toBe(1);
		expect(newest.stderr).toContain('hãy ghi --hierarchy 2025-03-01');
		const old = await runCli(['user', 'add', 'quantri.thaibinh', '--role', 'admin', '--unit', '34', '--hierarchy', '2025-03-01'], { env, input: 'mot mat khau dai\n' });
		expect(old.stdout).toBe('Đã tạo tài khoản quantri.thaibinh (admin).\n');
	});

	it.skipIf(onPostgres)('takes a backup that passes the integrity check', async () => {
		const env = await newDatabase('d.db');
		await runCli(['migrate'], { env });
		const result = await runCli(['backup', join(dir, 'd-backup.db')], { env });
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('kiểm tra toàn vẹn: ok');
	});

	it.skipIf(!onPostgres)('refuses a backup on PostgreSQL, pointing to pg_dump', async () => {
		const env = await newDatabase('d.db');
		await runCli(['migrate'], { env });
		const result = await runCli(['backup', join(dir, 'd-backup.db')], { env });
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('Lệnh backup chỉ sao lưu tệp SQLite');
		expect(result.stderr).toContain('pg_dump');
	});

	it('prints usage for an unknown command, with exit code 2', async () => {
		const result = await runCli(['lam-gi-do']);
		expect(result.code).toBe(2);
		expect(result.stdout).toContain('Cách dùng: npm run cli -- <lệnh>');
	});
});
