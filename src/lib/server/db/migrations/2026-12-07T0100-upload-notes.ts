import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Files from any program (issue 23, item 3): an upload keeps the sheet its rows were read
 * from (a sheet named otherwise, found by its columns) and the notes its preview shows
 * (an STT column, title, blank and total rows left out; a CSV in the Windows code page).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('uploads').addColumn('sheet_name', 'text').execute();
	await db.schema.alterTable('uploads').addColumn('notes', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('uploads').dropColumn('notes').execute();
	await db.schema.alterTable('uploads').dropColumn('sheet_name').execute();
}
