import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, integrityCheck } from '../../src/lib/server/backup/backup';
import { openSqlite } from '../../src/lib/server/db';
import { migrations as registered } from '../../src/lib/server/db/migrations';
import { createTestDb, onPostgres, type TestDb } from '../helpers/db';
import { seedCampaign } from '../helpers/factories';

let t: TestDb;
afterEach(() => t?.close());

/** Another process appending reports as fast as it can until killed. */
function startWriter(path: string, campaignId: number, communeId: number) {
	const script = `
		const D = require('better-sqlite3');
		const db = new D(${JSON.stringify(path)});
		db.pragma('busy_timeout = 5000');
		const insert = db.prepare("insert into reports (campaign_id, commune_id, record_type, stage, as_of, cumulative, received_at, source) values (?, ?, 'khai_sinh', 'nhap_lieu', ?, ?, ?, 'test')");
		let n = 0;
		process.stdout.write('ready\\n');
		for (;;) { const at = new Date().toISOString(); db.transaction(() => { for (let i = 0; i < 50; i++) insert.run(${campaignId}, ${communeId}, at, ++n, at); })(); }
	`;
	const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
	const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
	return { child, ready };
}

// SQLite only: the online backup copies the SQLite file; on PostgreSQL `backup` points to pg_dump (cli.test.ts).
describe.skipIf(onPostgres)('online backup', () => {
	it('copies a live database while another process writes, and the copy restores intact', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		const writer = startWriter(t.path, campaignId, communes[0].id);
		await writer.ready;
		await new Promise((r) => setTimeout(r, 300));
		const backupPath = join(t.dir, 'backup.db');
		try {
			await backupDatabase(t.sqlite, backupPath);
		} finally {
			writer.child.kill('SIGKILL');
		}
		const written = t.sqlite.prepare('select count(*) as n from reports').get() as { n: number };

		// Restore: put the backup file in place of a database and open it.
		const restoredPath = join(t.dir, 'restored.db');
		copyFileSync(backupPath, restoredPath);
		const restored = openSqlite(restoredPath);
		try {
			expect(integrityCheck(restored.sqlite)).toBe('ok');
			const copied = restored.sqlite.prepare('select count(*) as n from reports').get() as { n: number };
			expect(copied.n).toBeGreaterThan(0);
			expect(copied.n).toBeLessThanOrEqual(written.n);
			// Reports are written 50 at a time: a consistent copy never holds part of a batch.
			expect(copied.n % 50).toBe(0);
			const migrations = restored.sqlite.prepare('select count(*) as n from kysely_migration').get() as { n: number };
			expect(migrations.n).toBe(Object.keys(registered).length);
		} finally {
			await restored.db.destroy();
		}
	});

	it('refuses to overwrite an existing file', async () => {
		t = await createTestDb();
		await expect(backupDatabase(t.sqlite, t.path)).rejects.toThrow(/đã tồn tại/);
	});
});
