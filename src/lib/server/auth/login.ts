import { recordAudit } from '../audit/repository';
import type { Database } from '../db';
import { countRecentFailures, insertLoginAttempt, markLoginAttemptsSucceeded } from './repository';
import { hashPassword, verifyPassword } from './passwords';
import { startSession } from './session';
import { findUserByUsername, updateUser } from './users';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

let dummyHash: Promise<string> | undefined;

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; mustChangePassword: boolean }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks a username and password, limited per account and per client address. Unknown
 * users cost the same hash as known ones and get the same answer.
 *
 * The attempt is reserved before its password is checked: one transaction counts the recent
 * failures of the account and of the address and records the attempt as failed, or refuses.
 * Attempts sent together therefore take the slots one by one, and no more passwords are
 * checked than the limits allow; a right password then marks its reservation succeeded.
 */
export async function login(db: Database, input: { username: string; password: string; address: string }, now = new Date()): Promise<LoginResult> {
	const username = input.username.trim().toLowerCase();
	const since = new Date(now.getTime() - WINDOW_MS).toISOString();
	const at = now.toISOString();
	const limits = [
		{ key: `user:${username}`, max: MAX_FAILURES_PER_ACCOUNT },
		{ key: `ip:${input.address}`, max: MAX_FAILURES_PER_ADDRESS }
	];
	const reservation = await db.transaction().execute(async (tx) => {
		const reached: string[] = [];
		for (const { key, max } of limits) {
			const failures = await countRecentFailures(tx, key, since);
			if (failures.count >= max && failures.oldest) reached.push(failures.oldest);
		}
		if (reached.length) return { oldest: reached.reduce((a, b) => (a < b ? a : b)) };
		const ids: number[] = [];
		for (const { key } of limits) ids.push(await insertLoginAttempt(tx, key, at));
		return { ids };
	});
	if (reservation.oldest !== undefined) {
		return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(reservation.oldest) + WINDOW_MS - now.getTime()) / 1000)) };
	}
	const user = await findUserByUsername(db, username);
	const valid = user
		? await verifyPassword(user.password_hash, input.password)
		: await verifyPassword(await (dummyHash ??= hashPassword('không có tài khoản này')), input.password);
	const succeeded = valid && user !== undefined && user.disabled_at === null;
	await db.transaction().execute(async (tx) => {
		if (succeeded) {
			await markLoginAttemptsSucceeded(tx, reservation.ids);
			await updateUser(tx, user.id, { last_login_at: at });
		}
		if (user) await recordAudit(tx, { actor: user.username, userId: user.id, action: succeeded ? 'login' : 'login_failed', entity: 'user', entityId: user.id, at });
	});
	if (!succeeded) return { ok: false, reason: 'invalid' };
	const session = await startSession(db, user.id, now);
	return { ok: true, ...session, mustChangePassword: user.must_change_password === 1 };
}
