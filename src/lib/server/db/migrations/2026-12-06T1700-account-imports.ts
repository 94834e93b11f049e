import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Accounts at province scale (issue 22, item 3): a one-time password must be changed at
 * first login, the last successful login is shown on the users page, and a file of
 * accounts is checked (preview) before it is confirmed. A preview holds no password.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('users')
		.addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('users').addColumn('last_login_at', 'text').execute();
	await db.schema
		.createTable('account_imports')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('accounts', 'text', (c) => c.notNull())
		.addColumn('problems', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('confirmed_at', 'text')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('account_imports').execute();
	await db.schema.alterTable('users').dropColumn('last_login_at').execute();
	await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
