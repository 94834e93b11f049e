/**
 * Accounts at province scale (issue 22, item 3), on today's 2-level Hưng Yên (33, 104
 * communes, no districts): a clerk created on the users page; 250 accounts from one file
 * (written by exceljs, and as a CSV saved like Vietnamese Excel), previewed and confirmed
 * on the production server; one-time passwords that work once and force a change (API
 * tokens dead until then); a file with row errors writing nothing; the CLI import.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/lib/server/db';
import { tempDir } from './helpers/db';
import { browserOf } from './helpers/demo-server';
import { runCli, startServer } from './helpers/processes';

const dir = tempDir();
const DATABASE_PATH = join(dir, 'hung-yen.db');
const ADMIN = 'quantri.hy';
const ADMIN_PASSWORD = 'quan tri hung yen 2026';
const COMMUNES = readFileSync('reference/units-2026-07-25-2level.csv', 'utf8')
	.split('\n')
	.filter((line) => line.startsWith('33,'))
	.map((line) => line.split(',')[2]);

let server: Awaited<ReturnType<typeof startServer>>;
let web: ReturnType<typeof browserOf>;
let adminCookie: string;

function query<T>(sql: string, ...params: unknown[]): T[] {
	const { sqlite } = openSqlite(DATABASE_PATH, { readonly: true });
	try {
		return sqlite.prepare(sql).all(...params) as T[];
	} finally {
		sqlite.close();
	}
}

/** Posts a file to the bulk page as a browser without JavaScript does; returns the preview page's HTML. */
async function uploadAccounts(name: string, bytes: Uint8Array, cookie = adminCookie) {
	const form = new FormData();
	form.append('file', new Blob([bytes as unknown as BlobPart]), name);
	const res = await fetch(`${server.url}/quan-tri/nguoi-dung/nhap?/upload`, {
		method: 'POST',
		body: form,
		headers: { cookie, origin: server.url, accept: 'text/html' },
		redirect: 'manual'
	});
	expect(res.status, await res.clone().text()).toBe(303);
	const location = res.headers.get('location')!;
	const page = await web.get(location, cookie);
	expect(page.status).toBe(200);
	return { id: new URL(location, server.url).searchParams.get('xem')!, html: page.text };
}

