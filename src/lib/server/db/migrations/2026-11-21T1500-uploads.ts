import { sql, type Kysely } from 'kysely';
import { bytesType, packedListType } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

/** Files uploaded for entering counts or targets, held between the preview and the confirmation. */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('uploads')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reports', 'targets')`))
		.addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('excel', 'csv')`))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('file_hash', 'text', (c) => c.notNull())
		.addColumn('content', bytesType(db), (c) => c.notNull())
		.addColumn('changes', packedListType(db), (c) => c.notNull())
		.addColumn('problems', packedListType(db), (c) => c.notNull())
		.addColumn('header_row', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('confirmed_at', 'text')
		.addColumn('receipt', 'text')
		.execute();
	await db.schema.createIndex('uploads_created').on('uploads').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('uploads').execute();
}
