import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Rebuilds a table from its own stored definition with one edit (SQLite cannot alter a
 * column's NOT NULL or CHECK): the documented procedure — foreign keys off on this
 * connection (SQLite migrations run outside a transaction), new table, copy, drop, rename,
 * check, foreign keys on. Neither table rebuilt here has indexes or triggers of its own.
 */
async function rebuild(db: Kysely<any>, table: string, edit: (ddl: string) => string): Promise<void> {
	const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
	const ddl = rows[0].sql;
	const edited = edit(ddl).replace(`CREATE TABLE "${table}"`, `CREATE TABLE "${table}_new"`);
	if (edited === ddl || !edited.includes(`"${table}_new"`)) throw new Error(`${table}: the definition to rebuild is not the expected one`);
	await sql`pragma foreign_keys = off`.execute(db);
	try {
		await sql.raw(edited).execute(db);
		await sql.raw(`insert into "${table}_new" select * from "${table}"`).execute(db);
		await db.schema.dropTable(table).execute();
		await db.schema.alterTable(`${table}_new`).renameTo(table).execute();
		const { rows: broken } = await sql`pragma foreign_key_check`.execute(db);
		if (broken.length) throw new Error(`${table} rebuilt with broken references: ${JSON.stringify(broken.slice(0, 5))}`);
	} finally {
		await sql`pragma foreign_keys = on`.execute(db);
	}
}

const ROLES_BEFORE = `role in ('admin', 'leader', 'district', 'clerk')`;
const ROLES_AFTER = `role in ('admin', 'leader', 'district', 'clerk', 'ministry')`;
const PROVINCE_REQUIRED = `"province_id" integer not null references`;
const PROVINCE_OPTIONAL = `"province_id" integer references`;

/**
 * PostgreSQL alters both in place, as the emulation migration did with its check: the role
 * check keeps its default name (<table>_<column>_check).
 */
async function setRoleCheck(db: Kysely<any>, check: string): Promise<void> {
	await sql`alter table users drop constraint users_role_check`.execute(db);
	await sql.raw(`alter table users add constraint users_role_check check (${check})`).execute(db);
}

/**
 * National campaigns (issue 29, item 1): a campaign without a province covers every
 * province of its hierarchy version (`campaigns.province_id` null), and the `ministry` role
 * (Bộ Tư pháp) runs them; a ministry account is tied to no unit.
 */
export async function up(db: Kysely<any>): Promise<void> {
	if (dialectOf(db) === 'postgres') {
		await setRoleCheck(db, ROLES_AFTER);
		await sql`alter table campaigns alter column province_id drop not null`.execute(db);
		return;
	}
	await rebuild(db, 'users', (ddl) => ddl.replace(ROLES_BEFORE, ROLES_AFTER));
	await rebuild(db, 'campaigns', (ddl) => ddl.replace(PROVINCE_REQUIRED, PROVINCE_OPTIONAL));
}

export async function down(db: Kysely<any>): Promise<void> {
	if (dialectOf(db) === 'postgres') {
		await sql`alter table campaigns alter column province_id set not null`.execute(db);
		await setRoleCheck(db, ROLES_BEFORE);
		return;
	}
	await rebuild(db, 'campaigns', (ddl) => ddl.replace(PROVINCE_OPTIONAL, PROVINCE_REQUIRED));
	await rebuild(db, 'users', (ddl) => ddl.replace(ROLES_AFTER, ROLES_BEFORE));
}
