import type { Conn } from '../db';

export function insertSession(conn: Conn, s: { id: string; userId: number; at: string; expiresAt: string }) {
	return conn.insertInto('sessions').values({ id: s.id, user_id: s.userId, created_at: s.at, last_seen_at: s.at, expires_at: s.expiresAt }).execute();
}

export function findSessionWithUser(conn: Conn, id: string) {
	return conn
		.selectFrom('sessions as s')
		.innerJoin('users as u', 'u.id', 's.user_id')
		.select([
			's.id as sessionId',
			's.created_at',
			's.last_seen_at',
			's.expires_at',
			'u.id',
			'u.username',
			'u.display_name',
			'u.role',
			'u.unit_id',
			'u.group_code',
			'u.disabled_at',
			'u.must_change_password'
		])
		.where('s.id', '=', id)
		.executeTakeFirst();
}

export function touchSession(conn: Conn, id: string, at: string, expiresAt: string) {
	return conn.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('id', '=', id).execute();
}

export function deleteSession(conn: Conn, id: string) {
	return conn.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, but the one kept (the session that made the change). */
export function deleteUserSessions(conn: Conn, userId: number, keep: string | null = null) {
	return conn
		.deleteFrom('sessions')
		.where('user_id', '=', userId)
		.$if(keep !== null, (q) => q.where('id', '!=', keep!))
		.execute();
}

export function insertApiToken(conn: Conn, t: { userId: number; hash: string; name: string; at: string }) {
	return conn.insertInto('api_tokens').values({ user_id: t.userId, token_hash: t.hash, name: t.name, created_at: t.at }).returning('id').executeTakeFirstOrThrow();
}

export function findTokenWithUser(conn: Conn, hash: string) {
	return conn
		.selectFrom('api_tokens as t')
		.innerJoin('users as u', 'u.id', 't.user_id')
		.select([
			't.id as tokenId',
			't.revoked_at',
			't.last_used_at',
			'u.id',
			'u.username',
			'u.display_name',
			'u.role',
			'u.unit_id',
			'u.group_code',
			'u.disabled_at',
			'u.must_change_password'
		])
		.where('t.token_hash', '=', hash)
		.executeTakeFirst();
}

/** An API token as its owner's page lists it (never its hash); instants are ISO. */
export interface ApiTokenSummary {
	id: number;
	name: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export async function listApiTokens(conn: Conn, userId: number): Promise<ApiTokenSummary[]> {
	const rows = await conn
		.selectFrom('api_tokens')
		.select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.execute();
	return rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
}

export function findApiToken(conn: Conn, id: number) {
	return conn.selectFrom('api_tokens').select(['id', 'user_id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export async function revokeApiTokenRow(conn: Conn, id: number, at: string): Promise<void> {
	await conn.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export function touchApiToken(conn: Conn, id: number, at: string) {
	return conn.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function unitProvince(conn: Conn, unitId: number) {
	return conn.selectFrom('units').select(['id', 'province_id', 'level']).where('id', '=', unitId).executeTakeFirst();
}

/** Failed (or not yet checked) attempts for a key since an instant, and the oldest of them. */
export async function countRecentFailures(conn: Conn, key: string, since: string) {
	const row = await conn
		.selectFrom('login_attempts')
		.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
		.where('key', '=', key)
		.where('at', '>', since)
		.where('succeeded', '=', 0)
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), oldest: row.oldest as string | null };
}

/** Records an attempt before its password is checked: it counts as failed until marked succeeded. */
export async function insertLoginAttempt(conn: Conn, key: string, at: string): Promise<number> {
	const row = await conn.insertInto('login_attempts').values({ key, at, succeeded: 0 }).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export async function markLoginAttemptsSucceeded(conn: Conn, ids: readonly number[]): Promise<void> {
	if (ids.length) await conn.updateTable('login_attempts').set({ succeeded: 1 }).where('id', 'in', ids).execute();
}

/** Revokes an account's live API tokens (only those created before an instant, if given); returns them. */
export async function revokeUserApiTokenRows(conn: Conn, userId: number, at: string, createdBefore?: string) {
	const live = await conn
		.selectFrom('api_tokens')
		.select(['id', 'name'])
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.$if(createdBefore !== undefined, (q) => q.where('created_at', '<=', createdBefore!))
		.orderBy('id')
		.execute();
	if (live.length)
		await conn
			.updateTable('api_tokens')
			.set({ revoked_at: at })
			.where(
				'id',
				'in',
				live.map((t) => t.id)
			)
			.execute();
	return live;
}
