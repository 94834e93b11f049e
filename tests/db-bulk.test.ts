import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db';
import { insertMany, insertManyReturningIds, jsonList, selectByChunks } from '../src/lib/server/db/bulk';
import { inSlices, jsonSlices, parseJsonSlices, stringifyInSlices } from '../src/lib/server/event-loop';
import { createTestDb, type TestDb } from './helpers/db';

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
		t.sqlite.exec("insert or ignore into record_types (code, name, position) values ('khai_sinh', 'Khai sinh', 1)");
		const before = t.sqlite.prepare('select count(*) as n from record_types').get() as { n: number };
		await insertMany(t.db, { table: 'record_types', columns: ['code', 'name', 'position'], rows: [{ code: 'khai_sinh', name: 'Đăng ký khai sinh', position: 1 }], upsertOn: ['code'] });
		expect(t.sqlite.prepare("select name from record_types where code = 'khai_sinh'").get()).toEqual({ name: 'Đăng ký khai sinh' });
		expect(t.sqlite.prepare('select count(*) as n from record_types').get()).toEqual(before);
	});

	it('reads by chunks of ids, each chunk one JSON parameter', async () => {
		t = await createTestDb();
		const ids = await t.db.transaction().execute((tx) => insertManyReturningIds(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(2500) }));
		const read = await selectByChunks(ids, (chunk) => t.db.selectFrom('audit_log').select('id').where('id', 'in', jsonList(chunk)).execute());
		expect(read.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
	});

	it('keeps prepared statements, which still work after the schema changes', async () => {
		t = await createTestDb();
		const read = () => sql<Record<string, unknown>>`select * from units limit 1`.execute(t.db);
		t.sqlite.exec("insert into hierarchies (as_of, levels, source, content_hash) values ('2025-03-01', 3, 'test', 'x')");
		expect((await read()).rows).toEqual([]);
		t.sqlite.exec('alter table units add column scratch text');
		t.sqlite.exec("insert into units (hierarchy_id, code, name, type, level, province_id, parent_id, scratch) values (1, '34', 'Thái Bình', 'Tỉnh', 'province', null, null, 'x')");
		expect((await read()).rows[0]).toMatchObject({ code: '34', scratch: 'x' });
	});

	it('checkpoints the WAL in a worker thread, not in commits', async () => {
		t = await createTestDb();
		const { db, sqlite } = openDatabase(t.path, { backgroundCheckpoint: true });
		try {
			expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
			const size = statSync(t.path).size;
			await db.transaction().execute((tx) => insertMany(tx, { table: 'audit_log', columns: AUDIT, rows: auditRows(20_000) }));
			// Written to the WAL only; the worker copies it into the database file within seconds.
			for (let i = 0; i < 100 && statSync(t.path).size <= size; i++) await new Promise((r) => setTimeout(r, 100));
			expect(statSync(t.path).size).toBeGreaterThan(size);
		} finally {
			await db.destroy();
		}
	});
});

describe('work in slices', () => {
	const items = Array.from({ length: 4500 }, (_, i) => ({ i, text: i % 7 ? `xã ${i}` : 'dòng một\ndòng hai "trích"' }));

	it('stores a long array as lines and reads it back, and still reads a plain JSON array', async () => {
		const text = await jsonSlices(items);
		expect(text.split('\n')).toHaveLength(3);
		expect(await parseJsonSlices(text)).toEqual(items);
		expect(await parseJsonSlices(JSON.stringify(items))).toEqual(items);
		expect(await parseJsonSlices(await jsonSlices([]))).toEqual([]);
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
