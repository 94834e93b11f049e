/**
 * `copy-to-postgres` (issue 29): the demo database, with its reports, snapshots, mail log
 * and audit rows, copied table by table; the copy holds the same rows and gives the same
 * figures. Into another SQLite file always, into a real PostgreSQL when one can be started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { addUser } from '../../src/lib/server/auth/accounts';
import { buildDemo } from '../../src/lib/server/demo/build';
import { migrateToLatest, openDatabase, type Database } from '../../src/lib/server/db';
import { evaluateCampaignAt } from '../../src/lib/server/progress/evaluate';
import { toCampaign } from '../../src/lib/server/campaigns/repository';
import { countRows, sqliteTableShapes } from '../../src/lib/server/transfer/repository';
import { copyDatabase, CopyMismatchError } from '../../src/lib/server/transfer/copy';
import { createTestDb, onPostgres, tempDir } from '../helpers/db';
import { runCli } from '../helpers/processes';
import { formatCount } from '../../src/lib/domain/format';
import { createApiToken } from '../../src/lib/server/auth/session';
import { claimSlot } from '../../src/lib/server/snapshots/repository';

const NOW = new Date('2024-12-10T05:00:00Z');
let source: { db: Database; path: string; close: () => Promise<void> };

beforeAll(async () => {
	// The source is a SQLite file on either run: the command copies from SQLite.
	const path = join(tempDir(), 'source.db');
	const opened = openDatabase(path);
	source = { db: opened.db, path, close: opened.close };
	await migrateToLatest(source.db);
	await buildDemo(source.db, { start: '2024-12-01', now: NOW, password: 'mat khau trinh dien' });
	await addUser(source.db, { username: 'quantri.hanoi', role: 'admin', unitCode: '01', password: 'mat khau trinh dien' });
	// What the demo lacks: a token, a slot's lease, a mail queued, an upload's bytes.
	await createApiToken(source.db, 'quantri', { name: 'test', actor: 'test' });
	const campaign = await source.db.selectFrom('campaigns').selectAll().executeTakeFirstOrThrow();
	const snapshot = await source.db.selectFrom('snapshots').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
	const user = await source.db.selectFrom('users').selectAll().where('username', '=', 'quantri').executeTakeFirstOrThrow();
	await source.db.transaction().execute((tx) => claimSlot(tx, campaign.id, '2024-12-10T10:00:00.000Z', 'may-1:123:abcd', NOW, 60_000));
	const at = NOW.toISOString();
	await source.db
		.insertInto('deliveries')
		.values({
			snapshot_id: snapshot.id,
			channel: 'email',
			user_id: user.id,
			recipient: 'quantri@example.vn',
			unit_id: user.unit_id,
			status: 'sent',
			attempts: 1,
			sent_at: at,
			created_at: at
		})
		.execute();
	const bytes = (text: string) => Buffer.from(`${text}\u0000\u00ff`, 'utf8');
	await source.db
		.insertInto('uploads')
		.values({
			id: 'tai-len-1',
			campaign_id: campaign.id,
			user_id: user.id,
			kind: 'reports',
			format: 'csv',
			file_name: 'số liệu.csv',
			file_hash: 'x',
			content: bytes('Mã xã;Khai sinh'),
			changes: bytes('[]'),
			problems: bytes(''),
			header_row: 1,
			created_at: at
		})
		.execute();
});
afterAll(() => source?.close());

/** Row counts of every table, and each campaign's figures at three instants, as `db` gives them. */
async function figures(db: Database) {
	const counts: Record<string, number> = {};
	for (const { name } of await sqliteTableShapes(source.db)) counts[name] = await countRows(db, name);
	const evaluations: Record<string, unknown> = {};
	for (const campaign of (await db.selectFrom('campaigns').selectAll().orderBy('id').execute()).map(toCampaign)) {
		for (const at of [new Date('2024-12-03T10:00:00Z'), NOW, new Date('2024-12-21T16:59:00Z')]) {
			const { rows } = await evaluateCampaignAt(db, campaign, { at });
			evaluations[`${campaign.code} ${at.toISOString()}`] = rows;
		}
	}
	return { counts, evaluations };
}

/** The target: an empty PostgreSQL database on the db-pg run, a new SQLite file on the db run. */
async function openTarget(): Promise<{ db: Database; close: () => Promise<void> }> {
	if (onPostgres) return createTestDb(false);
	const { db, close } = openDatabase(join(tempDir(), 'copy.db'));
	return { db, close };
}

