/**
 * Fairer emulation in real Chromium (issue 27): an admin sets size brackets on the campaign
 * page; the leaderboard shows the main ranking, «Tiến bộ nhất» and «Xếp hạng theo nhóm quy
 * mô», with no console error nor failed request. Screenshots at 390 and 1366 px.
 */
import { describe, expect, it } from 'vitest';
import { demoInBrowser, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';

// Own server: it changes the campaign's size brackets, a setting other files' pages show.
const demo = demoInBrowser({ own: true });
const DOT = '/dot/thaibinh-186';

describe('fairer emulation in the browser', () => {
	it('an admin sets size brackets and reads the leaderboard three ways', async () => {
		const context = await demo.browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
		const page = await context.newPage();
		const problems = watchProblems(page);
		await signIn(page, demo.server.url, 'quantri', DEMO_PASSWORD);

		await page.goto(`${demo.server.url}/quan-tri/dot/thaibinh-186`);
		await page.fill('input[name=bracketThresholds]', '4.000, 20.000, 10.000');
		await page.click('form.settings button[type=submit]');
		await expect.poll(() => page.locator('#brackets-problem').innerText(), { timeout: 10_000 }).toBe('các ngưỡng phải tăng dần: 10.000 không lớn hơn 20.000.');
		await page.fill('input[name=bracketThresholds]', '4.000, 6.000');
		await page.click('form.settings button[type=submit]');
		await expect.poll(() => page.locator('p.ok').innerText(), { timeout: 10_000 }).toBe('Đã lưu thiết lập.');
		expect(await page.locator('input[name=bracketThresholds]').inputValue()).toBe('4.000, 6.000');

		await page.goto(`${demo.server.url}${DOT}/xep-hang?cap=commune`);
		const tabs = page.locator('nav.tabs a');
		expect(await tabs.allInnerTexts()).toEqual(['Xếp hạng chung', 'Tiến bộ nhất', 'Xếp hạng theo nhóm quy mô']);
		const top = await page.locator('.board li').first().innerText();
		expect(top).toMatch(/Hạng \d+ nhóm «(Dưới 4\.000 hồ sơ|Từ 4\.000 đến dưới 6\.000 hồ sơ|Từ 6\.000 hồ sơ trở lên)»/);
		expect(top).toMatch(/Chuỗi \d+ ngày đạt chỉ tiêu/);
		await screenshots(page, 'xep-hang-chung');

		await tabs.nth(1).click();
		await expect.poll(() => page.locator('nav.tabs a[aria-current=page]').innerText(), { timeout: 10_000 }).toBe('Tiến bộ nhất');
		const first = page.locator('.board li').first();
		expect(await first.locator('.rank').innerText()).toBe('1');
		expect(await first.innerText()).toMatch(/Tiến bộ \+\d+(,\d)? điểm %/);
		await screenshots(page, 'xep-hang-tien-bo');

		await tabs.nth(2).click();
		await expect.poll(() => page.locator('nav.tabs a[aria-current=page]').innerText(), { timeout: 10_000 }).toBe('Xếp hạng theo nhóm quy mô');
		const groups = await page.locator('section[aria-labelledby=board] h3').allInnerTexts();
		expect(groups.length).toBeGreaterThanOrEqual(2);
		for (const g of groups) expect(g).toMatch(/^(Dưới 4\.000 hồ sơ|Từ 4\.000 đến dưới 6\.000 hồ sơ|Từ 6\.000 hồ sơ trở lên) \(\d+\)$/);
		// Each bracket starts at place 1.
		for (const list of await page.locator('section[aria-labelledby=board] ol.board').all()) expect(await list.locator('li .rank').first().innerText()).toBe('1');
		await screenshots(page, 'xep-hang-nhom-quy-mo');

		expect(problems).toEqual([]);
		await context.close();
	});
});
