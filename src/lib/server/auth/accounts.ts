/**
 * Accounts: creation (CLI for the first admin, admin pages after), role and unit, disabling,
 * password resets and changes. Every change is audited; disabling the account or giving it a
 * new password ends its sessions at once and revokes its API tokens, which re-enabling the
 * account does not bring back.
 */
import { type Actor, may, type Role, ROLE_LEVEL, type UnitChoice } from '$lib/domain/access';
import { normalizeUsername, readDisplayName, readEmail, USERNAME_RULE, usernameProblem } from '$lib/domain/account-sheet';
import { ForbiddenError, NotFoundError, ValidationError } from '$lib/domain/errors';
import { LEVEL_LABELS, ROLE_LABELS } from '$lib/domain/labels';
import { recordAudit } from '../audit/repository';
import { findGroupsByCode, listProvinceGroups } from '../groups/repository';
import type { Database } from '../db';
import type { Unit, User } from '../db/schema';
import { findUnit, findUnitById, listHierarchies, listUnits } from '../units/repository';
import { NATION_NAME } from '$lib/domain/levels';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { deleteUserSessions } from './repository';
import { revokeAccountApiTokens } from './session';
import { hashSecret } from './tokens';
import { findUserById, findUserByUsername, insertUser, listUsersOfProvince, updateUser } from './users';

/** Who makes an account change: an admin on the pages, or the operator on the CLI. */
export type AccountEditor = Actor | 'cli';

const editorName = (by: AccountEditor) => (by === 'cli' ? 'cli' : by.username);
const editorId = (by: AccountEditor) => (by === 'cli' ? null : by.userId);

export interface AccountFields {
	role: string;
	unitCode?: string;
	email?: string;
	displayName?: string;
}

export interface AddUserInput extends AccountFields {
	username: string;
	password: string;
	/** On the CLI: the hierarchy version (as-of date) the unit code is read in; the newest by default. */
	hierarchy?: string;
}

export function parseRole(role: string): Role {
	if (!Object.hasOwn(ROLE_LEVEL, role)) throw new ValidationError(`Vai trò «${role}» không hợp lệ (admin, leader, district, clerk, ministry).`);
	return role as Role;
}

function parseEmail(email: string | undefined): string | null {
	const read = readEmail(email);
	if ('problem' in read) throw new ValidationError(read.problem);
	return read.email;
}

function parseDisplayName(name: string | undefined, fallback: string): string {
	const read = readDisplayName(name, fallback);
	if ('problem' in read) throw new ValidationError(read.problem);
	return read.name;
}

/** What an account is tied to: a unit, or for a group lead a cụm thi đua of the province `unit`; nothing for the ministry. */
export interface AccountTie {
	unit: Unit | null;
	groupCode: string | null;
	/** The code an admin types and reads: the group's or the unit's. */
	code: string;
	/** The group's name or the unit's. */
	name: string;
}

/**
 * The unit a role is tied to: in the editing admin's hierarchy version and province, or,
 * on the CLI, in the newest version. Its level must match the role; a `district` user of a
 * 2-level province is tied to one of its groups instead (a group lead), by the group's
 * code (on the CLI `<province code>:<group code>` when two provinces share a code). The
 * one place that turns "role + unit code" into a tie: the account forms, the CLI and the
 * bulk import (`account-import.ts`) all call it.
 */
