/**
 * SQL of the database copy (issue 29): what tables a SQLite file holds and how they link,
 * batches read by rowid, batches written, and the figures compared after the copy.
 * Table and column names come from the database itself, never from a user.
 */
import { sql, type Kysely } from 'kysely';
import type { Conn } from '../db';

export interface TableShape {
	name: string;
	columns: string[];
	/** Tables this one refers to by foreign key, itself included. */
	references: string[];
	/** Columns that refer to this same table, with the column they refer to. */
	selfReferences: { from: string; to: string }[];
	/** The primary key's columns, in key order; empty when the table has none. */
	primaryKey: string[];
	/** Whether the table has an integer `id` the database numbers (a sequence on PostgreSQL). */
	integerId: boolean;
}

// Kysely's typed builder knows only DB's tables; a copy walks whatever tables there are.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (conn: Conn) => conn as unknown as Kysely<any>;

/** The app's tables of a SQLite database in creation order (not SQLite's own, not the migrator's). */
export async function sqliteTableShapes(conn: Conn): Promise<TableShape[]> {
	const { rows: tables } = await sql<{ name: string }>`
		select name from sqlite_master
		where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'
		order by rowid`.execute(conn);
	const shapes: TableShape[] = [];
	for (const { name } of tables) {
		const { rows: columns } = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${name}) order by cid`.execute(conn);
		const { rows: keys } = await sql<{ table: string; from: string; to: string | null }>`select "table", "from", "to" from pragma_foreign_key_list(${name})`.execute(conn);
		const primaryKey = columns
			.filter((c) => c.pk > 0)
			.sort((a, b) => a.pk - b.pk)
			.map((c) => c.name);
		shapes.push({
			name,
			columns: columns.map((c) => c.name),
			references: [...new Set(keys.map((k) => k.table))],
			selfReferences: keys.filter((k) => k.table === name).map((k) => ({ from: k.from, to: k.to ?? primaryKey[0] })),
			primaryKey,
			integerId: columns.some((c) => c.name === 'id' && c.type.toLowerCase() === 'integer')
		});
	}
	return shapes;
}

/** Each table of any database (SQLite or PostgreSQL) with its columns, through Kysely's introspection. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function tableColumns(db: Kysely<any>): Promise<Map<string, Set<string>>> {
	const tables = await db.introspection.getTables();
	return new Map(tables.filter((t) => !t.name.startsWith('kysely_')).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
}

export async function countRows(conn: Conn, table: string): Promise<number> {
	const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(conn);
	return Number(rows[0].n);
}

/** Up to `limit` rows of a SQLite table after `afterRowid`, in rowid order, each with its `rowid`. */
export async function readSqliteBatch(conn: Conn, table: string, afterRowid: number, limit: number): Promise<{ rowid: number; row: Record<string, unknown> }[]> {
	const { rows } = await sql<Record<string, unknown> & { __rowid: number }>`
		select rowid as __rowid, * from ${sql.table(table)} where rowid > ${afterRowid} order by rowid limit ${limit}`.execute(conn);
	return rows.map(({ __rowid, ...row }) => ({ rowid: __rowid, row }));
}

export async function insertRows(conn: Conn, table: string, rows: Record<string, unknown>[]): Promise<void> {
	if (rows.length) await untyped(conn).insertInto(table).values(rows).execute();
}

export async function deleteAllRows(conn: Conn, table: string): Promise<void> {
	await untyped(conn).deleteFrom(table).execute();
}

/**
 * Sets a PostgreSQL table's `id` sequence (serial or identity) to its largest id, so that the
 * next insert takes the next id; nothing for an empty table or one whose id has no sequence.
 */
export async function resetIdSequence(conn: Conn, table: string): Promise<void> {
	await sql`select setval(seq::regclass, m) from (select pg_get_serial_sequence(${table}, 'id') as seq, max(id) as m from ${sql.table(table)}) s
		where seq is not null and m is not null`.execute(conn);
}

/** The sum of the counts in force per campaign: the figure every page starts from. */
export async function cumulativeByCampaign(conn: Conn): Promise<Map<number, number>> {
	const rows = await conn
		.selectFrom('current_values')
		.select(['campaign_id', (eb) => eb.fn.sum<number | string>('cumulative').as('total')])
		.groupBy('campaign_id')
		.orderBy('campaign_id')
		.execute();
	return new Map(rows.map((r) => [Number(r.campaign_id), Number(r.total)]));
}

export function campaignCodes(conn: Conn) {
	return conn.selectFrom('campaigns').select(['id', 'code']).orderBy('id').execute();
}
