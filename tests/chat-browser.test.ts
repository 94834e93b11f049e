/**
 * Issue 25 in real Chromium: the "Sao chép tin nhắn" and "Tải ảnh" buttons of the overview and
 * the snapshot page, with the Clipboard API and without it (plain HTTP on a local network),
 * and the print page on one A4 landscape page; screenshots at 390 and 1366 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { demoInBrowser, DESKTOP, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';
import { pdfPages } from './helpers/pdf';

const demo = demoInBrowser();
const DOT = '/dot/thaibinh-186';

async function pageFor(username: string, opts: { clipboard: boolean }): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
	const context = await demo.browser.newContext({ viewport: PHONE, locale: 'vi-VN', permissions: opts.clipboard ? ['clipboard-read', 'clipboard-write'] : [] });
	// Without the Clipboard API, as on a page served over plain HTTP to another machine.
	if (!opts.clipboard) await context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
	const page = await context.newPage();
	const problems = watchProblems(page);
	await signIn(page, demo.server.url, username, DEMO_PASSWORD);
	return { page, problems, close: () => context.close() };
}

async function textOfSnapshot(username: string, unit = ''): Promise<string> {
	const token = demo.server.tokens[username];
	const res = await fetch(`${demo.server.url}/api/v1/campaigns/thaibinh-186/snapshots/29/summary.txt${unit}`, { headers: { authorization: `Bearer ${token}` } });
	return res.text();
}

describe('sending a snapshot to the chat groups', () => {
	it('a leader copies the overview’s message with one tap and downloads its picture', async () => {
		const { page, problems, close } = await pageFor('lanhdao', { clipboard: true });
		await page.goto(`${demo.server.url}${DOT}`, { waitUntil: 'networkidle' });
		const share = page.locator('[data-testid=share]').first();
		await share.getByRole('button', { name: 'Sao chép tin nhắn' }).click();
		await expect.poll(() => share.getByRole('status').innerText()).toBe('Đã sao chép tin nhắn: dán vào nhóm Zalo.');
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await textOfSnapshot('lanhdao'));
		const picture = await page.request.get(
			await share
				.getByRole('link', { name: 'Tải ảnh' })
				.getAttribute('href')
				.then((h) => demo.server.url + h)
		);
		expect([picture.status(), picture.headers()['content-type']]).toEqual([200, 'image/png']);
		await screenshots(page, 'tin-nhan-tong-quan');
		expect(problems).toEqual([]);
		await close();
	});

	it('a district head copies their district’s message without the Clipboard API', async () => {
		const { page, problems, close } = await pageFor('vuthu', { clipboard: false });
		await page.goto(`${demo.server.url}${DOT}/chot-so/29`, { waitUntil: 'networkidle' });
		const share = page.locator('[data-testid=share]').first();
		await share.getByRole('button', { name: 'Sao chép tin nhắn' }).click();
		const status = await share.getByRole('status').innerText();
		expect(['Đã sao chép tin nhắn: dán vào nhóm Zalo.', 'Không sao chép tự động được: hãy chọn đoạn văn bên dưới và sao chép.']).toContain(status);
		// Either way the text is on the page, shown, for the district.
		expect(await share.locator('textarea').inputValue()).toBe(await textOfSnapshot('vuthu', '?unit=344'));
		expect(await share.locator('textarea').isVisible()).toBe(true);
		await screenshots(page, 'tin-nhan-chot-so-huyen');
		expect(problems).toEqual([]);
		await close();
	});

	it('the print page is one A4 landscape page, the communes from page 2', async () => {
		const { page, problems, close } = await pageFor('lanhdao', { clipboard: false });
		await page.goto(`${demo.server.url}${DOT}/chot-so/29/in`, { waitUntil: 'networkidle' });
		await screenshots(page, 'ban-in-mot-trang');
		// The top of the sheet at each width, where the one page is.
		for (const viewport of [PHONE, DESKTOP]) {
			await page.setViewportSize(viewport);
			await page.screenshot({ path: `test-results/screens/ban-in-mot-trang-dau-${viewport.width}.png` });
		}
		await page.emulateMedia({ media: 'print' });
		const printed = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
		writeFileSync('test-results/screens/ban-in-mot-trang.pdf', printed);
		const pages = await pdfPages(printed);
		const first = pages[0].replace(/\s+/g, ' ');
		for (const text of [
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH',
			'Thành phố Thái Bình',
			'Toàn tỉnh Thái Bình',
			'Nơi nhận:',
			'Thái Bình, ngày 10 tháng 12 năm 2024',
			'PHÓ GIÁM ĐỐC'
		])
			expect(first).toContain(text);
		expect(first).not.toContain('PHỤ LỤC');
		expect(pages[1]).toContain('PHỤ LỤC');
		expect(problems).toEqual([]);
		await close();
	});
});
