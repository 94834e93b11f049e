import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, type Database } from '../../src/lib/server/db';
import type SQLite from 'better-sqlite3';

export interface TestDb {
	db: Database;
	sqlite: SQLite.Database;
	path: string;
	dir: string;
	close: () => Promise<void>;
}

/**
 * A real SQLite file in a temporary folder, migrated by the real migrator, opened as the
 * server opens it: transactions and checkpoints on a worker thread's connection. With
 * `copyOf`, the file starts as a copy of that database (already migrated).
 */
export async function createTestDb(migrate = true, copyOf?: string): Promise<TestDb> {
	const dir = mkdtempSync(join(tmpdir(), 'tiendo-test-'));
	const path = join(dir, 'test.db');
	if (copyOf) copyFileSync(copyOf, path);
	const { db, sqlite } = openDatabase(path, { background: true });
	if (migrate) await migrateToLatest(db);
	return {
		db,
		sqlite,
		path,
		dir,
		close: async () => {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export function tempDir(): string {
	return mkdtempSync(join(tmpdir(), 'tiendo-files-'));
}
