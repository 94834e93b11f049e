import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { insertMany, insertManyReturningIds, selectByChunks } from '../../src/lib/server/perf/bulk';
import { idList } from '../../src/lib/server/db/dialect';
import { eachJsonLine, inSlices, stringifyInSlices } from '../../src/lib/server/event-loop';
import { packItems, unpackItems } from '../../src/lib/server/perf/packed';
import { createTestDb, onPostgres, type TestDb } from '../helpers/db';

let t: TestDb;
afterEach(() => t?.close());

const AUDIT = ['at', 'actor', 'action', 'entity', 'entity_id'] as const;
const auditRows = (n: number) => Array.from({ length: n }, (_, i) => ({ at: '2024-12-01T00:00:00.000Z', actor: 'test', action: 'report', entity: 'report', entity_id: String(i) }));

describe('bulk writes and reads', () => {
	it('inserts rows in chunks and returns their ids in the order of the rows', async () => {
		t = await createTestDb();
		const rows = auditRows(1234); // more than two 500-row statements
		const ids = await t.db.transaction().execute((tx) => insertManyReturningIds(tx, { table: 'audit_log', columns: AUDIT, rows }));
		expect(ids).toHaveLength(1234);
		const stored = new Map((await t.db.selectFrom('audit_log').select(['id', 'entity_id']).execute()).map((r) => [r.id, r.entity_id]));
		expect(ids.map((id) => stored.get(id))).toEqual(rows.map((r) => r.entity_id));
	});

	it('upserts on the given columns, keeping other rows', async () => {
		t = await createTestDb();
		await sql`insert into record_types (code, name, position) values ('khai_sinh', 'Khai sinh', 1) on conflict do nothing`.execute(t.db);
		const count = async () => (await sql<{ n: number }>`select count(*) as n from record_types`.execute(t.db)).rows[0];
		const before = await count();
		await insertMany(t.db, {
			table: 'record_types',
			columns: ['code', 'name', 'position'],
			rows: [{ code: 'khai_sinh', name: 'Đăng ký khai sinh', position: 1 }],
			upsertOn: ['code']
		});
		expect(await t.db.selectFrom('record_types').select('name').where('code', '=', 'khai_sinh').execute()).toEqual([{ name: 'Đăng ký khai sinh' }]);
		expect(await count()).toEqual(before);
	});

	it('reads by chunks of ids, each chunk one JSON parameter', async () => {
		t = await createTestDb();
		const ids = await t.db.transaction().execute((tx) => insertManyReturningIds(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(2500) }));
		const read = await selectByChunks(ids, (chunk) => t.db.selectFrom('audit_log').select('id').where('id', 'in', idList(t.db, chunk)).execute());
		expect(read.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
	});

	// SQLite only: the statement cache, the WAL and the background worker are SQLite's machinery.
	it.skipIf(onPostgres)('keeps prepared statements, which still work after the schema changes', async () => {
		t = await createTestDb();
		const read = () => sql<Record<string, unknown>>`select * from units limit 1`.execute(t.db);
		t.sqlite.exec("insert into hierarchies (as_of, levels, source, content_hash) values ('2025-03-01', 3, 'test', 'x')");
		expect((await read()).rows).toEqual([]);
		t.sqlite.exec('alter table units add column scratch text');
		t.sqlite.exec("insert into units (hierarchy_id, code, name, type, level, province_id, parent_id, scratch) values (1, '34', 'Thái Bình', 'Tỉnh', 'province', null, null, 'x')");
		expect((await read()).rows[0]).toMatchObject({ code: '34', scratch: 'x' });
	});

	it.skipIf(onPostgres)('checkpoints the WAL in a worker thread, not in commits', async () => {
		t = await createTestDb();
		expect(t.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		const size = statSync(t.path).size;
		await t.db.transaction().execute((tx) => insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(20_000) }));
		// Written to the WAL only; the worker copies it into the database file within seconds.
		for (let i = 0; i < 100 && statSync(t.path).size <= size; i++) await new Promise((r) => setTimeout(r, 100));
		expect(statSync(t.path).size).toBeGreaterThan(size);
	});

	it.skipIf(onPostgres)("runs a transaction on the worker thread's connection, whose writes the server's own connection sees only once committed", async () => {
		t = await createTestDb();
		const count = () => (t.sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
		const seen = await t.db.transaction().execute(async (tx) => {
			await insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(3) });
			const inside = await tx
				.selectFrom('audit_log')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
			return { inside: inside.n, outside: count(), serverInTransaction: t.sqlite.inTransaction };
		});
		expect(seen).toEqual({ inside: 3, outside: 0, serverInTransaction: false });
		expect(count()).toBe(3);
	});

	it.skipIf(onPostgres)("rolls the whole transaction back when a statement fails there, with SQLite's message and code", async () => {
		t = await createTestDb();
		const failed = await t.db
			.transaction()
			.execute(async (tx) => {
				await insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(2) });
				await sql`insert into record_types (code, name, position) values ('x', 'X', 1), ('x', 'X', 2)`.execute(tx);
			})
			.catch((e: Error & { code?: string }) => e);
		expect(failed).toBeInstanceOf(Error);
		expect(String(failed)).toContain('UNIQUE constraint failed: record_types.code');
		expect((failed as { code?: string }).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
		expect(t.sqlite.prepare('select count(*) as n from audit_log').get()).toEqual({ n: 0 });
		// The connection is free again for the next transaction.
		await t.db.transaction().execute((tx) => insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(1) }));
		expect(t.sqlite.prepare('select count(*) as n from audit_log').get()).toEqual({ n: 1 });
	});

	it.skipIf(!onPostgres)("rolls the whole transaction back when a statement fails there, with PostgreSQL's message and code", async () => {
		t = await createTestDb();
		const failed = await t.db
			.transaction()
			.execute(async (tx) => {
				await insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(2) });
				await sql`insert into record_types (code, name, position) values ('x', 'X', 1), ('x', 'X', 2)`.execute(tx);
			})
			.catch((e: Error & { code?: string }) => e);
		expect(String(failed)).toContain('duplicate key value violates unique constraint "record_types_pkey"');
		expect((failed as { code?: string }).code).toBe('23505');
		const count = async () =>
			(
				await t.db
					.selectFrom('audit_log')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n;
		expect(await count()).toBe(0);
		await t.db.transaction().execute((tx) => insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(1) }));
		expect(await count()).toBe(1);
	});

	it.skipIf(onPostgres)('opens a database without a worker when asked to (the CLI does)', async () => {
		t = await createTestDb();
		const { db, sqlite } = openDatabase(t.path) as { db: TestDb['db']; sqlite: TestDb['sqlite'] };
		try {
			const inside = await db.transaction().execute(async () => sqlite.inTransaction);
			expect(inside).toBe(true);
			expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
		} finally {
			await db.destroy();
		}
	});
});

