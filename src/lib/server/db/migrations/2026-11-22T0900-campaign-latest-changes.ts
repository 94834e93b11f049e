import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The latest asOf of a campaign's values in force and the time of its latest target
 * revision, kept on write: the engine evaluates "now" from the current tables when
 * nothing is later than the instant, and reading two columns is cheaper than taking the
 * maximum over every cell of the campaign on each evaluation.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('campaigns').addColumn('latest_value_as_of', 'text').execute();
	await db.schema.alterTable('campaigns').addColumn('latest_target_at', 'text').execute();
	await sql`update campaigns set
		latest_value_as_of = (select max(v.as_of) from current_values v where v.campaign_id = campaigns.id),
		latest_target_at = (select max(t.created_at) from target_revisions t where t.campaign_id = campaigns.id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('campaigns').dropColumn('latest_target_at').execute();
	await db.schema.alterTable('campaigns').dropColumn('latest_value_as_of').execute();
}
