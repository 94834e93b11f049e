import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
	CompiledQuery,
	Kysely,
	Migrator,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Driver,
	type MigrationResultSet,
	type SqliteDialectConfig,
	type Transaction
} from 'kysely';
import { migrations } from './migrations/index';
import type { DB } from './schema';

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either a database or an open transaction: repositories accept both. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface OpenOptions {
	readonly?: boolean;
}

/**
 * Every transaction starts as BEGIN IMMEDIATE, so that a writer takes the lock up front
 * and waits on busy_timeout instead of failing mid-transaction when another process
 * (the CLI, a second instance) writes too. Kysely's own driver always emits BEGIN.
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

class ImmediateSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;
	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}
	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.#config);
	}
}

/** Opens (creating if needed) the SQLite file with WAL, busy_timeout and foreign keys on. */
export function openDatabase(path: string, options: OpenOptions = {}): { db: Database; sqlite: SQLite.Database } {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path, { readonly: options.readonly ?? false });
	sqlite.pragma('busy_timeout = 5000');
	if (!options.readonly) sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
	return { db, sqlite };
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
