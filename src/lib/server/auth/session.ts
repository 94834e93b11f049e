import { may, type Actor, type Role } from '$lib/domain/access';
import { recordAudit } from '../audit/repository';
import type { Conn, Database } from '../db';
import {
	deleteSession,
	findApiToken,
	findSessionWithUser,
	findTokenWithUser,
	insertApiToken,
	insertSession,
	revokeApiTokenRow,
	revokeUserApiTokenRows,
	touchApiToken,
	touchSession,
	unitProvince
} from './repository';
import { absorbedProvinceIds as provincesAbsorbedBy } from '../mapping/repository';
import { hashSecret, newSecret } from './tokens';
import { findUserById, findUserByUsername } from './users';
import { ForbiddenError, NotFoundError, ValidationError } from '$lib/domain/errors';

export const SESSION_COOKIE = 'tiendo_session';
export const SESSION_IDLE_MS = 8 * 3_600_000; // ends after 8 hours without use
const TOUCH_EVERY_MS = 60_000;

interface UserRow {
	id: number;
	username: string;
	display_name: string;
	role: string;
	unit_id: number | null;
	group_code: string | null;
	disabled_at: string | null;
}

async function actorOf(db: Database, user: UserRow): Promise<Actor | null> {
	if (user.disabled_at !== null) return null;
	// The ministry (Bộ Tư pháp) is tied to no unit: it reads every province (issue 29).
	if (user.role === 'ministry')
		return { userId: user.id, username: user.username, displayName: user.display_name, role: 'ministry', unitId: 0, provinceId: 0, groupCode: null, absorbedProvinceIds: [] };
	if (user.unit_id === null) return null;
	const unit = await unitProvince(db, user.unit_id);
	if (!unit?.province_id) return null;
	const role = user.role as Role;
	// Only a province's admins and leaders read the campaigns of the provinces it absorbed.
	const absorbedProvinceIds = may(role, 'readProvince') ? await provincesAbsorbedBy(db, unit.province_id) : [];
	return {
		userId: user.id,
		username: user.username,
		displayName: user.display_name,
		role,
		unitId: unit.id,
		provinceId: unit.province_id,
		groupCode: user.group_code,
		absorbedProvinceIds
	};
}

/** Starts a session: a new random token every login. Returns the token for the cookie. */
export async function startSession(db: Database, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const token = newSecret();
	const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
	await insertSession(db, { id: hashSecret(token), userId, at: now.toISOString(), expiresAt: expiresAt.toISOString() });
	return { token, expiresAt };
}

/**
 * The actor behind a session token; slides its expiry; null when expired or disabled.
 * `mustChangePassword`: the account signed in with a one-time password and may do nothing
 * else until it changes it.
 */
export async function actorFromSession(db: Database, token: string, now = new Date()): Promise<{ actor: Actor; expiresAt: Date; mustChangePassword: boolean } | null> {
	const id = hashSecret(token);
	const row = await findSessionWithUser(db, id);
	if (!row) return null;
	if (row.expires_at <= now.toISOString() || row.disabled_at !== null) {
		await deleteSession(db, id);
		return null;
	}
	const actor = await actorOf(db, row);
	if (!actor) return null;
	let expiresAt = new Date(row.expires_at);
	if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
		expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
		await touchSession(db, id, now.toISOString(), expiresAt.toISOString());
	}
	return { actor, expiresAt, mustChangePassword: row.must_change_password === 1 };
}

export async function endSession(db: Database, token: string): Promise<void> {
	await deleteSession(db, hashSecret(token));
}

/**
 * The actor behind an API token, recording its last use; null when revoked or disabled, or
 * while its account still has to change a one-time password.
 */
export async function actorFromApiToken(db: Database, token: string, now = new Date()): Promise<Actor | null> {
	const row = await findTokenWithUser(db, hashSecret(token));
	if (!row || row.revoked_at !== null || row.must_change_password === 1) return null;
	const actor = await actorOf(db, row);
	if (!actor) return null;
	if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) await touchApiToken(db, row.tokenId, now.toISOString());
	return actor;
}

/** Creates an API token for a user; the token is returned once and stored only hashed. */
export async function createApiToken(db: Database, username: string, opts: { name: string; actor: string }): Promise<string | null> {
	const name = opts.name.normalize('NFC').trim();
	if (name.length < 1 || name.length > 60) throw new ValidationError('Tên mã truy cập gồm 1–60 ký tự, ví dụ «Phần mềm một cửa».');
	const user = await findUserByUsername(db, username);
	if (!user) return null;
	const token = newSecret('tdo_');
	await db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		const { id } = await insertApiToken(tx, { userId: user.id, hash: hashSecret(token), name, at });
		await recordAudit(tx, { actor: opts.actor, action: 'create_api_token', entity: 'api_token', entityId: id, after: { user: username, name }, at });
	});
	return token;
}

/**
 * Revokes an API token: its owner, or an admin of the owner's province. With `ownerId`
 * (an account's page), the token must be that account's.
 */
export async function revokeApiToken(db: Database, actor: Actor, tokenId: number, ownerId?: number): Promise<void> {
	const token = Number.isSafeInteger(tokenId) ? await findApiToken(db, tokenId) : undefined;
	if (!token || (ownerId !== undefined && token.user_id !== ownerId)) throw new NotFoundError('Không có mã truy cập này.');
	if (token.user_id !== actor.userId) {
		const owner = await findUserById(db, token.user_id);
		const unit = owner?.unit_id ? await unitProvince(db, owner.unit_id) : undefined;
		if (actor.role !== 'admin' || unit?.province_id !== actor.provinceId) throw new ForbiddenError('Mã truy cập này không phải của bạn.');
	}
	if (token.revoked_at !== null) return;
	await db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		await revokeApiTokenRow(tx, token.id, at);
		await recordAudit(tx, { actor: actor.username, userId: actor.userId, action: 'revoke_api_token', entity: 'api_token', entityId: token.id, before: { name: token.name }, at });
	});
}

/**
 * Revokes every live API token of an account, in the transaction of the change that calls for
 * it (a new password, a lock), auditing each; with `createdBefore`, only tokens made until then.
 * Returns how many were revoked.
 */
export async function revokeAccountApiTokens(
	tx: Conn,
	userId: number,
	by: { actor: string; userId: number | null; because: string; at: string; createdBefore?: string }
): Promise<number> {
	const revoked = await revokeUserApiTokenRows(tx, userId, by.at, by.createdBefore);
	const entries = revoked.map((t) => ({
		actor: by.actor,
		userId: by.userId,
		action: 'revoke_api_token',
		entity: 'api_token',
		entityId: t.id,
		before: { name: t.name },
		after: { because: by.because },
		at: by.at
	}));
	if (entries.length) await recordAudit(tx, ...entries);
	return revoked.length;
}
