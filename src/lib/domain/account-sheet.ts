/**
 * Accounts: the rules every way of creating one shares (username, email, name), and the
 * reading of a file of accounts (DESIGN §8 `user import`): columns username, fullName,
 * role, unit, email or their Vietnamese headers, in any order. Every problem says where it
 * is (sheet, row, column). Pure: the cells come from the workbook worker or the CSV parser.
 */
import { ROLE_LEVEL, type Role } from './access';
import { cellText, columnLetter, HEADER_SEARCH_ROWS, sheetLayout, type RawCell, type SheetRow } from './sheet-layout';
import type { Problem } from './errors';
import { formatCount } from './format';
import { searchKey } from './text';

export const USERNAME_RULE = 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.';
export const MAX_ACCOUNTS_PER_FILE = 2_000;
/** The template's sheet; a file from another program is read from its first sheet. */
export const ACCOUNT_SHEET = 'Tài khoản';

export function normalizeUsername(value: string): string {
	return value.trim().toLowerCase();
}

/** Why a username (already normalized) is refused, or null. */
export function usernameProblem(username: string): string | null {
	return /^[a-z0-9._-]{3,64}$/.test(username) ? null : USERNAME_RULE;
}

/** An email address or null when blank; what is wrong with it otherwise. */
export function readEmail(value: string | undefined): { email: string | null } | { problem: string } {
	const email = value?.trim() ?? '';
	if (email === '') return { email: null };
	if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { problem: `Địa chỉ email «${email}» không hợp lệ.` };
	return { email };
}

