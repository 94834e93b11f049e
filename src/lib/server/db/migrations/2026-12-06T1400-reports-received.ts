import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The roll-call (DESIGN §4, issue 25 item 5) asks which communes sent any report between two
 * snapshot slots, by the instant it was received: a range of this index per snapshot,
 * instead of a walk over every cell's whole series.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('reports_campaign_received').on('reports').columns(['campaign_id', 'received_at', 'commune_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('reports_campaign_received').execute();
}