describe('work in slices', () => {
	const items = Array.from({ length: 4500 }, (_, i) => ({ i, text: i % 7 ? `xã ${i}` : 'dòng một\ndòng hai "trích"' }));

	it('stores a long array as compressed lines and reads it back', async () => {
		const lines = [...eachJsonLine(items)];
		expect(lines).toHaveLength(5); // 4.500 items, 1.000 a line
		const packed = await packItems(items);
		expect(gunzipSync(packed).toString('utf8')).toBe(lines.join('\n'));
		expect((await unpackItems(packed)).items).toEqual(items);
		expect((await unpackItems(packed, (item: { i: number }) => item.i)).items).toEqual(items.map((item) => item.i));
		expect((await unpackItems(await packItems([]))).items).toEqual([]);
	});

	it('hashes stored lines as the text they make', async () => {
		const lines = [...eachJsonLine(items)];
		const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
		expect((await unpackItems(await packItems(items))).digest).toBe(digest);
	});

	it('writes the same JSON as JSON.stringify', async () => {
		expect(await stringifyInSlices(items)).toBe(JSON.stringify(items));
		expect(await stringifyInSlices([])).toBe('[]');
	});

	it('lets other work run between slices', async () => {
		let other = false;
		setImmediate(() => (other = true));
		const seen: boolean[] = [];
		await inSlices(5000, (i) => {
			if (i === 0 || i === 4999) seen.push(other);
		});
		expect(seen).toEqual([false, true]);
	});
});
