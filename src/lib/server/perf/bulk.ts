/**
 * Writing and reading many rows without holding the event loop: rows go in multi-row
 * statements of a fixed size, so that SQLite compiles each statement once (the driver
 * keeps prepared statements), and the server turns to other requests between chunks.
 * Inside a transaction the connection stays held meanwhile: other queries wait their turn.
 */
import { CompiledQuery } from 'kysely';
import { dialectOf, type DialectName } from '../db/dialect';
import { yieldToEventLoop } from '../event-loop';
import type { Conn } from '../db/index';
import type { DB } from '../db/schema';

type Column<T extends keyof DB> = keyof DB[T] & string;

export interface BulkInsert<T extends keyof DB> {
	table: T;
	columns: readonly Column<T>[];
	rows: readonly Partial<Record<Column<T>, unknown>>[];
	/** On a conflict on these columns, the other columns take the new row's values. */
	upsertOn?: readonly Column<T>[];
}

/** Rows per statement: at most 500, and under SQLite's 32.766 bound parameters (PostgreSQL's 65.535). */
const chunkSize = (columns: number) => Math.min(500, Math.floor(32_766 / columns));
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function statementText<T extends keyof DB>({ table, columns, upsertOn }: BulkInsert<T>, rows: number, dialect: DialectName, returning: boolean): string {
	let n = 0;
	// SQLite's placeholders are `?`, PostgreSQL's numbered.
	const values =
		dialect === 'postgres'
			? Array.from({ length: rows }, () => `(${columns.map(() => `$${++n}`).join(', ')})`).join(', ')
			: Array(rows)
					.fill(`(${columns.map(() => '?').join(', ')})`)
					.join(', ');
	const conflict = upsertOn
		? ` on conflict (${upsertOn.map(quote).join(', ')}) do update set ${columns
				.filter((c) => !upsertOn.includes(c))
				.map((c) => `${quote(c)} = excluded.${quote(c)}`)
				.join(', ')}`
		: '';
	return `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${values}${conflict}${returning ? ' returning "id"' : ''}`;
}

/** The chunk's values in one flat array, row after row (no array per row: a national file has 60.000). */
function parametersOf<T extends keyof DB>({ rows, columns }: BulkInsert<T>, from: number, count: number): unknown[] {
	const parameters = new Array<unknown>(count * columns.length);
	let k = 0;
	for (let r = from; r < from + count; r++) {
		for (const column of columns) parameters[k++] = rows[r][column] ?? null;
	}
	return parameters;
}

async function insertChunks<T extends keyof DB>(conn: Conn, insert: BulkInsert<T>, withIds: boolean): Promise<number[]> {
	const size = chunkSize(insert.columns.length);
	const dialect = dialectOf(conn);
	// On SQLite one INSERT gives its rows consecutive ids in row order (each new rowid is the
	// largest so far plus one, and the transaction is the only writer), the last one its insert
	// id: cheaper than RETURNING, which SQLite buffers (measured: 15–40 % more per statement).
	// PostgreSQL has no insert id: its ids come back by RETURNING, in the order of the rows.
	const returning = withIds && dialect === 'postgres';
	const ids: number[] = [];
	let fullChunk: string | undefined;
	for (let i = 0; i < insert.rows.length; i += size) {
		if (i > 0) await yieldToEventLoop();
		const count = Math.min(size, insert.rows.length - i);
		const text = count === size ? (fullChunk ??= statementText(insert, size, dialect, returning)) : statementText(insert, count, dialect, returning);
		const result = await conn.executeQuery<{ id: number }>(CompiledQuery.raw(text, parametersOf(insert, i, count)));
		if (returning) for (const row of result.rows) ids.push(row.id);
		else if (withIds) for (let last = Number(result.insertId), k = count - 1; k >= 0; k--) ids.push(last - k);
	}
	return ids;
}

/** Inserts (or upserts) the rows. Run inside a transaction. */
export async function insertMany<T extends keyof DB>(conn: Conn, insert: BulkInsert<T>): Promise<void> {
	await insertChunks(conn, insert, false);
}

/** Inserts the rows (no upsert) and returns their new ids in the order of `rows`. Run inside a transaction. */
export function insertManyReturningIds<T extends keyof DB>(conn: Conn, insert: Omit<BulkInsert<T>, 'upsertOn'>): Promise<number[]> {
	return insertChunks(conn, insert, true);
}

/** Runs `each` per chunk of ids, turning to other requests between chunks. */
export async function forEachChunk<I>(ids: readonly I[], each: (chunk: I[]) => Promise<void>, size = 500): Promise<void> {
	for (let i = 0; i < ids.length; i += size) {
		if (i > 0) await yieldToEventLoop();
		await each(ids.slice(i, i + size));
	}
}

/** Runs a query per chunk of ids and joins the results, turning to other requests between chunks. */
export async function selectByChunks<I, R>(ids: readonly I[], select: (chunk: I[]) => Promise<R[]>, size = 500): Promise<R[]> {
	const rows: R[] = [];
	await forEachChunk(ids, async (chunk) => void rows.push(...(await select(chunk))), size);
	return rows;
}
