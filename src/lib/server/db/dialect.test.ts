import { describe, expect, it } from 'vitest';
import { isPostgresUrl, isUniqueViolation, readPackedRows } from './dialect';

describe('the dialect of a connection string', () => {
	it('is PostgreSQL for postgres:// and postgresql:// URLs only', () => {
		expect(isPostgresUrl('postgres://tiendo:mk@db.example.vn:5432/tiendo')).toBe(true);
		expect(isPostgresUrl('postgresql://localhost/tiendo')).toBe(true);
		expect(isPostgresUrl('POSTGRES://localhost/tiendo')).toBe(true);
		expect(isPostgresUrl('data/tiendo.db')).toBe(false);
		expect(isPostgresUrl('/srv/postgres/tiendo.db')).toBe(false);
		expect(isPostgresUrl(':memory:')).toBe(false);
	});
});

describe('packed rows read back', () => {
	it('take SQLite JSON text, an array pg already parsed, and no rows (null on PostgreSQL) alike', () => {
		const rows = [
			[1, 'khai_sinh', 10],
			[2, 'ket_hon', 0]
		];
		expect(readPackedRows(JSON.stringify(rows))).toEqual(rows);
		expect(readPackedRows(rows)).toBe(rows);
		expect(readPackedRows('[]')).toEqual([]);
		expect(readPackedRows(null)).toEqual([]);
	});
});

describe('unique violations', () => {
	it("are told by SQLite's message or PostgreSQL's code 23505", () => {
		expect(isUniqueViolation(new Error('UNIQUE constraint failed: snapshots.campaign_id, snapshots.slot_at'))).toBe(true);
		expect(isUniqueViolation(Object.assign(new Error('duplicate key value violates unique constraint "snapshots_slot"'), { code: '23505' }))).toBe(true);
		expect(isUniqueViolation(Object.assign(new Error('null value in column "slot_at"'), { code: '23502' }))).toBe(false);
		expect(isUniqueViolation(null)).toBe(false);
	});
});
