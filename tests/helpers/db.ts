import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateToLatest, openDatabase, openSqlite, type Database } from '../../src/lib/server/db';
import type { DialectName } from '../../src/lib/server/db/dialect';
import { databaseUrl } from './postgres';
import type SQLite from 'better-sqlite3';

/** The dialect of this run's database tests: the db-pg project sets TIENDO_TEST_DIALECT=postgres. */
export const testDialect: DialectName = process.env.TIENDO_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = testDialect === 'postgres';

export interface TestDb {
	db: Database;
	dialect: DialectName;
	/** SQLite's own connection; reading it on PostgreSQL throws (such a test is skipped there). */
	sqlite: SQLite.Database;
	/** The SQLite file, or the PostgreSQL database's URL. */
	path: string;
	/** What a child process (the CLI, a second instance) needs to open the same database. */
	env: Record<string, string>;
	dir: string;
	close: () => Promise<void>;
}

async function onServer(statement: string): Promise<void> {
	const admin = new pg.Client({ connectionString: inject('pgUrl') });
	await admin.connect();
	try {
		await admin.query(statement);
	} finally {
		await admin.end();
	}
}

/**
 * A real database migrated by the real migrator. On SQLite (the default), a file in a
 * temporary folder, opened as the server opens it: transactions and checkpoints on a
 * worker thread's connection; with `copyOf`, the file starts as a copy of that database.
 * On PostgreSQL (TIENDO_TEST_DIALECT=postgres), a fresh database on the run's server,
 * created from the migrated template (or empty, unmigrated), dropped at close.
 */
export async function createTestDb(migrate = true, copyOf?: string): Promise<TestDb> {
	const dir = mkdtempSync(join(tmpdir(), 'tiendo-test-'));
	if (onPostgres) {
		if (copyOf) throw new Error('copyOf is for SQLite files');
		const name = `tiendo_test_${randomBytes(6).toString('hex')}`;
		await onServer(migrate ? `create database ${name} template ${inject('pgTemplate')}` : `create database ${name} template template0`);
		const url = databaseUrl(inject('pgUrl'), name);
		const { db } = openDatabase(url);
		let closed = false;
		return {
			db,
			dialect: 'postgres',
			get sqlite(): SQLite.Database {
				throw new Error('SQLite-only: this test reads the SQLite connection; skip it on PostgreSQL');
			},
			path: url,
			env: { DATABASE_URL: url },
			dir,
			close: async () => {
				if (closed) return;
				closed = true;
				await db.destroy();
				await onServer(`drop database if exists ${name} with (force)`);
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const path = join(dir, 'test.db');
	if (copyOf) copyFileSync(copyOf, path);
	const opened = openSqlite(path, { background: true });
	if (migrate) await migrateToLatest(opened.db);
	return {
		db: opened.db,
		dialect: 'sqlite',
		sqlite: opened.sqlite,
		path,
		env: { DATABASE_PATH: path },
		dir,
		close: async () => {
			await opened.db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function tempDir(): string {
	return mkdtempSync(join(tmpdir(), 'tiendo-files-'));
}