/** Confirms a preview; returns the page and the credentials workbook it offers once. */
async function confirmAccounts(id: string) {
	const res = await web.post('/quan-tri/nguoi-dung/nhap?/confirm', { id }, { cookie: adminCookie });
	const base64 = /data:application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,([A-Za-z0-9+/=]+)/.exec(res.text)?.[1];
	const rows: string[][] = [];
	if (base64) {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(new Uint8Array(Buffer.from(base64, 'base64')).buffer);
		workbook.worksheets[0].eachRow((row, n) => {
			if (n > 4) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
		});
	}
	return { status: res.status, html: res.text, rows };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ');

beforeAll(async () => {
	const env = { DATABASE_PATH };
	expect((await runCli(['import-units', 'reference/units-2026-07-25-2level.csv', '--as-of', '2026-07-25'], { env })).code).toBe(0);
	expect((await runCli(['user', 'add', ADMIN, '--role', 'admin', '--unit', '33', '--name', 'Quản trị Sở Tư pháp Hưng Yên'], { env, input: ADMIN_PASSWORD })).code).toBe(0);
	server = await startServer({ DATABASE_PATH });
	web = browserOf(server.url);
	adminCookie = await web.login(ADMIN, ADMIN_PASSWORD);
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

describe('the users page of a 2-level province', () => {
	it('lists the communes under the province and creates a clerk for one of them', async () => {
		expect(COMMUNES).toHaveLength(104);
		const page = await web.get('/quan-tri/nguoi-dung', adminCookie);
		const options = [...page.text.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
		expect(options).toEqual(['33', ...[...COMMUNES].sort()]);
		const res = await web.post(
			'/quan-tri/nguoi-dung?/create',
			{ username: 'canbo.mot', displayName: 'Cán bộ một', role: 'clerk', unitCode: COMMUNES[0], email: '', password: 'mot mat khau rat dai' },
			{ cookie: adminCookie }
		);
		expect(res.status).toBe(200);
		expect(text(res.text)).toContain('Đã tạo tài khoản canbo.mot');
		const [row] = query<{ code: string; must_change_password: number }>(
			"select n.code, u.must_change_password from users u join units n on n.id = u.unit_id where u.username = 'canbo.mot'"
		);
		expect(row).toEqual({ code: COMMUNES[0], must_change_password: 0 });
		// The account can be saved again (the old form failed: «Tỉnh Hưng Yên là cấp tỉnh»).
		const id = query<{ id: number }>("select id from users where username = 'canbo.mot'")[0].id;
		const saved = await web.post(`/quan-tri/nguoi-dung/${id}?/update`, { displayName: 'Cán bộ Một', role: 'clerk', unitCode: COMMUNES[1], email: '' }, { cookie: adminCookie });
		expect(text(saved.text)).toContain('Đã lưu thông tin tài khoản.');
	});
});

describe('250 accounts in one file', () => {
	it('previews and confirms an .xlsx from another program (first sheet, title above the header, codes as numbers)', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Sheet1');
		sheet.addRow(['DANH SÁCH CÁN BỘ ĐƯỢC CẤP TÀI KHOẢN']);
		sheet.addRow(['STT', 'Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Mã đơn vị', 'Email', 'Ghi chú']);
		let n = 0;
		const add = (username: string, name: string, role: string, unit: string | number, email = '') => sheet.addRow([++n, username, name, role, unit, email, '']);
		for (const code of COMMUNES) add(`hotich.${code}`, `Cán bộ hộ tịch xã ${code}`, 'Cán bộ xã', Number(code), `hotich.${code}@hungyen.gov.vn`);
		for (const code of COMMUNES) add(`congan.${code}`, `Công an xã ${code}`, 'clerk', code);
		for (const code of COMMUNES.slice(0, 40)) add(`phochutich.${code}`, `Phó Chủ tịch UBND xã ${code}`, 'cán bộ xã', code);
		add('lanhdao.hy', 'Giám đốc Sở Tư pháp', 'Lãnh đạo', 33);
		add('quantri2.hy', 'Chuyên viên Sở', 'quản trị', '33');
		expect(n).toBe(250);

		const before = Date.now();
		const preview = await uploadAccounts('can-bo-hung-yen.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
		const previewMs = Date.now() - before;
		expect(text(preview.html)).toContain('Tệp tạo 250 tài khoản');
		expect(query('select * from users where username like ?', 'hotich.%')).toEqual([]);

		const started = Date.now();
		const confirmed = await confirmAccounts(preview.id);
		const confirmMs = Date.now() - started;
		console.log(`250 accounts (.xlsx): preview ${previewMs} ms, confirm ${confirmMs} ms`);
		expect(confirmed.status).toBe(200);
		expect(text(confirmed.html)).toContain('Đã tạo 250 tài khoản');
		expect(confirmed.rows).toHaveLength(250);
		expect(confirmed.rows[0].slice(0, 3)).toEqual(['1', `Cán bộ hộ tịch xã ${COMMUNES[0]}`, `hotich.${COMMUNES[0]}`]);
		const passwords = confirmed.rows.map((r) => r[3]);
		expect(new Set(passwords).size).toBe(250);
		for (const p of passwords) expect(p).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
		// One printable slip per person, with the site address and the one-time password.
		expect(confirmed.html.match(/<article class="slip/g)).toHaveLength(250);
		expect(confirmed.html).toContain(passwords[249]);

		const users = query<{ role: string; code: string; must_change_password: number; password_hash: string }>(
			'select u.role, n.code, u.must_change_password, u.password_hash from users u join units n on n.id = u.unit_id where u.created_at = (select max(created_at) from users)'
		);
		expect(users).toHaveLength(250);
		expect(users.every((u) => u.must_change_password === 1 && u.password_hash.startsWith('$argon2id$'))).toBe(true);
		expect(users.filter((u) => u.role === 'clerk').map((u) => u.code)).toContain(COMMUNES[103]);
		// Nothing of the passwords is stored in clear: not in the preview, not in the audit.
		const stored =
			JSON.stringify(query('select accounts, problems from account_imports')) +
			JSON.stringify(query("select before, after from audit_log where action in ('create_user', 'import_users')"));
		for (const p of passwords.slice(0, 20)) expect(stored).not.toContain(p);
		expect(query<{ n: number }>("select count(*) as n from audit_log where action = 'create_user' and actor = ?", ADMIN)[0].n).toBe(251);
		expect(query("select after from audit_log where action = 'import_users'")).toEqual([{ after: JSON.stringify({ file: 'can-bo-hung-yen.xlsx', accounts: 250 }) }]);

		// A second confirmation creates nothing more.
		const again = await confirmAccounts(preview.id);
		expect(again.status).toBe(409);

		// The one-time password works once, then only to change it.
		const username = `hotich.${COMMUNES[5]}`;
		const oneTime = confirmed.rows.find((r) => r[2] === username)![3];
		const token = (await runCli(['token', 'create', username], { env: { DATABASE_PATH } })).stdout.trim();
		const api = await fetch(`${server.url}/api/v1/campaigns`, { headers: { authorization: `Bearer ${token}` } });
		expect(api.status).toBe(401);
		const login = await web.post('/dang-nhap', { username, password: oneTime });
		expect(login.location).toBe('/doi-mat-khau');
		const cookie = /tiendo_session=[^;]+/.exec(login.setCookie!)![0];
		expect((await web.get('/', cookie)).location).toBe('/doi-mat-khau');
		expect((await web.get('/tai-khoan', cookie)).location).toBe('/doi-mat-khau');
		expect((await web.post('/tai-khoan?/notify', { notify: 'on' }, { cookie })).status).toBe(403);
		const form = await web.get('/doi-mat-khau', cookie);
		expect(text(form.text)).toContain('mật khẩu dùng một lần do quản trị viên cấp');
		const same = await web.post('/doi-mat-khau', { current: oneTime, next: oneTime }, { cookie });
		expect(text(same.text)).toContain('Mật khẩu mới phải khác mật khẩu hiện tại.');
		const changed = await web.post('/doi-mat-khau', { current: oneTime, next: 'mat khau rieng cua toi' }, { cookie });
		expect(changed.location).toBe('/');
		expect((await web.get('/tai-khoan', cookie)).status).toBe(200);
		expect((await web.post('/dang-nhap', { username, password: oneTime })).status).toBe(400);
		expect((await web.post('/dang-nhap', { username, password: 'mat khau rieng cua toi' })).location).toBe('/');
		// The users page shows the last login.
		const list = text((await web.get('/quan-tri/nguoi-dung', adminCookie)).text);
		expect(list).toContain('Chờ đổi mật khẩu dùng một lần');
		expect(list).toMatch(new RegExp(`${username.replace('.', '\\.')} .*?\\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4}`));
		expect(query<{ last_login_at: string | null }>('select last_login_at from users where username = ?', username)[0].last_login_at).not.toBeNull();
	}, 120_000);

	it('previews and confirms a CSV saved like Vietnamese Excel (UTF-8 with BOM, `;`)', async () => {
		const lines = ['username;fullName;role;unit;email'];
		for (let i = 0; i < 250; i++) lines.push(`csv.${i};"Nguyễn Văn ${i}; tổ ${i % 7}";${i % 2 ? 'cán bộ xã' : 'clerk'};${COMMUNES[i % 104]};`);
		const csv = '\ufeff' + lines.join('\r\n') + '\r\n';
		const preview = await uploadAccounts('tai-khoan.csv', new TextEncoder().encode(csv));
		expect(text(preview.html)).toContain('Tệp tạo 250 tài khoản');
		const confirmed = await confirmAccounts(preview.id);
		expect(confirmed.rows).toHaveLength(250);
		expect(query<{ display_name: string }>("select display_name from users where username = 'csv.3'")).toEqual([{ display_name: 'Nguyễn Văn 3; tổ 3' }]);
		expect(query<{ n: number }>("select count(*) as n from users where username like 'csv.%' and must_change_password = 1")[0].n).toBe(250);
	}, 120_000);

	it('writes nothing from a file with row errors, and names each error', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Tài khoản');
		sheet.addRow(['username', 'fullName', 'role', 'unit', 'email']);
		sheet.addRow(['tot.1', 'Người tốt', 'clerk', COMMUNES[0], '']);
		sheet.addRow(['Sai Tên', 'B', 'clerk', COMMUNES[0], '']);
		sheet.addRow(['tot.2', 'C', 'bí thư', COMMUNES[0], '']);
		sheet.addRow(['tot.3', 'D', 'clerk', '99999', '']);
		sheet.addRow(['tot.4', 'E', 'clerk', '00004', '']); // Ba Đình, Hà Nội: another province
		sheet.addRow(['tot.5', 'F', 'clerk', '33', '']);
		sheet.addRow([ADMIN, 'G', 'admin', '33', '']);
		sheet.addRow(['tot.6', 'H', 'leader', '33', 'khong-phai-email']);
		const users = query<{ n: number }>('select count(*) as n from users')[0].n;
		const audit = query<{ n: number }>('select count(*) as n from audit_log')[0].n;
		const preview = await uploadAccounts('loi.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
		const page = text(preview.html);
		expect(page).toContain('Tệp có 7 lỗi; không tài khoản nào được tạo.');
		for (const expected of [
			'trang tính «Tài khoản», dòng 3, cột «A (username)»: «sai tên»: tên đăng nhập gồm 3–64 ký tự',
			'trang tính «Tài khoản», dòng 4, cột «C (role)»: vai trò «bí thư» không hợp lệ',
			'trang tính «Tài khoản», dòng 5, cột «D (unit)»: Không có đơn vị mã 99999 trong danh mục.',
			'trang tính «Tài khoản», dòng 6, cột «D (unit)»: Đơn vị Phường Ba Đình không thuộc tỉnh bạn quản trị.',
			'trang tính «Tài khoản», dòng 7, cột «D (unit)»: Vai trò cán bộ xã phải gắn với một xã; Tỉnh Hưng Yên là cấp tỉnh.',
			`trang tính «Tài khoản», dòng 8, cột «A (username)»: tên đăng nhập ${ADMIN} đã có trong hệ thống.`,
			'trang tính «Tài khoản», dòng 9, cột «E (email)»: Địa chỉ email «khong-phai-email» không hợp lệ.'
		])
			expect(page).toContain(expected);
		expect(page).not.toContain('Xác nhận tạo');
		const confirm = await confirmAccounts(preview.id);
		expect(confirm.status).toBe(400);
		expect(text(confirm.html)).toContain('còn 7 lỗi; không tài khoản nào được tạo');
		expect(query<{ n: number }>('select count(*) as n from users')[0].n).toBe(users);
		expect(query<{ n: number }>('select count(*) as n from audit_log')[0].n).toBe(audit);
	});
});

describe('npm run cli -- user import', () => {
	it('creates the accounts and writes their one-time passwords next to the file', async () => {
		const env = { DATABASE_PATH };
		const file = join(dir, 'can-bo.csv');
		writeFileSync(
			file,
			'\ufeffTên đăng nhập;Họ và tên;Vai trò;Mã đơn vị;Email\r\ncli.1;Lê Thị Một;Cán bộ xã;' + COMMUNES[10] + ';\r\ncli.2;Trần Văn Hai;lãnh đạo;33;hai@hungyen.gov.vn\r\n'
		);
		const result = await runCli(['user', 'import', file], { env });
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const out = join(dir, 'can-bo-mat-khau.xlsx');
		expect(result.stdout).toBe(
			`Đã tạo 2 tài khoản (1 cán bộ xã, 1 lãnh đạo).\nMật khẩu dùng một lần ở tệp ${out} (chỉ lần này; hệ thống chỉ lưu bản băm). Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.\n`
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(out);
		const row = workbook.worksheets[0].getRow(5).values as unknown[];
		expect(row.slice(1, 4)).toEqual([1, 'Lê Thị Một', 'cli.1']);
		const login = await web.post('/dang-nhap', { username: 'cli.1', password: String(row[4]) });
		expect(login.location).toBe('/doi-mat-khau');
		expect(query("select actor from audit_log where action = 'import_users' and actor = 'cli'")).toHaveLength(1);

		// Run again: the usernames are taken, nothing is written, the rows are named.
		const again = await runCli(['user', 'import', file, '--out', join(dir, 'lan-hai.xlsx')], { env });
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('Tệp ' + file + ' có 2 lỗi; không tài khoản nào được tạo.');
		expect(again.stderr).toContain('dòng 2, cột «A (Tên đăng nhập)»: tên đăng nhập cli.1 đã có trong hệ thống.');
	}, 60_000);
});