/** A person's name as shown, or what is wrong with it; blank gives `fallback`. */
export function readDisplayName(value: string | undefined, fallback: string): { name: string } | { problem: string } {
	const name = (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
	if (name.length > 100) return { problem: 'Họ tên dài tối đa 100 ký tự.' };
	return { name: name || fallback };
}

/** The roles as a file may write them: the code or its Vietnamese name. */
const ROLE_WORDS = new Map<string, Role>([
	['admin', 'admin'],
	['quan tri', 'admin'],
	['quan tri vien', 'admin'],
	['leader', 'leader'],
	['lanh dao', 'leader'],
	['district', 'district'],
	['cap huyen/cum', 'district'],
	['cap huyen', 'district'],
	['cap cum', 'district'],
	['truong cum', 'district'],
	['truong cum thi dua', 'district'],
	['clerk', 'clerk'],
	['can bo xa', 'clerk'],
	['ministry', 'ministry'],
	['bo tu phap', 'ministry']
]);

export const ROLE_CHOICES = 'admin, leader, district, clerk, ministry hoặc quản trị, lãnh đạo, cấp huyện/cụm, cán bộ xã, Bộ Tư pháp';

export function readRole(value: string): Role | null {
	return ROLE_WORDS.get(searchKey(value).replace(/\s*\/\s*/g, '/')) ?? null;
}

export type Field = 'username' | 'fullName' | 'role' | 'unit' | 'email';

/** The headers a file may use, English or Vietnamese, compared without case or diacritics. */
const HEADER_WORDS = new Map<string, Field>([
	['username', 'username'],
	['ten dang nhap', 'username'],
	['fullname', 'fullName'],
	['full name', 'fullName'],
	['ho va ten', 'fullName'],
	['ho ten', 'fullName'],
	['role', 'role'],
	['vai tro', 'role'],
	['unit', 'unit'],
	['unit code', 'unit'],
	['ma don vi', 'unit'],
	['email', 'email'],
	['e-mail', 'email'],
	['thu dien tu', 'email']
]);

/** The template's headers, in its column order. */
export const ACCOUNT_HEADERS: Record<Field, string> = {
	username: 'Tên đăng nhập',
	fullName: 'Họ và tên',
	role: 'Vai trò',
	unit: 'Mã đơn vị',
	email: 'Email'
};

export interface AccountRow {
	row: number;
	username: string;
	displayName: string;
	role: Role;
	unitCode: string;
	email: string | null;
}

export interface ReadAccounts {
	accounts: AccountRow[];
	problems: Problem[];
	/** How problems name each column: its letter and its header as the file writes it. */
	columns: Partial<Record<Field, string>>;
	/** What the layout left out: an STT column, title, blank and total rows. */
	skipped: string[];
}

/** Excel drops leading zeros: a number is padded to the width of the role's unit code. */
const CODE_WIDTH = { nation: 0, province: 2, district: 3, commune: 5 } as const;

function unitCode(cell: RawCell, role: Role | null): string {
	const text = cellText(cell);
	if (typeof cell === 'number' && role && /^\d+$/.test(text)) return text.padStart(CODE_WIDTH[ROLE_LEVEL[role]], '0');
	return text;
}

/** Whether a row is an accounts file's header: it has a username column. */
export function isAccountHeader(labels: string[]): boolean {
	return labels.some((l) => HEADER_WORDS.get(searchKey(l)) === 'username');
}

/**
 * Reads a sheet of accounts. The header is the first row, among the first ones, with a
 * username column (`sheet-layout.ts`); title, blank and total rows and an STT column are
 * left out and listed in `skipped`.
 */
export function readAccountSheet(rows: SheetRow[], where: { sheet?: string } = {}): ReadAccounts {
	const problems: Problem[] = [];
	const at = (row: number | undefined, column: string | undefined, message: string) => problems.push({ sheet: where.sheet, row, column, message });
	const layout = sheetLayout({ isHeader: isAccountHeader });
	let header: SheetRow | undefined;
	const body: SheetRow[] = [];
	for (const r of rows) {
		const role = layout.take(r);
		if (role === 'header') header = r;
		else if (role === 'data') body.push(r);
		else if (role === 'beyond') break;
	}
	if (!header) {
		at(
			rows[0]?.row,
			undefined,
			`không tìm thấy dòng tiêu đề trong ${HEADER_SEARCH_ROWS} dòng đầu: cần các cột ${Object.values(ACCOUNT_HEADERS).join(', ')} (hoặc username, fullName, role, unit, email).`
		);
		return { accounts: [], problems, columns: {}, skipped: [] };
	}
	const columns = new Map<Field, number>();
	header.cells.forEach((c, index) => {
		const label = cellText(c);
		const field = HEADER_WORDS.get(searchKey(label));
		if (!field) return; // other columns (STT, a note, a phone number) are left alone
		if (columns.has(field)) at(header.row, columnLetter(index), `cột «${label}» xuất hiện hai lần.`);
		columns.set(field, index);
	});
	for (const field of ['username', 'role', 'unit'] as const) {
		if (!columns.has(field)) at(header.row, undefined, `thiếu cột «${ACCOUNT_HEADERS[field]}».`);
	}
	const labels: Partial<Record<Field, string>> = {};
	for (const [field, index] of columns) labels[field] = `${columnLetter(index)} (${cellText(header.cells[index])})`;
	const skipped = layout.skipped();
	if (problems.length) return { accounts: [], problems, columns: labels, skipped };

	if (body.length === 0) at(header.row, undefined, 'tệp không có dòng tài khoản nào dưới dòng tiêu đề.');
	if (body.length > MAX_ACCOUNTS_PER_FILE) {
		at(undefined, undefined, `tệp có ${formatCount(body.length)} tài khoản, vượt mức ${formatCount(MAX_ACCOUNTS_PER_FILE)} tài khoản một lần; hãy chia thành nhiều tệp.`);
		return { accounts: [], problems, columns: labels, skipped };
	}
	const letter = (field: Field) => labels[field]!;
	const cell = (r: SheetRow, field: Field): RawCell => (columns.has(field) ? (r.cells[columns.get(field)!] ?? null) : null);
	const firstRowOf = new Map<string, number>();
	const accounts: AccountRow[] = [];
	for (const r of body) {
		const before = problems.length;
		const username = normalizeUsername(cellText(cell(r, 'username')));
		if (username === '') at(r.row, letter('username'), 'thiếu tên đăng nhập.');
		else if (usernameProblem(username)) at(r.row, letter('username'), `«${username}»: ${USERNAME_RULE.charAt(0).toLowerCase()}${USERNAME_RULE.slice(1)}`);
		else if (firstRowOf.has(username)) at(r.row, letter('username'), `tên đăng nhập ${username} trùng với dòng ${firstRowOf.get(username)}.`);
		else firstRowOf.set(username, r.row);

		const roleText = cellText(cell(r, 'role'));
		const role = readRole(roleText);
		if (roleText === '') at(r.row, letter('role'), `thiếu vai trò (${ROLE_CHOICES}).`);
		else if (!role) at(r.row, letter('role'), `vai trò «${roleText}» không hợp lệ (${ROLE_CHOICES}).`);

		const code = unitCode(cell(r, 'unit'), role);
		// A ministry account is tied to no unit (issue 29).
		if (code === '' && role !== 'ministry') at(r.row, letter('unit'), 'thiếu mã đơn vị.');

		const email = readEmail(cellText(cell(r, 'email')));
		if ('problem' in email) at(r.row, letter('email'), email.problem);
		const name = readDisplayName(cellText(cell(r, 'fullName')), username);
		if ('problem' in name) at(r.row, columns.has('fullName') ? letter('fullName') : undefined, name.problem);

		if (problems.length === before && role && 'email' in email && 'name' in name) {
			accounts.push({ row: r.row, username, displayName: name.name, role, unitCode: code, email: email.email });
		}
	}
	return { accounts, problems, columns: labels, skipped };
}
