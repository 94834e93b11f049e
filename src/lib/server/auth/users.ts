import type { Conn } from '../db';
import type { NewUser, User, UserUpdate } from '../db/schema';

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
		.select((eb) => [
			'u.id',
			'u.username',
			'u.display_name',
			'u.role',
			'u.email',
			'u.disabled_at',
			'u.created_at',
			'n.code as unit_code',
			'n.name as unit_name',
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
