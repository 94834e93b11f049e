/**
 * The database work that would otherwise hold the server's event loop, on a connection of
 * its own in a worker thread:
 * - transactions: every statement between BEGIN IMMEDIATE and COMMIT runs there. A large
 *   import's COMMIT alone is slow (SQLite re-reads the WAL frames the transaction rewrote,
 *   to fix their checksums); the server meanwhile answers others;
 * - WAL checkpoints: SQLite normally copies the WAL back into the database file at the end
 *   of the commit that makes the WAL large, inside that commit's call. The server turns
 *   that off, and the worker runs a PASSIVE checkpoint
 *   every few seconds instead, when no transaction is open (it never blocks readers or writers).
 * The driver hands out its connections under one mutex, so a statement on the server's own
 * connection never waits for SQLite's write lock while a transaction runs here.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, QueryResult } from 'kysely';
import { workerSource } from './worker-source';
import { applyConnectionSettings } from '../db/pragmas';
import { statementCache } from './statement-cache';

const CHECKPOINT_EVERY_MS = 2_000;

export interface StatementRequest {
	id: number;
	sql: string;
	parameters: readonly unknown[];
}

/** Each answer says whether a transaction is still open: SQLite ends one itself on some errors (SQLITE_FULL). */
export type StatementResponse = { id: number; inTransaction: boolean } & (
	| { rows: unknown[] }
	| { changes: number; lastInsertRowid: number | bigint }
	| { error: { message: string; code: string | undefined } }
);

function backgroundProgram(uses: { statementCache: typeof statementCache; applyConnectionSettings: typeof applyConnectionSettings }) {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { workerData, parentPort } = require('node:worker_threads');
	const SQLite = require(workerData.sqlitePath);
	/* eslint-enable @typescript-eslint/no-require-imports */
	const db = new SQLite(workerData.path);
	uses.applyConnectionSettings(db, { background: true });

	// Prepared statements kept by their text, as the server's own connection keeps them.
	const prepare = uses.statementCache((text: string) => db.prepare(text), workerData.keptStatements);

	parentPort.on('message', (request: StatementRequest) => {
		const { id } = request;
		try {
			const statement = prepare(request.sql);
			if (statement.reader) {
				const rows = statement.all(request.parameters);
				parentPort.postMessage({ id, inTransaction: db.inTransaction, rows });
			} else {
				const { changes, lastInsertRowid } = statement.run(request.parameters);
				parentPort.postMessage({ id, inTransaction: db.inTransaction, changes, lastInsertRowid });
			}
		} catch (e) {
			const error = e as { message?: string; code?: string };
			parentPort.postMessage({ id, inTransaction: db.inTransaction, error: { message: String(error?.message ?? e), code: error?.code } });
		}
	});

	setInterval(() => {
		if (db.inTransaction) return;
		try {
			db.pragma('wal_checkpoint(PASSIVE)');
		} catch {
			// Busy or closed: the next round tries again.
		}
	}, workerData.checkpointEveryMs);
}

const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
const programSource = workerSource(backgroundProgram, { statementCache, applyConnectionSettings });

/** An error from the worker's SQLite, with its message and code as better-sqlite3 gives them. */
class BackgroundSqliteError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined
	) {
		super(message);
		this.name = 'SqliteError';
	}
}

/**
 * The worker and its connection, for the driver to run statements on. The worker keeps the
 * process alive only while a statement is under way.
 */
export class BackgroundConnection {
	#worker: Worker | undefined;
	readonly #pending = new Map<number, { resolve: (r: StatementResponse) => void; reject: (e: Error) => void }>();
	#nextId = 1;
	#inTransaction = false;

	constructor(
		readonly path: string,
		readonly keptStatements: number
	) {
		this.#start();
	}

	/** Starts the worker; after one stops (it should not), the next statement starts another. */
	#start(): Worker {
		const worker = new Worker(programSource, {
			eval: true,
			workerData: { sqlitePath, path: this.path, keptStatements: this.keptStatements, checkpointEveryMs: CHECKPOINT_EVERY_MS }
		});
		worker.on('message', (response: StatementResponse) => this.#settle(response));
		worker.on('error', (e) => this.#failAll(e));
		worker.on('exit', (code) => {
			if (this.#worker === worker) this.#worker = undefined;
			this.#inTransaction = false;
			this.#failAll(new Error(`the database worker stopped (exit code ${code})`));
		});
		// After the listeners: listening for messages refs the worker again.
		worker.unref();
		this.#worker = worker;
		return worker;
	}

	#settle(response: StatementResponse): void {
		const waiting = this.#pending.get(response.id);
		if (!waiting) return;
		this.#pending.delete(response.id);
		this.#inTransaction = response.inTransaction;
		if (this.#pending.size === 0) this.#worker?.unref();
		waiting.resolve(response);
	}

	#failAll(error: Error): void {
		for (const waiting of this.#pending.values()) waiting.reject(error);
		this.#pending.clear();
		this.#worker?.unref();
	}

	#send(sql: string, parameters: readonly unknown[]): Promise<StatementResponse> {
		const worker = this.#worker ?? this.#start();
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			if (this.#pending.size === 0) worker.ref();
			this.#pending.set(id, { resolve, reject });
			worker.postMessage({ id, sql, parameters } satisfies StatementRequest);
		});
	}

	/** Whether the worker's connection has a transaction open, as of its last statement. */
	get inTransaction(): boolean {
		return this.#inTransaction;
	}

	/** Runs a statement on the worker's connection. */
	async run<R>({ sql, parameters }: CompiledQuery): Promise<QueryResult<R>> {
		const response = await this.#send(sql, parameters);
		if ('error' in response) throw new BackgroundSqliteError(response.error.message, response.error.code);
		if ('rows' in response) return { rows: response.rows as R[] };
		return { numAffectedRows: BigInt(response.changes), insertId: BigInt(response.lastInsertRowid), rows: [] };
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = undefined;
		await worker?.terminate();
	}
}
