import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db';
import { tempDir } from '../helpers/db';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(db: Database): Promise<number> {
	const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(db);
	return rows[0].n;
}

/**
 * A real SQLITE_FULL: the connection that runs transactions may use only a few more pages
 * than the file has. SQLite then ends the transaction itself, before the driver's ROLLBACK.
 */
describe.each([
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
