import type { Conn } from '../db';
import type { AccountImport, NewAccountImport, NewUser, User, UserUpdate } from '../db/schema';

export async function insertUser(conn: Conn, user: NewUser): Promise<number> {
	const row = await conn.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export function findUserByUsername(conn: Conn, username: string): Promise<User | undefined> {
	return conn.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(conn: Conn, id: number): Promise<User | undefined> {
	return conn.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateUser(conn: Conn, id: number, changes: UserUpdate): Promise<void> {
	await conn.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** The accounts whose unit lies in a province, with their unit and live API tokens. */
export function listUsersOfProvince(conn: Conn, provinceId: number) {
	return conn
		.selectFrom('users as u')
		.innerJoin('units as n', 'n.id', 'u.unit_id')
		.leftJoin('province_groups as g', (j) => j.onRef('g.province_id', '=', 'u.unit_id').onRef('g.code', '=', 'u.group_code'))
		.select((eb) => [
			'u.id',
			'u.username',
			'u.display_name as displayName',
			'u.role',
			'u.email',
			'u.disabled_at as disabledAt',
			'u.created_at as createdAt',
			'u.last_login_at as lastLoginAt',
			'u.must_change_password as mustChangePassword',
			// A group lead's group, by its code and name.
			eb.fn.coalesce('u.group_code', 'n.code').as('unitCode'),
			eb.fn.coalesce('g.name', 'n.name').as('unitName'),
			eb
				.selectFrom('api_tokens as t')
				.select((t) => t.fn.countAll<number>().as('n'))
				.whereRef('t.user_id', '=', 'u.id')
				.where('t.revoked_at', 'is', null)
				.as('tokens')
		])
		.where('n.province_id', '=', provinceId)
		.orderBy('u.role')
		.orderBy('n.code')
		.orderBy('u.username')
		.execute();
}

/** Which of these usernames are taken already. */
export async function takenUsernames(conn: Conn, usernames: string[]): Promise<Set<string>> {
	const taken = new Set<string>();
	for (let i = 0; i < usernames.length; i += 500) {
		const rows = await conn
			.selectFrom('users')
			.select('username')
			.where('username', 'in', usernames.slice(i, i + 500))
			.execute();
		for (const r of rows) taken.add(r.username);
	}
	return taken;
}

export async function insertAccountImport(conn: Conn, row: NewAccountImport): Promise<void> {
	await conn.insertInto('account_imports').values(row).execute();
}

export function findAccountImport(conn: Conn, id: string): Promise<AccountImport | undefined> {
	return conn.selectFrom('account_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a checked file confirmed; false when it already was (a second click, another tab). */
export async function markAccountImportConfirmed(conn: Conn, id: string, at: string): Promise<boolean> {
	const result = await conn.updateTable('account_imports').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
