import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, type MigrationResultSet, type Transaction } from 'kysely';
import { TiendoSqliteDialect } from '../perf/driver';
import { isPostgresUrl, type DialectName } from './dialect';
import { TiendoPostgresDialect } from './postgres';
import { databasePoolSize } from '../config';
import { migrations } from './migrations/index';
import { applyConnectionSettings } from './pragmas';
import type { DB } from './schema';

export type Database = Kysely<DB>;
/** Either a database or an open transaction: repositories accept both. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface OpenOptions {
	readonly?: boolean;
	/**
	 * SQLite only (PostgreSQL has neither): run transactions and WAL checkpoints on a worker thread's connection, so that neither
	 * holds the event loop (the server does; see ./background.ts).
	 */
	background?: boolean;
}

/** An open database, whichever the dialect; `sqlite` is the file's own connection on SQLite. */
export type OpenDatabase =
	| { db: Database; dialect: 'sqlite'; sqlite: SQLite.Database; close: () => Promise<void> }
	| { db: Database; dialect: 'postgres'; sqlite?: undefined; close: () => Promise<void> };

export type { DialectName };

/**
 * Opens the database at `location`: a PostgreSQL server for a `postgres://` (or
 * `postgresql://`) URL, otherwise a SQLite file (created if needed, with WAL,
 * busy_timeout and foreign keys on).
 */
export function openDatabase(location: string, options: OpenOptions = {}): OpenDatabase {
	if (isPostgresUrl(location)) {
		const db = new Kysely<DB>({ dialect: new TiendoPostgresDialect(location, { max: databasePoolSize() }) });
		return { db, dialect: 'postgres', close: () => db.destroy() };
	}
	return openSqlite(location, options);
}

/** Opens a SQLite file (created if needed), for what needs the file's own connection (backup, benchmarks). */
export function openSqlite(path: string, options: OpenOptions = {}): Extract<OpenDatabase, { dialect: 'sqlite' }> {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path, { readonly: options.readonly ?? false });
	const background = Boolean(options.background && !options.readonly && path !== ':memory:');
	applyConnectionSettings(sqlite, { background });
	if (!options.readonly) sqlite.pragma('journal_mode = WAL');
	const db = new Kysely<DB>({ dialect: new TiendoSqliteDialect(sqlite, background ? path : undefined) });
	return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function migrator(db: Kysely<any>): Migrator {
	return new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
}

/** Applies every pending migration; throws with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<NonNullable<MigrationResultSet['results']>> {
	const { error, results } = await migrator(db).migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error');
		throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
	}
	return results ?? [];
}
