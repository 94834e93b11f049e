import { recordAudit } from '../audit/repository';
import type { Database } from '../db';
import { countRecentFailures, recordLoginAttempt } from './repository';
import { hashPassword, verifyPassword } from './passwords';
import { startSession } from './session';
import { findUserByUsername } from './users';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

let dummyHash: Promise<string> | undefined;

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks a username and password, limited per account and per client address. Unknown
 * users cost the same hash as known ones and get the same answer.
 */
export async function login(db: Database, input: { username: string; password: string; address: string }, now = new Date()): Promise<LoginResult> {
	const username = input.username.trim().toLowerCase();
	const since = new Date(now.getTime() - WINDOW_MS).toISOString();
	const keys = { account: `user:${username}`, address: `ip:${input.address}` };
	const [byAccount, byAddress] = await Promise.all([countRecentFailures(db, keys.account, since), countRecentFailures(db, keys.address, since)]);
	const reached = [byAccount.count >= MAX_FAILURES_PER_ACCOUNT && byAccount.oldest, byAddress.count >= MAX_FAILURES_PER_ADDRESS && byAddress.oldest].filter(
		(oldest): oldest is string => typeof oldest === 'string'
	);
	if (reached.length) {
		const oldest = reached.sort()[0];
		return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(oldest) + WINDOW_MS - now.getTime()) / 1000)) };
	}
	const user = await findUserByUsername(db, username);
	const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyPassword(await (dummyHash ??= hashPassword('không có tài khoản này')), input.password);
	const succeeded = valid && user !== undefined && user.disabled_at === null;
	const at = now.toISOString();
	await db.transaction().execute(async (tx) => {
		await recordLoginAttempt(tx, keys.account, at, succeeded);
		await recordLoginAttempt(tx, keys.address, at, succeeded);
		if (user) await recordAudit(tx, { actor: user.username, userId: user.id, action: succeeded ? 'login' : 'login_failed', entity: 'user', entityId: user.id, at });
	});
	if (!succeeded) return { ok: false, reason: 'invalid' };
	const session = await startSession(db, user.id, now);
	return { ok: true, ...session };
}
