import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db';
import { createTestDb, onPostgres, tempDir, type TestDb } from '../helpers/db';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(db: Database): Promise<number> {
	const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(db);
	return rows[0].n;
}

/**
 * SQLite only (the db-pg run would only test SQLite again). A real SQLITE_FULL: the connection that runs transactions may use only a few more pages
 * than the file has. SQLite then ends the transaction itself, before the driver's ROLLBACK.
 */
describe.skipIf(onPostgres).each([
	['on the connection of its own', false],
	['on the background worker’s connection', true]
])('a transaction %s', (_, background) => {
	const { db } = openDatabase(join(dir, `${background ? 'background' : 'own'}.db`), { background });
	afterAll(() => db.destroy());

	it('fails with the disk-full error, not "cannot rollback", and leaves the connection usable', async () => {
		await sql`create table filler (x blob)`.execute(db);
		// Inside a transaction, so that the pragma reaches the connection transactions run on.
		await db.transaction().execute(async (trx) => {
			const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(trx);
			await sql.raw(`pragma max_page_count = ${rows[0].page_count + 4}`).execute(trx);
		});

		const full = db.transaction().execute(async (trx) => {
			await sql`insert into filler values (zeroblob(1000))`.execute(trx);
			await sql`insert into filler values (zeroblob(100000))`.execute(trx);
		});
		await expect(full).rejects.toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
		expect(await rows(db)).toBe(0);

		// The next transaction begins, writes and commits as usual.
		await db.transaction().execute((trx) => sql`insert into filler values (zeroblob(10))`.execute(trx));
		expect(await rows(db)).toBe(1);
	});

	it('still rolls back a transaction that is open when its body fails', async () => {
		const failing = db.transaction().execute(async (trx) => {
			await sql`insert into filler values (zeroblob(10))`.execute(trx);
			throw new Error('refused by the caller');
		});
		await expect(failing).rejects.toThrow('refused by the caller');
		expect(await rows(db)).toBe(1);
		await db.transaction().execute((trx) => sql`insert into filler values (zeroblob(10))`.execute(trx));
		expect(await rows(db)).toBe(2);
	});
});

describe.skipIf(!onPostgres)('transactions on PostgreSQL', () => {
	let t: TestDb;
	afterEach(() => t?.close());

	it('run one writer at a time across app instances, as BEGIN IMMEDIATE does on SQLite, and never hold up a reader outside them', async () => {
		t = await createTestDb();
		const other = openDatabase(t.path); // a second app instance on the same database
		try {
			const count = (db: Database) => sql<{ n: number }>`select count(*) as n from audit_log where entity = 'lock-test'`.execute(db).then((r) => r.rows[0].n);
			const events: string[] = [];
			let inside!: () => void;
			let mayCommit!: () => void;
			const firstInside = new Promise<void>((resolve) => (inside = resolve));
			const firstMayCommit = new Promise<void>((resolve) => (mayCommit = resolve));
			const first = t.db.transaction().execute(async (tx) => {
				await sql`insert into audit_log (actor, action, entity) values ('first', 'test', 'lock-test')`.execute(tx);
				inside();
				await firstMayCommit;
				events.push('first commits');
			});
			await firstInside;
			const second = other.db.transaction().execute(async (tx) => {
				events.push('second begins');
				return count(tx);
			});
			expect(await count(other.db)).toBe(0); // a reader outside transactions: not held, nothing uncommitted seen
			events.push('read outside');
			// Give the second writer every chance to (wrongly) start before the first commits.
			await new Promise((resolve) => setTimeout(resolve, 300));
			mayCommit();
			await first;
			expect(await second).toBe(1); // and it sees what the first committed
			expect(events).toEqual(['read outside', 'first commits', 'second begins']);
		} finally {
			await other.close();
		}
	});
});
