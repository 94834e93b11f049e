/**
 * Accounts in bulk (issue 22, item 3; DESIGN §8 `user import`): a file of accounts is read
 * and checked (each row's unit through `unitForRole`, like the single-account form), shown
 * as a preview, then created all or nothing. Each new account gets a random one-time
 * password that must be changed at first login; the passwords are returned once, to be
 * printed or saved, and stored only hashed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { may, ROLE_LEVEL } from '$lib/domain/access';
import { ACCOUNT_HEADERS, ACCOUNT_SHEET, isAccountHeader, readAccountSheet, type AccountRow, type Field } from '$lib/domain/account-sheet';
import type { SheetRow } from '$lib/domain/count-sheet';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type Problem } from '$lib/domain/errors';
import { formatCount } from '$lib/domain/format';
import { ROLE_LABELS } from '$lib/domain/labels';
import { roleLabel, wordsOfMiddle } from '$lib/domain/levels';
import type { Actor } from '$lib/domain/access';
import { recordAudit } from '../audit/repository';
import type { Database } from '../db';
import { readUploadRows } from '../ingest/read';
import { unitForRole, type AccountEditor } from './accounts';
import { hashPassword } from './passwords';
import { findAccountImport, insertAccountImport, insertUser, markAccountImportConfirmed, takenUsernames } from './users';
import type { Credential } from '$reports/credentials';

export interface AccountFile {
	name: string;
	bytes: Uint8Array;
}

/** An account the file creates, its unit resolved. */
export interface CheckedAccount extends AccountRow {
	unitId: number | null; // null: a ministry account (issue 29)
	/** A group lead's group. */
	groupCode: string | null;
	unitName: string;
}

export interface CheckedAccounts {
	fileName: string;
	accounts: CheckedAccount[];
	problems: Problem[];
}

/** A checked file waits this long for its confirmation. */
const PREVIEW_HOURS = 24;

/** The rows of the file, read in the upload worker: the template's sheet, or the sheet with its columns (or else the first) of a file from another program. */
async function readRows(file: AccountFile): Promise<{ rows: SheetRow[]; sheet?: string }> {
	const rows: SheetRow[] = [];
	const { sheet } = await readUploadRows(file, ACCOUNT_SHEET, (row) => rows.push(row), undefined, { isHeader: isAccountHeader, restart: () => (rows.length = 0) });
	return { rows, sheet };
}

/**
 * Reads and checks a file of accounts: its cells, then each row against the database
 * (the username free, the unit one the editor may tie that role to). Writes nothing.
 */
export async function checkAccountFile(db: Database, by: AccountEditor, file: AccountFile, hierarchyAsOf?: string): Promise<CheckedAccounts> {
	if (by !== 'cli' && !may(by.role, 'administer')) throw new ForbiddenError();
	const { rows, sheet } = await readRows(file);
	const read = readAccountSheet(rows, { sheet });
	const problems = [...read.problems];
	const taken = await takenUsernames(
		db,
		read.accounts.map((a) => a.username)
	);
	const accounts: CheckedAccount[] = [];
	for (const account of read.accounts) {
		const at = (field: Field, message: string) => problems.push({ sheet, row: account.row, column: read.columns[field] ?? ACCOUNT_HEADERS[field], message });
		if (taken.has(account.username)) {
			at('username', `tên đăng nhập ${account.username} đã có trong hệ thống.`);
			continue;
		}
		try {
			const tie = await unitForRole(db, account.role, account.unitCode, by, hierarchyAsOf);
			accounts.push({ ...account, unitId: tie.unit?.id ?? null, groupCode: tie.groupCode, unitName: tie.name });
		} catch (e) {
			if (!(e instanceof ValidationError || e instanceof ForbiddenError)) throw e;
			at('unit', e.message);
		}
	}
	problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
	return { fileName: file.name, accounts, problems };
}

/** Keeps a checked file for its confirmation on the page; returns its id. */
export async function savePreview(db: Database, admin: Actor, checked: CheckedAccounts): Promise<string> {
	const id = randomBytes(16).toString('base64url');
	await insertAccountImport(db, {
		id,
		user_id: admin.userId,
		file_name: checked.fileName,
		accounts: JSON.stringify(checked.accounts),
		problems: JSON.stringify(checked.problems),
		created_at: new Date().toISOString()
	});
	return id;
}

/** A checked file, as its admin sees it before confirming. */
export async function loadPreview(db: Database, admin: Actor, id: string): Promise<CheckedAccounts & { id: string; confirmed: boolean }> {
	const row = await findAccountImport(db, id);
	if (!row || row.user_id !== admin.userId) throw new NotFoundError('Không có tệp tài khoản này (hoặc nó do người khác gửi).');
	return {
		id,
		fileName: row.file_name,
		accounts: JSON.parse(row.accounts) as CheckedAccounts['accounts'],
		problems: JSON.parse(row.problems) as CheckedAccounts['problems'],
		confirmed: row.confirmed_at !== null
	};
}