export async function unitForRole(db: Database, role: Role, unitCode: string | undefined, by: AccountEditor, hierarchyAsOf?: string): Promise<AccountTie> {
	const level = ROLE_LEVEL[role];
	const code = unitCode?.trim() ?? '';
	if (level === 'nation') {
		// Ministry accounts are the ministry's: made by the operator (CLI, account import) or another ministry user.
		if (by !== 'cli' && !may(by.role, 'administerNation')) throw new ForbiddenError('Chỉ Bộ Tư pháp mới tạo được tài khoản của Bộ.');
		if (code) throw new ValidationError('Tài khoản của Bộ Tư pháp không gắn với đơn vị nào: bỏ mã đơn vị.');
		return { unit: null, groupCode: null, code: '', name: NATION_NAME };
	}
	if (!code) throw new ValidationError(`Vai trò ${ROLE_LABELS[role].toLowerCase()} cần một đơn vị: mã ${LEVEL_LABELS[level]}${role === 'district' ? ' hoặc mã cụm thi đua' : ''}.`);
	let hierarchyId: number;
	if (by === 'cli') {
		// Codes are reused across versions: an old-list unit (Thái Bình 34) is reached by naming its version.
		const versions = await listHierarchies(db);
		const chosen = hierarchyAsOf === undefined ? versions.at(-1) : versions.find((h) => h.asOf === hierarchyAsOf);
		if (!chosen)
			throw new ValidationError(
				hierarchyAsOf === undefined
					? 'Chưa có danh mục đơn vị hành chính: chạy import-units trước.'
					: `Không có danh mục ngày ${hierarchyAsOf} (có: ${versions.map((h) => h.asOf).join(', ') || 'chưa có danh mục nào'}).`
			);
		hierarchyId = chosen.id;
		if (hierarchyAsOf === undefined && !(await findUnit(db, hierarchyId, code))) {
			const older = [];
			for (const h of versions.slice(0, -1)) if (await findUnit(db, h.id, code)) older.push(h.asOf);
			if (older.length)
				throw new ValidationError(
					`Không có đơn vị mã ${code} trong danh mục mới nhất (${chosen.asOf}); mã này có trong danh mục ngày ${older.join(', ')}: hãy ghi --hierarchy ${older.at(-1)}.`
				);
		}
	} else {
		hierarchyId = (await findUnitById(db, by.unitId))!.hierarchy_id;
	}
	const unit = await findUnit(db, hierarchyId, code);
	if (role === 'district' && unit?.level !== 'district') {
		const group = await groupForLead(db, hierarchyId, code, by);
		if (group) return group;
	}
	if (!unit) throw new ValidationError(`Không có đơn vị mã ${code} trong danh mục${role === 'district' ? ', cũng không có cụm thi đua mã này' : ''}.`);
	if (by !== 'cli' && unit.province_id !== by.provinceId) throw new ForbiddenError(`Đơn vị ${unit.name} không thuộc tỉnh bạn quản trị.`);
	if (unit.level !== level)
		throw new ValidationError(`Vai trò ${ROLE_LABELS[role].toLowerCase()} phải gắn với một ${LEVEL_LABELS[level]}; ${unit.name} là cấp ${LEVEL_LABELS[unit.level]}.`);
	return { unit, groupCode: null, code: unit.code, name: unit.name };
}

/** The group a group lead is tied to, by code: of the admin's province, or on the CLI of any province (`33:CUM-1` to choose). */
async function groupForLead(db: Database, hierarchyId: number, code: string, by: AccountEditor): Promise<AccountTie | null> {
	const [provinceCode, groupCode] = code.includes(':') ? code.split(':', 2) : [null, code];
	const found = (await findGroupsByCode(db, hierarchyId, groupCode)).filter((g) =>
		by === 'cli' ? provinceCode === null || g.province.code === provinceCode : g.province.id === by.provinceId
	);
	if (found.length > 1)
		throw new ValidationError(
			`Mã cụm ${groupCode} có ở nhiều tỉnh (${found.map((g) => g.province.code).join(', ')}); hãy ghi <mã tỉnh>:<mã cụm>, ví dụ ${found[0].province.code}:${groupCode}.`
		);
	return found.length ? { unit: found[0].province, groupCode: found[0].code, code: found[0].code, name: found[0].name } : null;
}

function checkNewPassword(password: string, username: string): void {
	const problem = passwordProblem(password, username);
	if (problem) throw new ValidationError(problem, [{ message: problem, field: 'password' }]);
}

/** Creates an account. On the pages, only an admin, and only for a unit of their province. */
export async function addUser(db: Database, input: AddUserInput, by: AccountEditor = 'cli') {
	if (by !== 'cli' && !may(by.role, 'administer')) throw new ForbiddenError();
	const username = normalizeUsername(input.username);
	if (usernameProblem(username)) throw new ValidationError(USERNAME_RULE);
	const role = parseRole(input.role);
	checkNewPassword(input.password, username);
	const email = parseEmail(input.email);
	const displayName = parseDisplayName(input.displayName, username);
	const tie = await unitForRole(db, role, input.unitCode, by, input.hierarchy);
	if (await findUserByUsername(db, username)) throw new ValidationError(`Tên đăng nhập ${username} đã có.`);

	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		const id = await insertUser(tx, {
			username,
			display_name: displayName,
			password_hash: passwordHash,
			role,
			unit_id: tie.unit?.id ?? null,
			group_code: tie.groupCode,
			email,
			created_at: at
		});
		await recordAudit(tx, {
			actor: editorName(by),
			userId: editorId(by),
			action: 'create_user',
			entity: 'user',
			entityId: id,
			unitId: tie.unit?.id ?? null,
			after: { username, displayName, role, unit: tie.code, email },
			at
		});
		return { id, username, role };
	});
}

