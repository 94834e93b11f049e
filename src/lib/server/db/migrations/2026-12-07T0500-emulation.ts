import { sql, type Kysely } from 'kysely';
import { autoId, dialectOf } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

const KINDS_BEFORE = ['finished_by', 'top_n', 'pct_by', 'below_pct'];
const KINDS_AFTER = [...KINDS_BEFORE, 'most_improved', 'bracket_top_n', 'streak'];

/**
 * award_rules rebuilt with another CHECK on its kind (SQLite cannot alter a constraint):
 * the documented procedure — foreign keys off on this connection (SQLite migrations run
 * outside a transaction), new table, copy, drop, rename, check, foreign keys on.
 */
async function rebuildAwardRules(db: Kysely<any>, kinds: string[]): Promise<void> {
	if (dialectOf(db) === 'postgres') {
		// PostgreSQL alters the constraint in place (its default name: <table>_<column>_check).
		await sql`alter table award_rules drop constraint award_rules_kind_check`.execute(db);
		await sql`alter table award_rules add constraint award_rules_kind_check check (kind in (${sql.join(kinds.map((k) => sql.lit(k)))}))`.execute(db);
		return;
	}
	await sql`pragma foreign_keys = off`.execute(db);
	try {
		await db.schema
			.createTable('award_rules_new')
			.addColumn('id', 'integer', autoId(db))
			.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
			.addColumn('name', 'text', (c) => c.notNull())
			.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${sql.join(kinds.map((k) => sql.lit(k)))})`))
			.addColumn('params', 'text', (c) => c.notNull())
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'text', (c) => c.notNull())
			.addColumn('archived_at', 'text')
			.addColumn('updated_at', 'text')
			.execute();
		await sql`insert into award_rules_new (id, campaign_id, name, kind, params, position, created_at, archived_at, updated_at)
			select id, campaign_id, name, kind, params, position, created_at, archived_at, updated_at from award_rules`.execute(db);
		await db.schema.dropTable('award_rules').execute();
		await db.schema.alterTable('award_rules_new').renameTo('award_rules').execute();
		await db.schema.createIndex('award_rules_campaign').on('award_rules').columns(['campaign_id', 'position']).execute();
		const { rows } = await sql`pragma foreign_key_check`.execute(db);
		if (rows.length) throw new Error(`award_rules rebuilt with broken references: ${JSON.stringify(rows.slice(0, 5))}`);
	} finally {
		await sql`pragma foreign_keys = on`.execute(db);
	}
}

/**
 * Fairer emulation (issue 27): a campaign's size-bracket thresholds (JSON number[], none by
 * default); three more kinds of award rule; and why each unit of an award list is listed
 * (the improvement, the bracket, the streak), kept with the frozen list.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('campaigns')
		.addColumn('bracket_thresholds', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
	await db.schema.alterTable('award_list_entries').addColumn('reason', 'text').execute();
	await rebuildAwardRules(db, KINDS_AFTER);
}

export async function down(db: Kysely<any>): Promise<void> {
	await rebuildAwardRules(db, KINDS_BEFORE);
	await db.schema.alterTable('award_list_entries').dropColumn('reason').execute();
	await db.schema.alterTable('campaigns').dropColumn('bracket_thresholds').execute();
}
