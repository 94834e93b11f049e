/**
 * The overview of Kế hoạch 186 read on today's list, in real Chromium at phone and desktop
 * width (issue 26): the choice of version, the estimate marks and their footnote, no errors.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../src/lib/server/demo/build';
import { launchBrowser, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
import { createTestDb, type TestDb } from './helpers/db';
import { startServer } from './helpers/processes';

const PASSWORD = 'mat-khau-demo';
let d: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
	d = await createTestDb();
	await buildDemo(d.db, { now: new Date('2026-11-20T04:00:00Z'), password: PASSWORD });
	[server, browser] = await Promise.all([startServer({ DATABASE_PATH: d.path }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await d?.close();
});

describe('thaibinh-186 on the 2026-07-25 list in a browser', () => {
	it('switches versions and shows the estimate mark with its footnote', async () => {
		const page = await browser.newPage({ viewport: PHONE });
		const problems = watchProblems(page);
		await signIn(page, server.url, 'quantri.hungyen', PASSWORD);
		await page.goto(`${server.url}/dot/thaibinh-186?luc=2024-12-10T12:00`, { waitUntil: 'networkidle' });
		await page.getByRole('link', { name: 'Địa giới hiện nay' }).click();
		await expect.poll(() => new URL(page.url()).searchParams.get('dia-gioi')).toBe('2026-07-25');
		await page.waitForLoadState('networkidle');
		// The moment travelled along.
		expect(new URL(page.url()).searchParams.get('luc')).not.toBeNull();
		await expect.poll(() => page.locator('.estimate').count()).toBeGreaterThan(0);
		expect(await page.locator('.estimate').first().isVisible()).toBe(true);
		expect(await page.getByText('* Ước tính:').first().isVisible()).toBe(true);
		expect(await page.locator('[aria-current=page]', { hasText: 'Địa giới hiện nay' }).count()).toBe(1);
		await screenshots(page, 'overview-other-hierarchy');
		expect(problems).toEqual([]);
		await page.close();
	});
});
