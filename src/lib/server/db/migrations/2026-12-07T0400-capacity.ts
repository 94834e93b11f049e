import type { Kysely } from 'kysely';
import { autoId, makeAppendOnly } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Capacity (issue 27, DESIGN §4): machines and shifts per day of each commune in a
 * campaign, as an append-only history so that any instant uses the values then in force.
 * A row with no commune is the campaign's default for communes nobody has set.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('capacity_revisions')
		.addColumn('id', 'integer', autoId(db))
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('commune_id', 'integer', (c) => c.references('units.id'))
		.addColumn('machines', 'integer', (c) => c.notNull())
		.addColumn('shifts_per_day', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('author_id', 'integer', (c) => c.references('users.id'))
		.addColumn('source', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('capacity_revisions_campaign').on('capacity_revisions').columns(['campaign_id', 'created_at']).execute();
	await makeAppendOnly(db, 'capacity_revisions');
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('capacity_revisions').execute();
}