/** An account an admin manages: 404 when unknown, 403 when its unit is in another province. */
export async function managedAccount(db: Database, admin: Actor, userId: number): Promise<User & { unit: Unit }> {
	if (!may(admin.role, 'administer')) throw new ForbiddenError();
	const user = Number.isSafeInteger(userId) ? await findUserById(db, userId) : undefined;
	if (!user) throw new NotFoundError('Không có tài khoản này.');
	const unit = user.unit_id === null ? undefined : await findUnitById(db, user.unit_id);
	if (!unit || unit.province_id !== admin.provinceId) throw new ForbiddenError('Tài khoản này không thuộc tỉnh bạn quản trị.');
	return { ...user, unit };
}

/** An account as its admin's page shows it. */
export interface ManagedAccountView {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	unitCode: string;
	email: string | null;
	disabled: boolean;
}

/** The account an admin manages (`managedAccount`), in the shape their page reads. */
export async function managedAccountView(db: Database, admin: Actor, userId: number): Promise<ManagedAccountView> {
	const user = await managedAccount(db, admin, userId);
	return {
		id: user.id,
		username: user.username,
		displayName: user.display_name,
		role: user.role,
		unitCode: user.unit.code,
		email: user.email,
		disabled: user.disabled_at !== null
	};
}

/** Changes an account's name, email, role and unit. An admin cannot drop their own admin role. */
export async function updateAccount(db: Database, admin: Actor, userId: number, fields: AccountFields): Promise<void> {
	const user = await managedAccount(db, admin, userId);
	const role = parseRole(fields.role);
	if (user.id === admin.userId && role !== 'admin') throw new ValidationError('Bạn không thể tự bỏ vai trò quản trị của mình; hãy nhờ một quản trị viên khác.');
	const email = parseEmail(fields.email);
	const displayName = parseDisplayName(fields.displayName, user.username);
	const tie = await unitForRole(db, role, fields.unitCode, admin);
	const before = { displayName: user.display_name, role: user.role, unit: user.group_code ?? user.unit.code, email: user.email };
	const after = { displayName, role, unit: tie.code, email };
	if (JSON.stringify(before) === JSON.stringify(after)) return;
	await db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		await updateUser(tx, user.id, { display_name: displayName, role, unit_id: tie.unit?.id ?? null, group_code: tie.groupCode, email });
		// A narrower role or another unit takes effect at once: the account signs in again.
		if (before.role !== role || before.unit !== tie.code) await deleteUserSessions(tx, user.id);
		await recordAudit(tx, {
			actor: admin.username,
			userId: admin.userId,
			action: 'update_user',
			entity: 'user',
			entityId: user.id,
			unitId: tie.unit?.id ?? null,
			before,
			after,
			at
		});
	});
}

/**
 * Disables (or re-enables) an account. Disabling ends its sessions and revokes its API tokens;
 * re-enabling also revokes any token made before the lock that is still live (an account
 * locked before locks revoked tokens), so that no old token works again. Returns how many
 * tokens were revoked.
 */
export async function setAccountDisabled(db: Database, admin: Actor, userId: number, disabled: boolean): Promise<number> {
	const user = await managedAccount(db, admin, userId);
	if (user.id === admin.userId) throw new ValidationError('Bạn không thể tự khóa tài khoản của mình.');
	if ((user.disabled_at !== null) === disabled) return 0;
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		await updateUser(tx, user.id, { disabled_at: disabled ? at : null });
		if (disabled) await deleteUserSessions(tx, user.id);
		const by = { actor: admin.username, userId: admin.userId, because: disabled ? 'disable_user' : 'enable_user', at };
		const revoked = await revokeAccountApiTokens(tx, user.id, disabled ? by : { ...by, createdBefore: user.disabled_at! });
		await recordAudit(tx, {
			actor: admin.username,
			userId: admin.userId,
			action: disabled ? 'disable_user' : 'enable_user',
			entity: 'user',
			entityId: user.id,
			unitId: user.unit.id,
			before: { disabled: user.disabled_at !== null },
			after: { disabled, revokedApiTokens: revoked },
			at
		});
		return revoked;
	});
}

