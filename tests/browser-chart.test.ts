/**
 * The burn-up chart follows the moment the page shows (issue 28): choosing a snapshot
 * changes the figures and the chart together, without a reload.
 */
import { describe, expect, it } from 'vitest';
import { chartSeries, demoInBrowser, DESKTOP, screenshots, signIn, watchProblems } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';

const demo = demoInBrowser();

const count = (text: string) => Number(text.replace(/\./g, ''));

describe('the burn-up chart', () => {
	it('redraws for the moment chosen on the page, without a reload', async () => {
		const context = await demo.browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
		const page = await context.newPage();
		const problems = watchProblems(page);
		await signIn(page, demo.server.url, 'lanhdao', DEMO_PASSWORD);
		await page.goto(`${demo.server.url}/dot/thaibinh-186`);
		await expect.poll(() => chartSeries(page, '#burn-up ~ figure canvas'), { timeout: 10_000 }).not.toBeNull();
		const before = (await chartSeries(page, '#burn-up ~ figure canvas'))!;
		const doneBefore = count(await page.locator('[data-testid=head-done]').innerText());
		const actualBefore = before.find((s) => s.label === 'Đã số hóa (được tính)')!;
		expect(actualBefore.points.at(-1)!.y).toBe(doneBefore);
		// The page stays the same document throughout: a reload would hide the defect.
		await page.evaluate(() => Object.assign(window, { sameDocument: true }));

		await page.click('text=Xem số liệu tại thời điểm khác');
		const select = page.locator('select[name=lan]');
		await select.focus();
		await expect.poll(() => select.locator('option', { hasText: '06:00 02/12' }).count()).toBe(1);
		const option = select.locator('option', { hasText: '06:00 02/12' });
		await select.selectOption({ label: (await option.innerText()).trim() });
		await page.locator('form:has(select[name=lan]) button[type=submit]').click();
		await expect.poll(() => page.locator('[role=status]').first().innerText()).toContain('06:00 02/12');

		const doneAfter = count(await page.locator('[data-testid=head-done]').innerText());
		expect(doneAfter).toBeLessThan(doneBefore);
		expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
		// The chart ends at the chosen moment with the figure the page shows for it.
		await expect
			.poll(async () => (await chartSeries(page, '#burn-up ~ figure canvas'))?.find((s) => s.label === 'Đã số hóa (được tính)')?.points.at(-1)?.y, { timeout: 10_000 })
			.toBe(doneAfter);
		const after = (await chartSeries(page, '#burn-up ~ figure canvas'))!;
		const actualAfter = after.find((s) => s.label === 'Đã số hóa (được tính)')!;
		expect(actualAfter.points.length).toBeLessThan(actualBefore.points.length);
		expect(actualAfter.points.at(-1)!.x).toBeLessThan(actualBefore.points.at(-1)!.x);
		await screenshots(page, 'bieu-do-thoi-diem');
		expect(problems).toEqual([]);
		await context.close();
	});
});
