/**
 * Every page in a real browser (Debian's Chromium) on the production server: it renders,
 * hydrates, and breaks no rule of the Content-Security-Policy, at phone and desktop width.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, demoInBrowser, PHONE, signIn, watchProblems } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';

const demo = demoInBrowser();

const ADMIN_PAGES = [
	'/',
	'/tai-khoan',
	'/quan-tri',
	'/quan-tri/dot-moi',
	'/quan-tri/dot/thaibinh-186',
	'/quan-tri/dot/thaibinh-186/chi-tieu',
	'/quan-tri/dot/thaibinh-186/han-rieng',
	'/quan-tri/nguoi-dung'
];

describe('pages in the browser', () => {
	for (const viewport of [PHONE, DESKTOP]) {
		it(`render without a console error or CSP refusal at ${viewport.width} px`, async () => {
			const context = await demo.browser.newContext({ viewport });
			const page = await context.newPage();
			const problems = watchProblems(page);
			await signIn(page, demo.server.url, 'quantri', DEMO_PASSWORD);
			const clerkId = (await demo.server.db.selectFrom('users').select('id').where('username', '=', 'canbo.13192').executeTakeFirstOrThrow()).id;
			for (const path of [...ADMIN_PAGES, `/quan-tri/nguoi-dung/${clerkId}`]) {
				const response = await page.goto(demo.server.url + path);
				expect(response?.status(), path).toBe(200);
				await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('vi');
				// A client-side navigation too, which is when SvelteKit adds its route announcer.
				await page.click('a.brand');
				await expect.poll(() => new URL(page.url()).pathname).toBe('/dot/thaibinh-186'); // the admin's first screen
			}
			expect(problems).toEqual([]);
			await context.close();
		});
	}

	it('creates a token on the own page and shows it once, with JavaScript on', async () => {
		const context = await demo.browser.newContext({ viewport: PHONE });
		const page = await context.newPage();
		const problems = watchProblems(page);
		await signIn(page, demo.server.url, 'vuthu', DEMO_PASSWORD);
		await page.goto(`${demo.server.url}/tai-khoan`);
		await page.fill('input[name=name]', 'Máy tính phòng Tư pháp');
		await page.click('text=Tạo mã truy cập');
		await expect.poll(() => page.textContent('code.token')).toMatch(/^tdo_/);
		await expect.poll(() => page.textContent('table')).toContain('Máy tính phòng Tư pháp');
		expect(problems).toEqual([]);
		await context.close();
	});
});
