/**
 * Kysely's SQLite driver, with these changes for this product:
 * - every transaction starts as BEGIN IMMEDIATE, so that a writer takes the lock up front
 *   and waits on busy_timeout instead of failing mid-transaction when another process
 *   (the CLI, a second instance) writes too; Kysely's own driver always emits BEGIN;
 * - prepared statements are kept and reused by their SQL text, so that a statement run
 *   many times (a bulk insert's chunks, a page's queries) is compiled by SQLite once;
 * - with a background connection (the server has one), a transaction runs there, on a
 *   worker thread, from BEGIN to COMMIT: its statements and its commit never hold the
 *   event loop. Statements outside a transaction stay on the server's own connection.
 * Kysely sees one connection, handed out under a mutex as Kysely's driver does: whichever
 * SQLite connection serves it, one statement or transaction runs at a time, so neither
 * connection ever waits on the other's write lock.
 */
import type SQLite from 'better-sqlite3';
import {
	CompiledQuery,
	SelectQueryNode,
	SqliteAdapter,
	SqliteIntrospector,
	SqliteQueryCompiler,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type Kysely,
	type QueryResult
} from 'kysely';
import { BackgroundConnection } from './background';
import { statementCache } from './statement-cache';

const KEPT_STATEMENTS = 200;

class CachingConnection implements DatabaseConnection {
	readonly #prepare: (text: string) => SQLite.Statement;
	/** Set from BEGIN to COMMIT or ROLLBACK when a background connection runs the transaction. */
	#transaction: BackgroundConnection | undefined;
	constructor(
		readonly sqlite: SQLite.Database,
		readonly background: BackgroundConnection | undefined
	) {
		this.#prepare = statementCache((text) => sqlite.prepare(text), KEPT_STATEMENTS);
	}

	/**
	 * Runs BEGIN, COMMIT or ROLLBACK, on the connection that runs the transaction. A ROLLBACK
	 * after SQLite has already ended the transaction itself (it does on SQLITE_FULL, SQLITE_IOERR,
	 * SQLITE_NOMEM, SQLITE_BUSY, SQLITE_INTERRUPT) does nothing: it would only fail with
	 * "cannot rollback - no transaction is active" and hide the error that ended it.
	 */
	async transactionStatement(text: 'begin immediate' | 'commit' | 'rollback'): Promise<void> {
		const begin = text === 'begin immediate';
		if (text === 'rollback' && !(this.#transaction ?? this.sqlite).inTransaction) {
			this.#transaction = undefined;
			return;
		}
		if (begin) this.#transaction = this.background;
		try {
			await this.executeQuery(CompiledQuery.raw(text));
			if (!begin) this.#transaction = undefined;
		} catch (e) {
			// A failed BEGIN opened nothing; a failed COMMIT leaves the transaction for ROLLBACK.
			if (begin || text === 'rollback') this.#transaction = undefined;
			throw e;
		}
	}

	async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		const { sql, parameters } = query;
		if (this.#transaction) return this.#transaction.run(query);
		const statement = this.#prepare(sql);
		if (statement.reader) return { rows: statement.all(parameters) as R[] };
		const { changes, lastInsertRowid } = statement.run(parameters);
		return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
	}

	async *streamQuery<R>({ sql, parameters, query }: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		if (!SelectQueryNode.is(query)) throw new Error('SQLite streams only select queries');
		if (this.#transaction) throw new Error('No streaming inside a transaction on the background connection');
		// A fresh statement: a kept one may be needed by another query while this one is read.
		for (const row of this.sqlite.prepare(sql).iterate(parameters)) yield { rows: [row as R] };
	}
}

class ConnectionMutex {
	#held: Promise<void> | undefined;
	#release: (() => void) | undefined;
	async lock(): Promise<void> {
		while (this.#held) await this.#held;
		this.#held = new Promise((resolve) => (this.#release = resolve));
	}
	unlock(): void {
		const release = this.#release;
		this.#held = undefined;
		this.#release = undefined;
		release?.();
	}
}

class TiendoSqliteDriver implements Driver {
	readonly #mutex = new ConnectionMutex();
	readonly #connection: CachingConnection;
	constructor(sqlite: SQLite.Database, background: BackgroundConnection | undefined) {
		this.#connection = new CachingConnection(sqlite, background);
	}
	async init(): Promise<void> {}
	async acquireConnection(): Promise<DatabaseConnection> {
		await this.#mutex.lock();
		return this.#connection;
	}
	async beginTransaction(): Promise<void> {
		await this.#connection.transactionStatement('begin immediate');
	}
	async commitTransaction(): Promise<void> {
		await this.#connection.transactionStatement('commit');
	}
	async rollbackTransaction(): Promise<void> {
		await this.#connection.transactionStatement('rollback');
	}
	async releaseConnection(): Promise<void> {
		this.#mutex.unlock();
	}
	async destroy(): Promise<void> {
		await this.#connection.background?.close();
		this.#connection.sqlite.close();
	}
}

export class TiendoSqliteDialect implements Dialect {
	constructor(
		readonly sqlite: SQLite.Database,
		/** The database file's path, to run transactions and checkpoints on a worker thread's connection. */
		readonly backgroundPath?: string
	) {}
	createDriver(): Driver {
		return new TiendoSqliteDriver(this.sqlite, this.backgroundPath === undefined ? undefined : new BackgroundConnection(this.backgroundPath, KEPT_STATEMENTS));
	}
	createQueryCompiler() {
		return new SqliteQueryCompiler();
	}
	createAdapter() {
		return new SqliteAdapter();
	}
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	createIntrospector(db: Kysely<any>) {
		return new SqliteIntrospector(db);
	}
}
