/**
 * Kysely's PostgreSQL dialect on `pg`, with what tiendo needs to behave as it does on SQLite:
 * - every transaction first takes one advisory lock (`pg_advisory_xact_lock`), held to its
 *   COMMIT or ROLLBACK, across every app instance on the database: writers run one at a
 *   time, as SQLite's `BEGIN IMMEDIATE` makes them (perf/driver.ts). The services are
 *   written for that guarantee: a transaction reads, decides and writes (the next snapshot
 *   slot, a lease, a data version, an idempotency key) with no other writer in between.
 *   At READ COMMITTED each statement after the lock sees every transaction committed
 *   before it, so reads inside a write are as consistent as on SQLite. Readers outside
 *   transactions never wait. Correct first: per-campaign keys are a later optimisation.
 * - numbers read back as numbers: `count(*)` and `sum()` give int8 and numeric, which `pg`
 *   hands over as strings by default; every figure here fits a double.
 * The background write worker, the statement cache and WAL checkpoints (perf/) are SQLite's.
 */
import pg from 'pg';
import {
	PostgresAdapter,
	PostgresDriver,
	PostgresIntrospector,
	PostgresQueryCompiler,
	CompiledQuery,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type Kysely,
	type QueryCompiler,
	type TransactionSettings
} from 'kysely';

/** The one key of the writers' lock ("tiendo" in ASCII). */
export const WRITE_LOCK_KEY = 0x7469656e646f;

const INT8 = 20;
const NUMERIC = 1700;

const types = new pg.TypeOverrides();
types.setTypeParser(INT8, 'text', Number);
types.setTypeParser(NUMERIC, 'text', Number);

class LockingDriver implements Driver {
	constructor(readonly inner: PostgresDriver) {}
	init(): Promise<void> {
		return this.inner.init();
	}
	acquireConnection(): Promise<DatabaseConnection> {
		return this.inner.acquireConnection();
	}
	async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		await this.inner.beginTransaction(connection, settings);
		await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`));
	}
	commitTransaction(connection: DatabaseConnection): Promise<void> {
		return this.inner.commitTransaction(connection);
	}
	rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		return this.inner.rollbackTransaction(connection);
	}
	savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
		return this.inner.savepoint(connection, name, compile);
	}
	rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
		return this.inner.rollbackToSavepoint(connection, name, compile);
	}
	releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
		return this.inner.releaseSavepoint(connection, name, compile);
	}
	releaseConnection(connection: DatabaseConnection): Promise<void> {
		return this.inner.releaseConnection(connection as Parameters<PostgresDriver['releaseConnection']>[0]);
	}
	destroy(): Promise<void> {
		return this.inner.destroy();
	}
}

export class TiendoPostgresDialect implements Dialect {
	readonly pool: pg.Pool;
	constructor(url: string, options: { max?: number } = {}) {
		this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
		// An idle connection the server ends (a restart, an administrator) is only logged: the
		// pool opens another when next asked. Without a listener it would end the process.
		this.pool.on('error', (error) => console.error(`PostgreSQL: an idle connection ended: ${error.message}`));
	}
	createDriver(): Driver {
		return new LockingDriver(new PostgresDriver({ pool: this.pool }));
	}
	createQueryCompiler() {
		return new PostgresQueryCompiler();
	}
	createAdapter() {
		return new PostgresAdapter();
	}
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	createIntrospector(db: Kysely<any>) {
		return new PostgresIntrospector(db);
	}
}