/** An admin sets a new password for an account; its sessions end, its API tokens are revoked (returns how many). */
export async function resetPassword(db: Database, admin: Actor, userId: number, password: string): Promise<number> {
	const user = await managedAccount(db, admin, userId);
	checkNewPassword(password, user.username);
	const passwordHash = await hashPassword(password);
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		await updateUser(tx, user.id, { password_hash: passwordHash });
		await deleteUserSessions(tx, user.id);
		const revoked = await revokeAccountApiTokens(tx, user.id, { actor: admin.username, userId: admin.userId, because: 'reset_password', at });
		await recordAudit(tx, {
			actor: admin.username,
			userId: admin.userId,
			action: 'reset_password',
			entity: 'user',
			entityId: user.id,
			unitId: user.unit.id,
			after: { revokedApiTokens: revoked },
			at
		});
		return revoked;
	});
}

/**
 * A user changes their own password; their other sessions end, the current one stays, and
 * their API tokens are revoked (returns how many).
 */
export async function changeOwnPassword(db: Database, actor: Actor, input: { current: string; next: string; sessionToken: string | null }): Promise<number> {
	const user = await findUserById(db, actor.userId);
	if (!user || !(await verifyPassword(user.password_hash, input.current)))
		throw new ValidationError('Mật khẩu hiện tại không đúng.', [{ message: 'Mật khẩu hiện tại không đúng.', field: 'current' }]);
	checkNewPassword(input.next, user.username);
	if (input.next.normalize('NFC') === input.current.normalize('NFC'))
		throw new ValidationError('Mật khẩu mới phải khác mật khẩu hiện tại.', [{ message: 'Mật khẩu mới phải khác mật khẩu hiện tại.', field: 'next' }]);
	const passwordHash = await hashPassword(input.next);
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		// A one-time password, once replaced, no longer holds the account back.
		await updateUser(tx, user.id, { password_hash: passwordHash, must_change_password: 0 });
		await deleteUserSessions(tx, user.id, input.sessionToken === null ? null : hashSecret(input.sessionToken));
		const revoked = await revokeAccountApiTokens(tx, user.id, { actor: actor.username, userId: actor.userId, because: 'change_password', at });
		await recordAudit(tx, { actor: actor.username, userId: actor.userId, action: 'change_password', entity: 'user', entityId: user.id, after: { revokedApiTokens: revoked }, at });
		return revoked;
	});
}

/** Opting in or out of the scheduled report mail. */
export async function setOwnNotify(db: Database, actor: Actor, notify: boolean): Promise<void> {
	const user = await findUserById(db, actor.userId);
	if (!user) throw new NotFoundError('Không tìm thấy tài khoản.');
	if ((user.notify === 1) === notify) return;
	await db.transaction().execute(async (tx) => {
		await updateUser(tx, user.id, { notify: notify ? 1 : 0 });
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'set_notify',
			entity: 'user',
			entityId: user.id,
			before: { notify: user.notify === 1 },
			after: { notify }
		});
	});
}

/** The accounts of an admin's province, for the users page. */
export async function listAccounts(db: Database, admin: Actor) {
	if (!may(admin.role, 'administer')) throw new ForbiddenError();
	return listUsersOfProvince(db, admin.provinceId);
}

/** The units an admin may tie an account to: their province and everything in it (districts, if any, and communes). */
export async function assignableUnits(db: Database, admin: Actor): Promise<UnitChoice[]> {
	const own = await findUnitById(db, admin.unitId);
	if (!own) return [];
	const units = await listUnits(db, own.hierarchy_id, { provinceId: admin.provinceId });
	// A commune's district, when it has one: in a 2-level province communes sit under the province.
	const districtCodeOf = new Map(units.filter((u) => u.level === 'district').map((u) => [u.id, u.code]));
	// A 2-level province's groups, for its group leads.
	const groups = (await listProvinceGroups(db, admin.provinceId)).filter((g) => !g.ungrouped);
	return [
		...units.map((u) => ({
			code: u.code,
			name: u.name,
			level: u.level,
			districtCode: u.level === 'commune' && u.parent_id !== null ? (districtCodeOf.get(u.parent_id) ?? null) : null
		})),
		...groups.map((g) => ({ code: g.code, name: g.name, level: 'group' as const, districtCode: null }))
	];
}
