/**
 * The plan and its what-if in Chromium (issue 27), on the demo built today (Hưng Yên at day
 * 10 of 21): group lead truongcum5.hungyen opens their group's page on a phone, finds a
 * commune short of machines, tries the machines it lacks and sees it become enough and
 * its projected finish move before saving, then saves; the revision and its audit entry
 * are in the database. Screenshots land in test-results/screens (capacity-*).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../src/lib/server/demo/build';
import { createTestDb, type TestDb } from './helpers/db';
import { launchBrowser, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
import { startServer } from './helpers/processes';

const PASSWORD = 'mat-khau-demo';
const LEAD = 'truongcum5.hungyen';

let t: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
	t = await createTestDb();
	await buildDemo(t.db, { now: new Date(), password: PASSWORD });
	[server, browser] = await Promise.all([startServer({ DATABASE_PATH: t.path }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await t?.close();
});

const row = (page: Page, code: string) => page.locator(`[data-testid=capacity-row][data-code="${code}"]`);

describe('the plan of a group, on a phone', () => {
	it('lets the group lead try the machines a commune lacks, see it become enough, and save it', async () => {
		const page = await browser.newPage({ viewport: PHONE });
		const problems = watchProblems(page);
		await signIn(page, server.url, LEAD, PASSWORD);
		await page.goto(`${server.url}/dot/hungyen-hotich/don-vi/CUM-5`, { waitUntil: 'networkidle' });
		await expect.poll(() => page.locator('[data-testid=capacity-row]').count()).toBeGreaterThan(3);
		const headline = await page.getByTestId('capacity-headline').textContent();
		expect(headline).toMatch(/^Năng lực: /);

		// The first commune short of machines (short ones come first), and how many it lacks.
		const short = page
			.locator('[data-testid=capacity-row]')
			.filter({ has: page.getByTestId('capacity-verdict').getByText('Thiếu', { exact: true }) })
			.first();
		await expect.poll(() => short.count()).toBe(1);
		const code = (await short.getAttribute('data-code'))!;
		const advice = (await row(page, code).getByTestId('capacity-advice').textContent())!;
		const lacking = Number(/cần thêm (\d+) máy/.exec(advice)![1]);
		const machines = Number(await row(page, code).locator(`input[name="m:${code}"]`).inputValue());
		const finishBefore = await row(page, code).locator('.figures').textContent();

		// The what-if: ceil(n/s) machines at the same shifts are enough, before anything is saved.
		await row(page, code)
			.locator(`input[name="m:${code}"]`)
			.fill(String(machines + lacking));
		await expect.poll(() => row(page, code).getByTestId('capacity-verdict').textContent()).toBe('Đủ');
		await expect.poll(() => row(page, code).getAttribute('class')).toContain('changed');
		expect(await row(page, code).locator('.figures').textContent()).not.toBe(finishBefore);
		expect(await row(page, code).locator('.figures del').count()).toBe(1); // the finish before, struck out
		expect(await page.getByTestId('capacity-headline').textContent()).toContain('trước khi thử');
		expect(await t.db.selectFrom('capacity_revisions').selectAll().execute()).toEqual([]);
		await screenshots(page, 'capacity-what-if');

		await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('?/capacity')), page.getByRole('button', { name: 'Lưu' }).click()]);
		await expect.poll(() => page.locator('section:has(#capacity) .ok').textContent()).toContain('Đã lưu năng lực của 1 xã');
		const lead = await t.db.selectFrom('users').select('id').where('username', '=', LEAD).executeTakeFirstOrThrow();
		const commune = await t.db
			.selectFrom('units as u')
			.innerJoin('hierarchies as h', 'h.id', 'u.hierarchy_id')
			.select('u.id')
			.where('u.code', '=', code)
			.where('h.as_of', '=', '2026-07-25')
			.executeTakeFirstOrThrow();
		const revisions = await t.db.selectFrom('capacity_revisions').select(['commune_id', 'machines', 'shifts_per_day', 'author_id', 'source']).execute();
		expect(revisions).toEqual([
			{
				commune_id: commune.id,
				machines: machines + lacking,
				shifts_per_day: Number(await row(page, code).locator(`input[name="s:${code}"]`).inputValue()),
				author_id: lead.id,
				source: 'form'
			}
		]);
		const audit = await t.db.selectFrom('audit_log').select(['actor', 'action', 'unit_id']).where('action', '=', 'set_capacity').execute();
		expect(audit).toEqual([{ actor: LEAD, action: 'set_capacity', unit_id: commune.id }]);
		// Saved, the page reads the new capacity in force, with nothing left to try. (Its verdict is
		// measured again from now: the recent pace over the new machine-shifts, DESIGN §4.)
		await expect.poll(() => row(page, code).getAttribute('class')).not.toContain('changed');
		expect(await row(page, code).locator(`input[name="m:${code}"]`).inputValue()).toBe(String(machines + lacking));
		await screenshots(page, 'capacity-saved');
		// Nothing is wider than the phone.
		await page.setViewportSize(PHONE);
		await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
		expect(problems).toEqual([]);
	});
});
