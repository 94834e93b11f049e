/**
 * The one home of "which database am I on" (issue 29): SQLite (the default, a file) or
 * PostgreSQL (`DATABASE_URL=postgres://…`). Repositories and migrations ask `dialectOf`
 * and take the SQL that differs between the two from here; nowhere else tests the dialect.
 */
import { PostgresAdapter, sql, type ColumnDataType, type ColumnDefinitionBuilder, type Kysely, type RawBuilder, type Transaction } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyConn = Kysely<any> | Transaction<any>;

/** Whether a connection string names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
	return /^postgres(ql)?:\/\//i.test(location);
}

export function dialectOf(conn: AnyConn): DialectName {
	return conn.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

// ---------------------------------------------------------------------------------------
// Schema (migrations): SQLite keeps exactly the statements it always had.

/** An integer primary key the database numbers itself. */
export function autoId(conn: AnyConn) {
	return dialectOf(conn) === 'postgres'
		? (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity()
		: (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement();
}

/** The instant of the insert as ISO 8601 text in UTC with milliseconds (`2024-12-21T04:30:00.000Z`). */
export function nowIsoDefault(conn: AnyConn): RawBuilder<string> {
	return dialectOf(conn) === 'postgres' ? sql`(to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
}

/** A float of 8 bytes (SQLite's `real`; PostgreSQL's `real` has 4). */
export function doubleType(conn: AnyConn): ColumnDataType {
	return dialectOf(conn) === 'postgres' ? 'double precision' : 'real';
}

/** Bytes. */
export function bytesType(conn: AnyConn): ColumnDataType {
	return dialectOf(conn) === 'postgres' ? 'bytea' : 'blob';
}

/**
 * A column that holds a packed list (perf/packed.ts: gzip bytes). Declared `text` on SQLite
 * since the first migration (SQLite keeps the bytes whatever the declared type); PostgreSQL
 * needs `bytea`.
 */
export function packedListType(conn: AnyConn): ColumnDataType {
	return dialectOf(conn) === 'postgres' ? 'bytea' : 'text';
}

/** Makes a table refuse UPDATE and DELETE with the error "<table> is append-only". */
export async function makeAppendOnly(conn: AnyConn, table: string): Promise<void> {
	if (dialectOf(conn) === 'postgres') {
		await sql`create or replace function tiendo_append_only() returns trigger language plpgsql as $$
			begin raise exception '% is append-only', tg_table_name; end $$`.execute(conn);
		await sql.raw(`create trigger ${table}_no_update before update on ${table} for each row execute function tiendo_append_only()`).execute(conn);
		await sql.raw(`create trigger ${table}_no_delete before delete on ${table} for each row execute function tiendo_append_only()`).execute(conn);
		return;
	}
	await sql.raw(`create trigger ${table}_no_update before update on ${table} begin select raise(abort, '${table} is append-only'); end`).execute(conn);
	await sql.raw(`create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${table} is append-only'); end`).execute(conn);
}

// ---------------------------------------------------------------------------------------
// Queries.

/**
 * Rows packed by the database into one JSON array of arrays (one value instead of tens of
 * thousands): `json_group_array(json_array(…))` on SQLite, `json_agg(json_build_array(…))`
 * on PostgreSQL. Read back with `readPackedRows`.
 */
export function packRows(conn: AnyConn, columns: RawBuilder<unknown>): RawBuilder<unknown> {
	return dialectOf(conn) === 'postgres' ? sql`json_agg(json_build_array(${columns}))` : sql`json_group_array(json_array(${columns}))`;
}

/** What `packRows` gave: SQLite a JSON text, `pg` an already-parsed array, or null over no rows (PostgreSQL). */
export function readPackedRows<R>(value: unknown): R[] {
	if (value === null || value === undefined) return [];
	return (typeof value === 'string' ? JSON.parse(value) : value) as R[];
}

/**
 * A list of ids as one parameter, for `column in (…)`: any number of ids without a
 * statement per length (`json_each` on SQLite, `json_array_elements_text` cast to bigint on
 * PostgreSQL).
 */
export function idList(conn: AnyConn, ids: readonly number[]): RawBuilder<number> {
	const json = JSON.stringify(ids);
	return dialectOf(conn) === 'postgres' ? sql<number>`(select value::bigint from json_array_elements_text(${json}::json))` : sql<number>`(select value from json_each(${json}))`;
}

/** The larger of two values (SQLite's two-argument `max`, PostgreSQL's `greatest`); neither null. */
export function larger<T>(conn: AnyConn, a: RawBuilder<T> | T, b: RawBuilder<T> | T): RawBuilder<T> {
	return dialectOf(conn) === 'postgres' ? sql<T>`greatest(${a}, ${b})` : sql<T>`max(${a}, ${b})`;
}

/** The smaller of two values (SQLite's two-argument `min`, PostgreSQL's `least`); neither null. */
export function smaller<T>(conn: AnyConn, a: RawBuilder<T> | T, b: RawBuilder<T> | T): RawBuilder<T> {
	return dialectOf(conn) === 'postgres' ? sql<T>`least(${a}, ${b})` : sql<T>`min(${a}, ${b})`;
}

/** Whether an error is a unique constraint's refusal (SQLite's "UNIQUE constraint failed", PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
	if ((error as { code?: unknown } | null)?.code === '23505') return true;
	return /UNIQUE constraint failed/.test(String(error));
}