describe(`copy into ${onPostgres ? 'PostgreSQL' : 'another SQLite file'}`, () => {
	it('copies every table, resets ids, and gives the same counts and figures', async () => {
		const target = await openTarget();
		try {
			const lines: string[] = [];
			const result = await copyDatabase(source.db, target.db, { sourceName: source.path, log: (l) => lines.push(l) });
			expect(result.matches).toBe(true);
			const shapes = await sqliteTableShapes(source.db);
			expect(result.tables.map((t) => t.table).sort()).toEqual(shapes.map((s) => s.name).sort());
			expect(lines.sort()).toEqual(shapes.map((s) => s.name).sort());
			for (const table of ['reports', 'snapshots', 'snapshot_rows', 'snapshot_jobs', 'deliveries', 'uploads', 'api_tokens', 'users', 'units', 'current_values', 'audit_log']) {
				expect(result.tables.find((t) => t.table === table)!.source, table).toBeGreaterThan(0);
			}
			expect(result.campaigns.every((c) => c.source === c.target && c.source > 0)).toBe(true);

			const before = await figures(source.db);
			const after = await figures(target.db);
			// The copy itself is one more audit entry on the target.
			expect(after.counts.audit_log).toBe(before.counts.audit_log + 1);
			expect({ ...after.counts, audit_log: 0 }).toEqual({ ...before.counts, audit_log: 0 });
			expect(after.evaluations).toEqual(before.evaluations);
			const entry = await target.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
			expect(entry.action).toBe('copy_database');
			const upload = await target.db.selectFrom('uploads').selectAll().executeTakeFirstOrThrow();
			const original = await source.db.selectFrom('uploads').selectAll().executeTakeFirstOrThrow();
			expect(Buffer.from(upload.content).equals(original.content)).toBe(true);
			expect(upload.file_name).toBe('số liệu.csv');

			// New rows take the next ids, after the copied ones.
			const maxAudit = await source.db
				.selectFrom('audit_log')
				.select((eb) => eb.fn.max('id').as('id'))
				.executeTakeFirstOrThrow();
			expect(entry.id).toBe(Number(maxAudit.id) + 1);

			// A second copy into the same (now full) target is refused and writes nothing.
			await expect(copyDatabase(source.db, target.db, { sourceName: source.path })).rejects.toThrow(/đã có dữ liệu \(bảng hierarchies, units/);
			expect(await countRows(target.db, 'reports')).toBe(before.counts.reports);
		} finally {
			await target.close();
		}
	});
});

describe('a copy whose figures differ', () => {
	// A SQLite trigger makes the difference; the rollback is the transaction's on either dialect.
	it.skipIf(onPostgres)('is rolled back: the target stays empty', async () => {
		const dir = tempDir();
		const { db } = openDatabase(join(dir, 'copy.db'));
		// A trigger that drops every fourth report on the target: the counts cannot match.
		const { sql } = await import('kysely');
		const { migrateToLatest } = await import('../../src/lib/server/db');
		await migrateToLatest(db);
		await sql`create trigger lose_values after insert on current_values when new.report_id % 4 = 0 begin delete from current_values where rowid = new.rowid; end`.execute(db);
		const error = await copyDatabase(source.db, db, { sourceName: source.path }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(CopyMismatchError);
		const { result } = error as CopyMismatchError;
		expect(result.matches).toBe(false);
		expect(result.tables.find((t) => t.table === 'current_values')!.target).toBeLessThan(result.tables.find((t) => t.table === 'current_values')!.source);
		expect(await countRows(db, 'reports')).toBe(0);
		expect(await countRows(db, 'units')).toBe(0);
		await db.destroy();
	});
});

describe('npm run cli -- copy-to-postgres', () => {
	it('wants a PostgreSQL URL and an existing source', async () => {
		const noUrl = await runCli(['copy-to-postgres', '--to', join(tempDir(), 'x.db'), '--from', source.path]);
		expect(noUrl.code).toBe(2);
		expect(noUrl.stderr).toContain('Cách dùng: copy-to-postgres --to postgres://…');
		const noFile = await runCli(['copy-to-postgres', '--to', 'postgres://localhost/khong-co', '--from', join(tempDir(), 'khong-co.db')]);
		expect(noFile.code).toBe(1);
		expect(noFile.stderr).toContain('Không có tệp cơ sở dữ liệu');
	});

	it.skipIf(!onPostgres)('copies into an empty database, prints each table, and refuses to copy twice', async () => {
		const target = await createTestDb(false);
		try {
			const first = await runCli(['copy-to-postgres', '--to', target.path, '--from', source.path]);
			expect(first.stderr).toBe('');
			expect(first.code).toBe(0);
			const reports = formatCount(await countRows(source.db, 'reports')).replaceAll('.', '\\.');
			expect(first.stdout).toMatch(new RegExp(`  reports +${reports} +${reports}  khớp`));
			expect(first.stdout).not.toContain('LỆCH');
			const tables = (await sqliteTableShapes(source.db)).length;
			expect(first.stdout).toMatch(new RegExp(`Đã chép ${tables} bảng, [\\d.]+ dòng trong [\\d.]+ ms; mọi số liệu khớp\\.`));
			const again = await runCli(['copy-to-postgres', '--to', target.path, '--from', source.path]);
			expect(again.code).toBe(1);
			expect(again.stderr).toContain('Cơ sở dữ liệu đích đã có dữ liệu');
		} finally {
			await target.close();
		}
	});
});
