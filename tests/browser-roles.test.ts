/**
 * One path per role through the demo in real Chromium (issue 8): what each user sees,
 * with no console error and no failed request, saved as screenshots at 390 and 1366 px
 * (test-results/screens).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCount, formatPct } from '../src/lib/domain/format';
import { chartSeries, demoInBrowser, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';
import { bytesOf, templateOf } from './helpers/uploads';

const demo = demoInBrowser();

const DOT = '/dot/thaibinh-186';

/** A fresh phone-sized page, signed in as `username` unless null, and its problems. */
async function pageFor(username: string | null): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
	const context = await demo.browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
	const page = await context.newPage();
	const problems = watchProblems(page);
	if (username) await signIn(page, demo.server.url, username, DEMO_PASSWORD);
	return { page, problems, close: () => context.close() };
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe('a path for each role, in the browser', () => {
	it('a leader reads the overview, with its chart and map, and opens a district', async () => {
		const { page, problems, close } = await pageFor('lanhdao');
		await page.goto(`${demo.server.url}/`);
		await expect.poll(() => text(page, 'h1')).toBe('Số hóa dữ liệu hộ tịch tỉnh Thái Bình (Kế hoạch 186/KH-UBND)');
		// The figures the page shows are the API's for the same moment (the server's clock), written the vi-VN way.
		const province = (await demo.server.call(`/api/v1/campaigns/thaibinh-186/progress?level=province`, { token: 'lanhdao' })).body.rows[0];
		expect(await text(page, '[data-testid=head-pct]')).toBe(formatPct(province.pct));
		expect(await text(page, '[data-testid=head-done]')).toBe(formatCount(province.credited));
		expect(await text(page, '[data-testid=head-target]')).toBe('1.238.077');
		expect(await page.locator('section:has(h2#children) tbody tr').count()).toBe(8);
		expect(await page.locator('svg[aria-label^="Bản đồ"] use').count()).toBe(8);
		// The chart is drawn, and its series ends at the figure above.
		await expect.poll(async () => (await chartSeries(page, '#burn-up ~ figure canvas'))?.[0]?.points.at(-1)?.y, { timeout: 10_000 }).toBe(province.credited);
		await screenshots(page, 'lanh-dao-tong-quan');
		await page.click('section:has(h2#children) tbody a:text("Huyện Vũ Thư")');
		await expect.poll(() => text(page, 'h1')).toBe('Huyện Vũ Thư');
		const communes = (await demo.server.call(`/api/v1/campaigns/thaibinh-186/progress?level=commune&parent=344`, { token: 'lanhdao' })).body.rows;
		expect(communes).toHaveLength(30);
		expect(await text(page, 'h2#children')).toBe(`Theo xã, phường, thị trấn (${communes.length})`);
		await screenshots(page, 'lanh-dao-huyen');
		expect(problems).toEqual([]);
		await close();
	});

	it('a district head sees the quota their district must reach each day', async () => {
		const { page, problems, close } = await pageFor('vuthu');
		await page.goto(`${demo.server.url}${DOT}/don-vi/344`);
		await expect.poll(() => text(page, 'h1')).toBe('Huyện Vũ Thư');
		expect(await text(page, 'dl.figures')).toContain('Cần mỗi ngày');
		const district = (await demo.server.call(`/api/v1/campaigns/thaibinh-186/progress?level=district`, { token: 'vuthu' })).body.rows.find(
			(r: { unit: { code: string } }) => r.unit.code === '344'
		);
		const quota = district.status === 'done' ? 'Đã xong' : district.dailyQuota === null ? 'Quá hạn' : formatCount(district.dailyQuota);
		expect(await text(page, '[data-testid=head-quota]')).toBe(quota);
		await screenshots(page, 'truong-phong-chi-tieu');
		expect(problems).toEqual([]);
		await close();
	});

	it('a clerk enters counts and sees the overview change', async () => {
		const { page, problems, close } = await pageFor('canbo.13192');
		await page.goto(`${demo.server.url}${DOT}`);
		const before = await text(page, '[data-testid=head-done]');
		await page.goto(`${demo.server.url}${DOT}/nhap`);
		await expect.poll(() => new URL(page.url()).pathname).toBe(`${DOT}/nhap/13192`);
		await page.check('input[name=mode][value=delta]');
		await page.fill('#v-khai_sinh', '25');
		await page.click('text=Xem trước');
		await page.click('text=Xác nhận gửi');
		await expect.poll(() => page.textContent('[role=status]')).toContain('Đã ghi số liệu của 1 loại việc');
		await screenshots(page, 'can-bo-nhap');
		await page.goto(`${demo.server.url}${DOT}`);
		const after = await text(page, '[data-testid=head-done]');
		expect(after).toBe(formatCount(Number(before.replace(/\./g, '')) + 25));
		await screenshots(page, 'can-bo-tong-quan');
		expect(problems).toEqual([]);
		await close();
	});

	it('an admin uploads a template and confirms it', async () => {
		const { page, problems, close } = await pageFor('quantri');
		await page.goto(`${demo.server.url}${DOT}/nhap`);
		const { workbook } = await templateOf(demo.server.db, 'quantri');
		const cell = workbook.getWorksheet('Số liệu')!.getRow(6).getCell(4);
		cell.value = Number(cell.value) + 7;
		await page.setInputFiles('input[type=file]', {
			name: 'thai-binh.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: Buffer.from(await bytesOf(workbook))
		});
		await page.click('text=Tải lên và xem trước');
		await expect.poll(() => page.url()).toMatch(/\/nhap\/tep\//);
		await expect.poll(() => text(page, 'main')).toContain('1 ô thay đổi');
		await screenshots(page, 'quan-tri-xem-truoc');
		await page.click('text=Xác nhận ghi 1 thay đổi');
		await expect.poll(() => text(page, 'main')).toContain('Đã ghi 1 thay đổi số liệu');
		expect(problems).toEqual([]);
		await close();
	});

	it('anyone opens the public leaderboard', async () => {
		const { page, problems, close } = await pageFor(null);
		await page.goto(`${demo.server.url}${DOT}/xep-hang`);
		await expect.poll(() => text(page, 'h1')).toContain('Bảng xếp hạng');
		expect(await page.locator('ol.board li').count()).toBe(8);
		expect(await text(page, 'ol.board li')).toMatch(/^1\b/);
		await screenshots(page, 'cong-khai-xep-hang');
		expect(problems).toEqual([]);
		await close();
	});
});
