import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * A per-campaign data version (issue 24): a counter raised in the same transaction as every
 * write to the campaign's figures, settings, targets, deadlines, groups or snapshots, and
 * when it was last raised. Every cache of the campaign's pages and figures is keyed on it.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('campaigns')
		.addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('campaigns').addColumn('data_changed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('campaigns').dropColumn('data_changed_at').execute();
	await db.schema.alterTable('campaigns').dropColumn('data_version').execute();
}
