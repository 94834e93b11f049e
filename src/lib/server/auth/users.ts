import type { Conn } from '../db';
import type { NewUser, User } from '../db/schema';

export async function insertUser(conn: Conn, user: NewUser): Promise<number> {
	const row = await conn.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export function findUserByUsername(conn: Conn, username: string): Promise<User | undefined> {
	return conn.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}
