import type { Kysely } from 'kysely';
import { autoId, doubleType } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * The official mapping between two hierarchy versions (issue 26, DESIGN §3 "Across the
 * reform"): one row per link old commune → new commune, whole or in part, with the share
 * declared for a part (a fraction 0..1) or none. Codes, not unit ids: a link may name a code
 * absent from either list when the admin accepted it explicitly (real data: Xã Ba Chẽ,
 * Xã Ia Mơ, the island districts that became special zones).
 * `hierarchy_province_links`: which old province went into which new one (Thái Bình 34 →
 * Hưng Yên 33), kept with the links so that access (DESIGN §7) reads it in one query.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('hierarchy_links')
		.addColumn('id', 'integer', autoId(db))
		.addColumn('from_hierarchy_id', 'integer', (c) => c.notNull().references('hierarchies.id'))
		.addColumn('to_hierarchy_id', 'integer', (c) => c.notNull().references('hierarchies.id'))
		.addColumn('old_code', 'text', (c) => c.notNull())
		.addColumn('old_name', 'text', (c) => c.notNull())
		.addColumn('new_code', 'text', (c) => c.notNull())
		.addColumn('new_name', 'text', (c) => c.notNull())
		.addColumn('new_province_code', 'text', (c) => c.notNull())
		.addColumn('whole', 'integer', (c) => c.notNull())
		.addColumn('share', doubleType(db))
		.addUniqueConstraint('hierarchy_links_pair', ['from_hierarchy_id', 'to_hierarchy_id', 'old_code', 'new_code'])
		.execute();
	await db.schema.createIndex('hierarchy_links_new').on('hierarchy_links').columns(['to_hierarchy_id', 'new_code']).execute();
	await db.schema
		.createTable('hierarchy_province_links')
		.addColumn('from_hierarchy_id', 'integer', (c) => c.notNull().references('hierarchies.id'))
		.addColumn('to_hierarchy_id', 'integer', (c) => c.notNull().references('hierarchies.id'))
		.addColumn('old_province_code', 'text', (c) => c.notNull())
		.addColumn('new_province_code', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('hierarchy_province_links_pk', ['from_hierarchy_id', 'to_hierarchy_id', 'old_province_code', 'new_province_code'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('hierarchy_province_links').execute();
	await db.schema.dropTable('hierarchy_links').execute();
}
