/**
 * Entering counts on the production server: the commune form without JavaScript (a
 * resent form counts once), uploads over HTTP (413 above the limit; the server keeps
 * serving while a hostile file is read; limits on uploads at once and kept pending), the
 * history page and its workbook, the quality flags, and the form and upload in a real browser.
 */
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, PHONE, signIn, watchProblems } from './helpers/browser';
import { browserOf, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';
import { addUser } from '../src/lib/server/auth/accounts';
import { PENDING_UPLOAD_LIMITS } from '../src/lib/domain/limits';
import { HOSTILE_REFUSALS, hostileFiles } from './helpers/hostile';
import { bytesOf, templateOf } from './helpers/uploads';
import { gzipSync } from 'node:zlib';

let s: Awaited<ReturnType<typeof startDemoServer>>;
let b: ReturnType<typeof browserOf>;
let browser: Browser;
const cookies: Record<string, string> = {};
const DOT = '/dot/thaibinh-186';

beforeAll(async () => {
	[s, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
	b = browserOf(s.url);
	for (const user of ['canbo.13192', 'vuthu', 'lanhdao', 'quantri']) cookies[user] = await b.login(user);
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await s?.stop();
});

const reportCount = async () =>
	Number(
		(
			await s.db
				.selectFrom('reports')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
async function currentValue(commune: string, recordType: string) {
	const row = await s.db
		.selectFrom('current_values as v')
		.innerJoin('units as u', 'u.id', 'v.commune_id')
		.select('v.cumulative')
		.where('u.code', '=', commune)
		.where('v.record_type', '=', recordType)
		.executeTakeFirst();
	return row?.cumulative ?? 0;
}

const pendingCount = async () =>
	Number(
		(
			await s.db
				.selectFrom('uploads')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('confirmed_at', 'is', null)
				.executeTakeFirstOrThrow()
		).n
	);

/** Posts a file as a browser without JavaScript does. */
async function upload(user: string, name: string, bytes: Uint8Array, kind = 'reports') {
	const form = new FormData();
	form.set('kind', kind);
	form.set('file', new Blob([bytes as unknown as BlobPart]), name);
	const res = await fetch(`${s.url}${DOT}/nhap?/upload`, {
		method: 'POST',
		body: form,
		headers: { cookie: cookies[user], origin: s.url, accept: 'text/html' },
		redirect: 'manual'
	});
	return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('the commune form without JavaScript', () => {
	it('previews before → after, then writes once however often the confirmation is sent', async () => {
		const page = await b.get(`${DOT}/nhap/13192`, cookies['canbo.13192']);
		const key = /name="key" value="([^"]+)"/.exec(page.text)![1];
		const before = await currentValue('13192', 'ket_hon');
		const fields = { key, mode: 'delta', 'v:ket_hon': '12', note: '' };
		const preview = await b.post(`${DOT}/nhap/13192?/preview`, fields, { cookie: cookies['canbo.13192'] });
		expect(preview.status).toBe(200);
		expect(preview.text).toContain('Kiểm tra trước khi gửi');
		expect(preview.text).toContain((before + 12).toLocaleString('vi-VN'));
		expect(await currentValue('13192', 'ket_hon')).toBe(before);

		const reports = await reportCount();
		// A double tap, then the back button resending the form: the same key each time.
		const [first, second] = await Promise.all([
			b.post(`${DOT}/nhap/13192?/confirm`, fields, { cookie: cookies['canbo.13192'] }),
			b.post(`${DOT}/nhap/13192?/confirm`, fields, { cookie: cookies['canbo.13192'] })
		]);
		const third = await b.post(`${DOT}/nhap/13192?/confirm`, fields, { cookie: cookies['canbo.13192'] });
		expect([first.status, second.status, third.status]).toEqual([303, 303, 303]);
		expect([first.location, second.location].sort()).toEqual([`${DOT}/nhap/13192?da-ghi=1`, `${DOT}/nhap/13192?da-ghi=1&lap-lai`]);
		expect(third.location).toBe(`${DOT}/nhap/13192?da-ghi=1&lap-lai`);
		expect(await reportCount()).toBe(reports + 1);
		expect(await currentValue('13192', 'ket_hon')).toBe(before + 12);
		expect((await b.get(third.location!, cookies['canbo.13192'])).text).toContain('đã được ghi từ lần gửi trước');
	});

	it('shows each problem beside its field and writes nothing', async () => {
		const page = await b.get(`${DOT}/nhap/13192`, cookies['canbo.13192']);
		const key = /name="key" value="([^"]+)"/.exec(page.text)![1];
		const before = await currentValue('13192', 'khai_tu');
		const res = await b.post(`${DOT}/nhap/13192?/confirm`, { key, mode: 'cumulative', 'v:khai_tu': String(before - 1), 'v:khai_sinh': '12,5' }, { cookie: cookies['canbo.13192'] });
		expect(res.status).toBe(400);
		expect(res.text).toContain('Khai sinh: «12,5» không rõ nghĩa');
		const lower = await b.post(`${DOT}/nhap/13192?/confirm`, { key, mode: 'cumulative', 'v:khai_tu': String(before - 1) }, { cookie: cookies['canbo.13192'] });
		expect(lower.text).toContain(`Khai tử: giá trị ${(before - 1).toLocaleString('vi-VN')} thấp hơn trước`);
		expect(await currentValue('13192', 'khai_tu')).toBe(before);
	});
});

describe('uploads over HTTP', () => {
	it('reads a file, shows the preview page and confirms it', async () => {
		const { workbook } = await templateOf(s.db, 'vuthu');
		const sheet = workbook.getWorksheet('Số liệu')!;
		const before = Number(sheet.getRow(6).getCell(4).value);
		sheet.getRow(6).getCell(4).value = before + 5;
		const res = await upload('vuthu', 'Vũ Thư.xlsx', await bytesOf(workbook));
		expect(res.status).toBe(303);
		expect(res.location).toMatch(new RegExp(`^${DOT}/nhap/tep/[0-9a-f-]{36}#xem-truoc$`));
		const preview = await b.get(res.location!, cookies.vuthu);
		expect(preview.text).toContain('<strong>1</strong> ô thay đổi');
		expect((await b.get(res.location!, cookies.quantri)).status).toBe(404);
		const confirmed = await b.post(`${res.location!.replace('#xem-truoc', '')}?/confirm`, {}, { cookie: cookies.vuthu });
		expect(confirmed.status).toBe(303);
		expect((await b.get(res.location!, cookies.vuthu)).text).toContain('Đã ghi 1 thay đổi số liệu');
	});

	it('answers 413 in Vietnamese for a file above 10 MB', async () => {
		const res = await upload('vuthu', 'lon.csv', new Uint8Array(11 * 1024 * 1024));
		expect(res.status).toBe(413);
		expect(res.text).toContain('Yêu cầu quá lớn: tối đa 10,1 MB');
	});
});

describe('hostile uploads and the limits on uploads', () => {
	/** Runs `task` while another user asks for a page again and again; the slowest answer. */
	async function slowestPageDuring<T>(task: Promise<T>): Promise<{ result: T; slowestMs: number; pages: number }> {
		let done = false;
		const result = task.finally(() => (done = true));
		let slowestMs = 0;
		let pages = 0;
		while (!done) {
			const started = performance.now();
			const res = await fetch(`${s.url}${DOT}`, { headers: { cookie: cookies.lanhdao } });
			expect(res.status).toBe(200);
			await res.text();
			slowestMs = Math.max(slowestMs, performance.now() - started);
			pages++;
		}
		return { result: await result, slowestMs, pages };
	}

	it('refuses each hostile file in Vietnamese while another user is answered at once, and keeps none of them', async () => {
		const files = await hostileFiles();
		const pending = await pendingCount();
		const slowest: string[] = [];
		for (const file of files) {
			expect(file.bytes.length).toBeLessThanOrEqual(10 * 1024 * 1024);
			const { result, slowestMs, pages } = await slowestPageDuring(upload('vuthu', file.name, file.bytes));
			expect(result.status, file.name).toBe(400);
			expect(result.text, file.name).toMatch(HOSTILE_REFUSALS[file.name]);
			slowest.push(`${file.label}: ${Math.round(slowestMs)} ms (${pages} trang)`);
		}
		// How slow the other user's pages are is a speed figure: `npm run bench -- --hostile` measures it
		// (BENCHMARKS.md, issue 21); this test asserts that each page was answered, and what was refused.
		console.log(`Trang của người dùng khác, chậm nhất trong khi đọc tệp độc hại:\n  ${slowest.join('\n  ')}`);
		expect(await pendingCount()).toBe(pending);
	}, 120_000);

	it('reads one upload at a time per user: a second one sent meanwhile is refused with 429', async () => {
		const { workbook } = await templateOf(s.db, 'vuthu');
		const bytes = await bytesOf(workbook);
		const results = await Promise.all([1, 2, 3].map((n) => upload('vuthu', `vu-thu-${n}.xlsx`, bytes)));
		const refused = results.filter((r) => r.status === 429);
		expect(results.filter((r) => r.status === 303).length).toBeGreaterThanOrEqual(1);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(refused[0].text).toContain('Bạn đang có một tệp đang được đọc; hãy đợi tệp đó xong rồi tải lên tệp tiếp theo.');
	}, 60_000);

	it('reads at most four uploads at once on the server: more from other users are refused with 429', async () => {
		// Admins, whose files cover the province (a clerk's refused form lands on their commune's page).
		const users = ['quantri', 'vuthu'];
		for (let i = 1; i <= 6; i++) {
			await addUser(s.db, { username: `quantri.gioihan${i}`, role: 'admin', unitCode: '34', password: DEMO_PASSWORD });
			cookies[`quantri.gioihan${i}`] = await b.login(`quantri.gioihan${i}`);
			users.push(`quantri.gioihan${i}`);
		}
		const files = await Promise.all(users.map(async (user) => bytesOf((await templateOf(s.db, user)).workbook)));
		const results = await Promise.all(users.map((user, i) => upload(user, `${user}.xlsx`, files[i])));
		const refused = results.filter((r) => r.status === 429);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(refused[0].text).toContain('Máy chủ đang đọc nhiều tệp tải lên cùng lúc; hãy thử lại sau ít phút.');
		expect(results.filter((r) => r.status === 303).length).toBeGreaterThanOrEqual(4);
	}, 60_000);

	it('keeps a limited number of unconfirmed uploads per user and in all, refusing more in Vietnamese', async () => {
		const { workbook } = await templateOf(s.db, 'vuthu');
		const bytes = await bytesOf(workbook);
		const campaign = await s.db.selectFrom('campaigns').select('id').where('code', '=', 'thaibinh-186').executeTakeFirstOrThrow();
		const userId = async (username: string) => (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
		const keep = (user: number, n: number, size = 10) =>
			s.db
				.insertInto('uploads')
				.values(
					Array.from({ length: n }, (_, i) => ({
						id: `00000000-0000-4000-8000-${String(user).padStart(4, '0')}${String(i).padStart(8, '0')}`,
						campaign_id: campaign.id,
						user_id: user,
						kind: 'reports',
						format: 'excel',
						file_name: 'cho.xlsx',
						file_hash: 'x',
						content: Buffer.alloc(size),
						changes: gzipSync('[]'),
						problems: gzipSync('[]'),
						header_row: 4,
						created_at: new Date().toISOString(),
						confirmed_at: null,
						receipt: null
					}))
				)
				.execute();
		const vuthu = await userId('vuthu');
		await s.db.deleteFrom('uploads').execute();

		// One user: by count (429), then by bytes (413).
		await keep(vuthu, PENDING_UPLOAD_LIMITS.perUser.count);
		let res = await upload('vuthu', 'them.xlsx', bytes);
		expect(res.status).toBe(429);
		expect(res.text).toContain(`Bạn đang có ${PENDING_UPLOAD_LIMITS.perUser.count} tệp tải lên chưa xác nhận`);
		expect((await upload('quantri', 'khac.xlsx', await bytesOf((await templateOf(s.db, 'quantri')).workbook))).status).toBe(303);
		await s.db.deleteFrom('uploads').execute();
		await keep(vuthu, 3, 10 * 1024 * 1024);
		res = await upload('vuthu', 'them.xlsx', bytes);
		expect(res.status).toBe(413);
		expect(res.text).toContain('Các tệp chưa xác nhận của bạn sẽ vượt 30 MB');
		await s.db.deleteFrom('uploads').execute();

		// Everyone: by count.
		await keep(await userId('quantri'), PENDING_UPLOAD_LIMITS.total.count);
		res = await upload('vuthu', 'them.xlsx', bytes);
		expect(res.status).toBe(429);
		expect(res.text).toContain('Máy chủ đang giữ quá nhiều tệp tải lên chưa xác nhận; hãy thử lại sau.');
		await s.db.deleteFrom('uploads').execute();
		expect((await upload('vuthu', 'them.xlsx', bytes)).status).toBe(303);
	}, 60_000);
});

describe('history and quality', () => {
	it('shows a commune’s history with source, author, before → after and reason, and gives it as .xlsx', async () => {
		const page = await b.get(`${DOT}/xa/13192`, cookies.lanhdao);
		expect(page.status).toBe(200);
		expect(page.text).toContain('<h1 id="unit-name">Thị trấn Vũ Thư</h1>');
		expect(page.text).toContain('Lịch sử số liệu và nhật ký thay đổi');
		expect(page.text).toContain('Biểu mẫu · Công chức tư pháp');
		const res = await fetch(`${s.url}${DOT}/xa/13192/lich-su.xlsx`, { headers: { cookie: cookies.lanhdao } });
		expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''lich-su-13192-thaibinh-186.xlsx");
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await res.arrayBuffer());
		const sheet = workbook.getWorksheet('Lịch sử')!;
		expect(sheet.getRow(4).values).toEqual([
			undefined,
			'Thời điểm nhận',
			'Số liệu tính đến',
			'Loại thay đổi',
			'Loại việc',
			'Trước',
			'Sau',
			'Nguồn',
			'Người nhập',
			'Lý do / ghi chú'
		]);
		const rows = await s.db
			.selectFrom('reports as r')
			.innerJoin('units as u', 'u.id', 'r.commune_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('u.code', '=', '13192')
			.executeTakeFirstOrThrow();
		expect(sheet.rowCount - 4).toBe(Number(rows.n) + 3); // every report and the three targets
		expect([sheet.getRow(5).getCell(7).value, sheet.getRow(5).getCell(8).value]).toEqual(['Biểu mẫu', 'Công chức tư pháp - hộ tịch Thị trấn Vũ Thư']);
	});

	it('flags a correction downward on the quality page of the district head', async () => {
		const before = await currentValue('13195', 'khai_sinh');
		const res = await s.call(`/api/v1/campaigns/thaibinh-186/reports`, {
			token: 'vuthu',
			method: 'POST',
			body: { reports: [{ commune: '13195', recordType: 'khai_sinh', cumulative: before - 4, note: 'Đếm trùng sổ' }] }
		});
		expect(res.status).toBe(201);
		const page = await b.get(`${DOT}/chat-luong`, cookies.vuthu);
		expect(page.text).toContain('Đính chính giảm');
		expect(page.text).toContain(`${before.toLocaleString('vi-VN')} → ${(before - 4).toLocaleString('vi-VN')}: Đếm trùng sổ`);
		expect((await b.get(`${DOT}/chat-luong`, cookies['canbo.13192'])).status).toBe(403);
	});
});

describe('in a real browser', () => {
	it('enters counts on a phone: live before → after, preview, confirm, no console error', async () => {
		const context = await browser.newContext({ viewport: PHONE });
		const page = await context.newPage();
		const problems = watchProblems(page);
		await signIn(page, s.url, 'canbo.13192', DEMO_PASSWORD);
		await page.goto(`${s.url}${DOT}/nhap`);
		await expect.poll(() => new URL(page.url()).pathname).toBe(`${DOT}/nhap/13192`);
		const before = await currentValue('13192', 'khai_sinh');
		await page.fill('#v-khai_sinh', String(before + 3));
		await expect.poll(() => page.textContent('.after')).toContain(`→ ${(before + 3).toLocaleString('vi-VN')}`);
		await page.click('text=Xem trước');
		await page.click('text=Xác nhận gửi');
		await expect.poll(() => page.textContent('[role=status]')).toContain('Đã ghi số liệu của 1 loại việc');
		expect(await page.inputValue('#v-khai_sinh')).toBe('');
		expect(await currentValue('13192', 'khai_sinh')).toBe(before + 3);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('uploads a template from the page and lands on the preview listing the problem, at desktop width', async () => {
		const context = await browser.newContext({ viewport: DESKTOP });
		const page = await context.newPage();
		const problems = watchProblems(page);
		await signIn(page, s.url, 'vuthu', DEMO_PASSWORD);
		await page.goto(`${s.url}${DOT}/nhap`);
		const { workbook } = await templateOf(s.db, 'vuthu');
		workbook.getWorksheet('Số liệu')!.getRow(7).getCell(5).value = -2;
		await page.setInputFiles('input[type=file]', {
			name: 'vu-thu.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: Buffer.from(await bytesOf(workbook))
		});
		await page.click('text=Tải lên và xem trước');
		await expect.poll(() => page.url()).toMatch(/\/nhap\/tep\//);
		await expect.poll(() => page.textContent('[role=alert]')).toContain('1 lỗi');
		expect(await page.textContent('main')).toContain('dòng 7, cột «E»: không được âm.');
		for (const path of [`${DOT}/nhap`, `${DOT}/xa/13192`, `${DOT}/chat-luong`]) expect((await page.goto(s.url + path))?.status()).toBe(200);
		expect(problems).toEqual([]);
		await context.close();
	});
});
