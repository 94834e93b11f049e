import type SQLite from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ValidationError } from '$lib/domain/errors';

/**
 * A consistent copy of a live database through SQLite's online backup API: writers may
 * go on meanwhile; the copy is the database as of one moment.
 */
export async function backupDatabase(sqlite: SQLite.Database, target: string): Promise<{ pages: number }> {
	if (existsSync(target)) throw new ValidationError(`Tệp ${target} đã tồn tại; hãy chọn tên khác để không ghi đè.`);
	// Copy everything in one step: in WAL mode that step only holds a read transaction, so
	// writers go on, and no write in between can restart a step-wise copy forever.
	const result = await sqlite.backup(target, { progress: () => 1_000_000_000 });
	return { pages: result.totalPages };
}

export function integrityCheck(sqlite: SQLite.Database): string {
	return String(sqlite.pragma('integrity_check', { simple: true }));
}