/** An easy-to-read random password: 3 groups of 4 from 31 unambiguous characters (about 59 bits). */
export function oneTimePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(''));
	return groups.join('-');
}

/** Hashes many passwords a few at a time (argon2 runs on libuv's threads). */
async function hashAll(passwords: string[]): Promise<string[]> {
	const hashes = new Array<string>(passwords.length);
	let next = 0;
	const lane = async () => {
		while (next < passwords.length) {
			const i = next++;
			hashes[i] = await hashPassword(passwords[i]);
		}
	};
	await Promise.all(Array.from({ length: 4 }, lane));
	return hashes;
}

/**
 * Creates the accounts of a checked file in one transaction (all or nothing), each with a
 * one-time password, and returns them with their passwords: the only time these exist in
 * clear. `previewId`: the page's checked file, marked confirmed in the same transaction.
 */
export async function createAccounts(db: Database, by: AccountEditor, checked: CheckedAccounts, previewId?: string): Promise<Credential[]> {
	if (by !== 'cli' && !may(by.role, 'administer')) throw new ForbiddenError();
	if (checked.problems.length > 0)
		throw new ValidationError(`Tệp ${checked.fileName} còn ${formatCount(checked.problems.length)} lỗi; không tài khoản nào được tạo.`, checked.problems);
	if (checked.accounts.length === 0) throw new ValidationError(`Tệp ${checked.fileName} không có tài khoản nào để tạo.`);
	const passwords = checked.accounts.map(() => oneTimePassword());
	const hashes = await hashAll(passwords);
	const actor = by === 'cli' ? 'cli' : by.username;
	const userId = by === 'cli' ? null : by.userId;
	await db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		if (previewId !== undefined && !(await markAccountImportConfirmed(tx, previewId, at))) throw new ConflictError('Tệp này đã được xác nhận; các tài khoản đã được tạo.');
		const taken = await takenUsernames(
			tx,
			checked.accounts.map((a) => a.username)
		);
		if (taken.size > 0) throw new ConflictError(`Tên đăng nhập ${[...taken].join(', ')} vừa được tạo ở nơi khác; hãy gửi lại tệp. Không tài khoản nào được tạo.`);
		const entries = [];
		for (const [i, a] of checked.accounts.entries()) {
			const id = await insertUser(tx, {
				username: a.username,
				display_name: a.displayName,
				password_hash: hashes[i],
				role: a.role,
				unit_id: a.unitId,
				group_code: a.groupCode ?? null,
				email: a.email,
				created_at: at,
				must_change_password: 1
			});
			entries.push({
				actor,
				userId,
				action: 'create_user',
				entity: 'user',
				entityId: id,
				unitId: a.unitId,
				after: { username: a.username, displayName: a.displayName, role: a.role, unit: a.unitCode, email: a.email, oneTimePassword: true, file: checked.fileName },
				at
			});
		}
		entries.push({
			actor,
			userId,
			action: 'import_users',
			entity: 'account_import',
			entityId: previewId ?? null,
			unitId: null,
			after: { file: checked.fileName, accounts: checked.accounts.length },
			at
		});
		await recordAudit(tx, ...entries);
	});
	return checked.accounts.map((a, i) => ({
		username: a.username,
		displayName: a.displayName,
		role: roleLabel(a.role, wordsOfMiddle(a.groupCode ? 'group' : 'district')),
		unitCode: a.unitCode,
		unitName: a.unitName,
		email: a.email,
		password: passwords[i]
	}));
}

/** Confirms a checked file from the page: re-read from the database, created all or nothing. */
export async function confirmPreview(db: Database, admin: Actor, id: string): Promise<Credential[]> {
	const preview = await loadPreview(db, admin, id);
	if (preview.confirmed) throw new ConflictError('Tệp này đã được xác nhận; các tài khoản đã được tạo.');
	const row = await findAccountImport(db, id);
	if (Date.now() - Date.parse(row!.created_at) > PREVIEW_HOURS * 3_600_000) throw new ValidationError('Bản xem trước đã quá 24 giờ; hãy gửi lại tệp.');
	return createAccounts(db, admin, preview, id);
}

/** For the CLI's summary: how many accounts of each role. */
export function countByRole(accounts: { role: keyof typeof ROLE_LEVEL }[]): string {
	const counts = new Map<string, number>();
	for (const a of accounts) counts.set(a.role, (counts.get(a.role) ?? 0) + 1);
	return [...counts].map(([role, n]) => `${formatCount(n)} ${ROLE_LABELS[role as keyof typeof ROLE_LABELS].toLowerCase()}`).join(', ');
}
