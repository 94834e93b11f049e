import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * What an award list needs to stand on its own once frozen: the rule as it was when the
 * list was drawn (kind, parameters, wording), and each unit's code and name as listed.
 * Rules can be retired without losing the lists drawn from them.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('award_rules').addColumn('archived_at', 'text').execute();
	await db.schema.alterTable('award_rules').addColumn('updated_at', 'text').execute();
	await db.schema
		.alterTable('award_lists')
		.addColumn('kind', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('award_lists')
		.addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
	await db.schema
		.alterTable('award_lists')
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('award_list_entries')
		.addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('award_list_entries')
		.addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.alterTable('award_list_entries').addColumn('parent_name', 'text').execute();
	await db.schema.createIndex('award_rules_campaign').on('award_rules').columns(['campaign_id', 'position']).execute();
	await db.schema.createIndex('award_lists_campaign').on('award_lists').columns(['campaign_id', 'frozen_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('award_lists_campaign').execute();
	await db.schema.dropIndex('award_rules_campaign').execute();
	for (const [table, column] of [
		['award_list_entries', 'parent_name'],
		['award_list_entries', 'name'],
		['award_list_entries', 'code'],
		['award_lists', 'description'],
		['award_lists', 'params'],
		['award_lists', 'kind'],
		['award_rules', 'updated_at'],
		['award_rules', 'archived_at']
	]) {
		await db.schema.alterTable(table).dropColumn(column).execute();
	}
}
