/**
 * The users page of today's 2-level Hưng Yên in Chromium, at phone and desktop width: the
 * admin finds a commune by typing its name without diacritics and creates a clerk, then
 * creates accounts from a file, prints the slips and downloads the workbook; a new account
 * signs in with its one-time password and must change it first. Without JavaScript the
 * full list of units still works. Screenshots land in test-results/screens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/db';
import { DESKTOP, launchBrowser, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
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
let browser: Browser;

beforeAll(async () => {
	const env = { DATABASE_PATH };
	expect((await runCli(['import-units', 'reference/units-2026-07-25-2level.csv', '--as-of', '2026-07-25'], { env })).code).toBe(0);
	expect((await runCli(['user', 'add', ADMIN, '--role', 'admin', '--unit', '33', '--name', 'Quản trị Sở Tư pháp'], { env, input: ADMIN_PASSWORD })).code).toBe(0);
	[server, browser] = await Promise.all([startServer({ DATABASE_PATH }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('accounts of a 2-level province in Chromium', () => {
	for (const viewport of [PHONE, DESKTOP]) {
		it(`creates a clerk and accounts from a file at ${viewport.width} px`, async () => {
			const context = await browser.newContext({ viewport, acceptDownloads: true });
			const page = await context.newPage();
			const problems = watchProblems(page);
			await signIn(page, server.url, ADMIN, ADMIN_PASSWORD);
			await page.goto(`${server.url}/quan-tri/nguoi-dung`, { waitUntil: 'networkidle' });

			// A commune found by typing its name without diacritics.
			await page.fill('input.unit-filter', 'pho hien');
			await expect.poll(() => page.locator('select[name=unitCode] option:not([disabled])').allTextContents()).toEqual(['Phường Phố Hiến (11953)']);
			await page.selectOption('select[name=unitCode]', '11953');
			await page.fill('input[name=username]', `canbo.phohien.${viewport.width}`);
			await page.fill('input[name=displayName]', 'Nguyễn Thị Hộ Tịch');
			await page.selectOption('select[name=role]', 'clerk');
			await page.fill('input[name=password]', 'mot mat khau rat dai');
			await screenshots(page, `accounts-create-${viewport.width}`);
			await page.click('form[action="?/create"] button[type=submit]');
			await expect.poll(() => page.locator('.ok').textContent()).toContain(`Đã tạo tài khoản canbo.phohien.${viewport.width}`);
			expect(await page.locator('table').textContent()).toContain('Phường Phố Hiến');

			// Ten accounts from a CSV saved like Vietnamese Excel.
			await page.click('text=Tạo nhiều tài khoản từ tệp Excel/CSV');
			await page.waitForURL('**/quan-tri/nguoi-dung/nhap');
			const lines = ['Tên đăng nhập;Họ và tên;Vai trò;Mã đơn vị;Email'];
			for (let i = 0; i < 10; i++) lines.push(`hotich.${viewport.width}.${i};Cán bộ hộ tịch số ${i + 1};Cán bộ xã;${COMMUNES[i]};`);
			await page.setInputFiles('input[name=file]', { name: 'can-bo.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + lines.join('\r\n'), 'utf8') });
			await page.click('text=Xem trước');
			await page.waitForURL('**/nhap?xem=*');
			expect(await page.textContent('main')).toContain('Tệp tạo 10 tài khoản');
			await screenshots(page, `accounts-preview-${viewport.width}`);
			await page.click('text=Xác nhận tạo 10 tài khoản');
			await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 30_000 }).toBe('Đã tạo 10 tài khoản');
			expect(await page.locator('article.slip').count()).toBe(10);
			await screenshots(page, `accounts-created-${viewport.width}`);

			// The workbook, downloaded once from the page.
			const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải tệp Excel (.xlsx)')]);
			const workbook = new ExcelJS.Workbook();
			await workbook.xlsx.read(await download.createReadStream()); // the shared browser is remote: no local path
			const first = workbook.worksheets[0].getRow(5).values as unknown[];
			expect(first.slice(1, 4)).toEqual([1, 'Cán bộ hộ tịch số 1', `hotich.${viewport.width}.0`]);
			const password = String(first[4]);
			expect(await page.locator('article.slip').first().textContent()).toContain(password);

			// Printed: slips only, A4, eight to a page.
			await page.emulateMedia({ media: 'print' });
			await page.screenshot({ path: `test-results/screens/accounts-slips-print-${viewport.width}.png`, fullPage: true });
			if (viewport === DESKTOP) {
				const bytes = await page.pdf({ format: 'A4', printBackground: true });
				writeFileSync('test-results/screens/accounts-slips.pdf', bytes);
				expect(bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(2);
			}
			await page.emulateMedia({ media: 'screen' });

			// The new account signs in once with it and must change it before anything else.
			const other = await browser.newContext({ viewport });
			const user = await other.newPage();
			const userProblems = watchProblems(user);
			await signIn(user, server.url, `hotich.${viewport.width}.0`, password);
			expect(new URL(user.url()).pathname).toBe('/doi-mat-khau');
			await screenshots(user, `accounts-first-login-${viewport.width}`);
			await user.goto(`${server.url}/tai-khoan`, { waitUntil: 'networkidle' });
			expect(new URL(user.url()).pathname).toBe('/doi-mat-khau');
			await user.fill('input[name=current]', password);
			await user.fill('input[name=next]', 'mat khau moi cua toi');
			await user.click('form:not([action]) button[type=submit]');
			await expect.poll(() => new URL(user.url()).pathname).toBe('/');
			await user.click('a[title="Tài khoản của tôi"]');
			await expect.poll(() => new URL(user.url()).pathname).toBe('/tai-khoan');
			await other.close();

			await page.goto(`${server.url}/quan-tri/nguoi-dung`, { waitUntil: 'networkidle' });
			expect(await page.locator('tr', { hasText: `hotich.${viewport.width}.0` }).textContent()).toMatch(/\d\d:\d\d \d\d\/\d\d\/\d{4}/);
			await screenshots(page, `accounts-list-${viewport.width}`);
			await context.close();
			// The one-time login's redirect to the change-password page is the only refusal expected.
			expect(problems).toEqual([]);
			expect(userProblems).toEqual([]);
		}, 120_000);
	}

	it('lists every unit and creates a clerk without JavaScript', async () => {
		const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${server.url}/dang-nhap`);
		await page.fill('input[name=username]', ADMIN);
		await page.fill('input[name=password]', ADMIN_PASSWORD);
		await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
		await page.goto(`${server.url}/quan-tri/nguoi-dung`);
		expect(await page.locator('input.unit-filter').count()).toBe(0);
		expect(await page.locator('select[name=unitCode] option:not([disabled])').count()).toBe(105);
		await page.selectOption('select[name=unitCode]', COMMUNES[50]);
		await page.fill('input[name=username]', 'canbo.khongjs');
		await page.fill('input[name=password]', 'mot mat khau rat dai');
		await Promise.all([page.waitForNavigation(), page.click('form[action="?/create"] button[type=submit]')]);
		expect(await page.textContent('main')).toContain('Đã tạo tài khoản canbo.khongjs');
		await context.close();
	}, 60_000);
});
