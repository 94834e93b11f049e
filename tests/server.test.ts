import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import { runCli, startServer } from './helpers/processes';
import { tempDir } from './helpers/db';

// The production server (`node build`), built fresh by tests/global-setup.ts.
const dir = tempDir();
let stops: (() => Promise<void>)[] = [];
afterAll(async () => {
	await Promise.all(stops.map((s) => s()));
	stops = [];
});

function text(html: string): string {
	return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
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
		const { sqlite, db } = openDatabase(path, { readonly: true });
		const applied = sqlite.prepare('select name from kysely_migration').all();
		await db.destroy();
		expect(applied.length).toBeGreaterThan(0);
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
