import { sql, type Kysely } from 'kysely';
import { autoId } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The history of each campaign's snapshot times (issue 21, item 8): a row per setting,
 * in force from its instant until the next row's. Catch-up takes only the slots whose time
 * was in force at their instant. Existing campaigns get their current times from their
 * creation, as nothing earlier was kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('campaign_snapshot_times')
		.addColumn('id', 'integer', autoId(db))
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('times', 'text', (c) => c.notNull())
		.addColumn('effective_from', 'text', (c) => c.notNull())
		.addColumn('set_by', 'integer', (c) => c.references('users.id'))
		.execute();
	await db.schema.createIndex('campaign_snapshot_times_campaign').on('campaign_snapshot_times').columns(['campaign_id', 'effective_from']).execute();
	await sql`insert into campaign_snapshot_times (campaign_id, times, effective_from) select id, snapshot_times, created_at from campaigns order by id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('campaign_snapshot_times').execute();
}
