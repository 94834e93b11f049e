/**
 * Issue 23 item 5 and 6, in Chromium on the demo as built today (Hưng Yên's running
 * campaign, Thái Bình's finished one):
 * 1. each role's first screen after logging in: a clerk's entry form with their commune's
 *    figures, a group lead's own group with what each commune needs today and who has not
 *    reported, a leader's province, an admin's province with the tasks of the day; a `?sau=`
 *    target still wins;
 * 2. every page of the app (every `+page.svelte` under src/routes, so a new page cannot be
 *    missed) for every role at 360 px: nothing is wider than the phone. A failure names the
 *    page, the role and the widest element past the right edge.
 * Screenshots land in test-results/screens (first-*, narrow-*).
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { countTemplate, receiveUpload } from '../src/lib/server/ingest/service';
import { DESKTOP, demoInBrowser, signIn, watchProblems } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';
import { actorOf, bytesOf } from './helpers/uploads';

const demo = demoInBrowser({ live: true });

const NARROW = { width: 360, height: 780 };
const SCREENS = 'test-results/screens';
const LIVE = 'hungyen-hotich';
const HISTORY = 'thaibinh-186';
const GROUP = 'CUM-5';

/** The Hưng Yên clerk's username and commune code (the demo picks the commune). */
async function liveClerk(): Promise<{ username: string; commune: string }> {
	const row = await demo.server.db
		.selectFrom('users as u')
		.innerJoin('units as n', 'n.id', 'u.unit_id')
		.select(['u.username', 'n.code'])
		.where('u.username', 'like', 'canbo.%.hungyen')
		.executeTakeFirstOrThrow();
	return { username: row.username, commune: row.code };
}

async function signedInPage(username: string | null, viewport = NARROW): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
	const context = await demo.browser.newContext({ viewport, locale: 'vi-VN' });
	const page = await context.newPage();
	const problems = watchProblems(page);
	if (username) await signIn(page, demo.server.url, username, DEMO_PASSWORD);
	return { page, problems, close: () => context.close() };
}

async function shot(page: Page, name: string) {
	mkdirSync(SCREENS, { recursive: true });
	await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

const pathOf = (page: Page) => {
	const url = new URL(page.url());
	return decodeURIComponent(url.pathname) + url.search;
};

describe("each role's first screen", () => {
	it('a clerk lands on their commune’s entry form, with its figures now', async () => {
		const clerk = await liveClerk();
		const { page, problems, close } = await signedInPage(clerk.username);
		await expect.poll(() => pathOf(page)).toBe(`/dot/${LIVE}/nhap/${clerk.commune}`);
		await page.waitForLoadState('networkidle');
		// One input per record type of the campaign, each beside its target and its figure now.
		expect(await page.locator('input[id^="v-"]').count()).toBe(4);
		const facts = await page.locator('.facts').allInnerTexts();
		expect(facts).toHaveLength(4);
		for (const f of facts) expect(f).toMatch(/^Chỉ tiêu \d{1,3}(\.\d{3})* · Hiện có (chưa báo cáo|\d{1,3}(\.\d{3})* \(\d{1,3},\d%\))/);
		expect(facts.some((f) => /Hiện có \d/.test(f))).toBe(true);
		await shot(page, 'first-clerk-360');
		expect(problems).toEqual([]);
		await close();
	});

	it('a group lead lands on their group: what each commune needs today, and who has not reported', async () => {
		const { page, problems, close } = await signedInPage('truongcum5.hungyen');
		await expect.poll(() => pathOf(page)).toBe(`/dot/${LIVE}/don-vi/${GROUP}`);
		await page.waitForLoadState('networkidle');
		expect(await page.locator('h1').innerText()).toBe('Cụm thi đua số 5');
		const table = page.locator('section:has(h2#children)');
		expect(await table.locator('h2').innerText()).toMatch(/^Theo xã, phường, đặc khu \(\d+\)$/);
		expect(await table.locator('thead').innerText()).toContain('Cần hôm nay');
		expect(await table.locator('tbody tr').count()).toBeGreaterThan(1);
		expect(await page.locator('[data-testid=roll-call]').innerText()).toMatch(/xã/);
		expect(await page.locator('[data-testid=admin-tasks]').count()).toBe(0);
		// The campaign's pages one click away, entering counts first.
		expect(await page.locator('nav.links a').first().getAttribute('href')).toBe(`/dot/${LIVE}/nhap`);
		await shot(page, 'first-group-lead-360');
		expect(problems).toEqual([]);
		await close();
	});

	it('a district head of a province before the reform lands on their district', async () => {
		const { page, problems, close } = await signedInPage('vuthu');
		await expect.poll(() => pathOf(page)).toBe(`/dot/${HISTORY}/don-vi/344`);
		expect(await page.locator('h1').innerText()).toBe('Huyện Vũ Thư');
		expect(await page.locator('h2#children').innerText()).toMatch(/^Theo xã, phường, thị trấn \(\d+\)$/);
		expect(problems).toEqual([]);
		await close();
	});

	it('a leader lands on the province', async () => {
		const { page, problems, close } = await signedInPage('lanhdao.hungyen');
		await expect.poll(() => pathOf(page)).toBe(`/dot/${LIVE}`);
		expect(await page.locator('h1').innerText()).toBe('Số hóa dữ liệu hộ tịch tỉnh Hưng Yên năm 2026');
		expect(await page.locator('h2#children').innerText()).toMatch(/^Theo cụm thi đua \(6\)$/);
		expect(await page.locator('[data-testid=admin-tasks]').count()).toBe(0);
		await page.waitForLoadState('networkidle');
		await shot(page, 'first-leader-360');
		expect(problems).toEqual([]);
		await close();
	});

	it('an admin lands on the province with the tasks of the day', async () => {
		const { page, problems, close } = await signedInPage('quantri.hungyen');
		await expect.poll(() => pathOf(page)).toBe(`/dot/${LIVE}`);
		const tasks = page.locator('[data-testid=admin-tasks]');
		expect(await tasks.locator('h2').innerText()).toBe('Việc quản trị hôm nay');
		const lines = await tasks.locator('li').allInnerTexts();
		// The demo has a commune silent since the last snapshot; the next snapshot is today or tomorrow.
		expect(lines[0]).toMatch(/^Còn \d+\/\d+ xã chưa báo cáo từ /);
		expect(lines.at(-1)).toMatch(/^Lần chốt số liệu tiếp theo: \d\d:\d\d (hôm nay|ngày mai)$/);
		await page.waitForLoadState('networkidle');
		await shot(page, 'first-admin-360');
		await page.setViewportSize(DESKTOP);
		await page.waitForTimeout(150); // the chart redraws at its new width
		await shot(page, 'first-admin-1366');
		expect(problems).toEqual([]);
		await close();
	});

	it('a `?sau=` target still wins over the role’s first screen', async () => {
		const clerk = await liveClerk();
		const context = await demo.browser.newContext({ viewport: NARROW, locale: 'vi-VN' });
		const page = await context.newPage();
		await page.goto(`${demo.server.url}/dang-nhap?sau=${encodeURIComponent(`/dot/${LIVE}/xep-hang`)}`, { waitUntil: 'networkidle' });
		await page.fill('input[name=username]', clerk.username);
		await page.fill('input[name=password]', DEMO_PASSWORD);
		await page.click('button[type=submit]');
		await expect.poll(() => pathOf(page), { timeout: 10_000 }).toBe(`/dot/${LIVE}/xep-hang`); // as signIn waits for a login
		await context.close();
	});
});

/** Every page route of the app, as SvelteKit ids ("/dot/[code]/nhap/[commune]"). */
function pageRoutes(): string[] {
	const routes: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name === '+page.svelte') routes.push('/' + relative('src/routes', dir).split(sep).join('/'));
		}
	};
	walk('src/routes');
	return routes.map((r) => (r === '/' ? r : r.replace(/\/$/, ''))).sort();
}

/** Pages that were wider than a phone before issue 23: kept as screenshots for people to look at. */
const ONCE_TOO_WIDE = ['/dot/[code]/nhap', '/dot/[code]/chot-so/[id]/in', '/quan-tri/gui-bao-cao/xem-truoc', '/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung/nhap'];

interface Walker {
	role: string;
	username: string | null;
	code: string;
	unit: string;
	commune: string;
}

/** The real value of each route parameter for one walker, from the demo's data. */
async function paramsOf(w: Walker): Promise<Record<string, string>> {
	const db = demo.server.db;
	const campaign = (await findCampaignByCode(db, w.code))!;
	const snapshot = await db.selectFrom('snapshots').select('id').where('campaign_id', '=', campaign.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
	const list = await db.selectFrom('award_lists').select('id').where('campaign_id', '=', campaign.id).orderBy('id').executeTakeFirstOrThrow();
	const rule = await db.selectFrom('award_rules').select('id').where('campaign_id', '=', campaign.id).orderBy('id').executeTakeFirstOrThrow();
	const account = await db.selectFrom('users').select('id').where('username', 'like', 'canbo.%').orderBy('id', 'desc').executeTakeFirstOrThrow();
	return {
		code: w.code,
		unit: w.unit,
		commune: w.commune,
		snapshot: String(snapshot.id),
		awardList: String(list.id),
		rule: String(rule.id),
		account: String(account.id),
		upload: w.username ? await uploadOf(w.username, campaign.code) : 'khong-co'
	};
}

/** An upload by the user with one change, waiting for confirmation (only its sender sees it); admin's for a leader, who cannot upload. */
async function uploadOf(username: string, code: string): Promise<string> {
	const db = demo.server.db;
	const campaign = (await findCampaignByCode(db, code))!;
	const sender = await actorOf(db, username);
	if (sender.role === 'leader') return 'khong-co';
	const file = await countTemplate(db, sender, campaign, 'reports');
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
	// Raise the first count of the sheet by 3: the preview then lists one change.
	let changed = false;
	workbook.worksheets[0].eachRow((row, r) => {
		row.eachCell((cell) => {
			if (!changed && r > 3 && typeof cell.value === 'number') [cell.value, changed] = [cell.value + 3, true];
		});
	});
	return receiveUpload(db, sender, campaign, 'reports', { name: 'so-lieu-cua-xa-co-ten-rat-dai-de-thu-man-hinh-hep.xlsx', bytes: await bytesOf(workbook) });
}

/** The address of a route for a walker; throws for a parameter nobody has given a value. */
function addressOf(route: string, p: Record<string, string>): string {
	const byRoute: Record<string, string> = {
		'/dot/[code]/chot-so/[id]': p.snapshot,
		'/dot/[code]/chot-so/[id]/in': p.snapshot,
		'/dot/[code]/khen-thuong/[id]': p.awardList,
		'/dot/[code]/nhap/tep/[id]': p.upload,
		'/quan-tri/nguoi-dung/[id]': p.account
	};
	return route.replace(/\[(\w+)\]/g, (_, name: string) => {
		const value = name === 'id' ? byRoute[route] : name === 'rule' ? p.rule : p[name];
		if (!value) throw new Error(`no value for [${name}] of ${route}: add it to addressOf in tests/browser-narrow.test.ts`);
		return encodeURIComponent(value);
	});
}

/** Whether the page is wider than the window, and if so the widest element past its right edge that no scrolling box holds. */
function overflowOf(page: Page) {
	return page.evaluate(() => {
		const doc = document.documentElement;
		if (doc.scrollWidth <= innerWidth) return null;
		let worst: { right: number; el: Element } | null = null;
		const walk = (el: Element, held: boolean) => {
			for (const child of Array.from(el.children)) {
				const style = getComputedStyle(child);
				if (style.display === 'none') continue;
				const right = child.getBoundingClientRect().right + scrollX;
				if (!held && right > innerWidth + 0.5 && (!worst || right >= worst.right)) worst = { right, el: child };
				walk(child, held || (child !== document.body && style.overflowX !== 'visible'));
			}
		};
		walk(doc, false);
		const w = worst as { right: number; el: Element } | null;
		const name = w
			? `<${w.el.tagName.toLowerCase()}${w.el.id ? `#${w.el.id}` : ''}${Array.from(w.el.classList)
					.filter((c) => !c.startsWith('svelte-'))
					.map((c) => `.${c}`)
					.join('')}> «${(w.el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}» reaching ${Math.round(w.right)} px`
			: 'no single element';
		return { scrollWidth: doc.scrollWidth, innerWidth, widest: name };
	});
}

describe('every page at 360 px', () => {
	const routes = pageRoutes();

	it('finds the pages of the app in the routes folder', () => {
		expect(routes.length).toBeGreaterThanOrEqual(31);
		expect(routes).toContain('/');
		expect(routes).toContain('/dot/[code]/nhap/[commune]');
	});

	const CLERK = '(the Hưng Yên clerk)';
	const live = { code: LIVE, unit: GROUP, commune: CLERK };
	const walkers: Walker[] = [
		{ role: 'anonymous', username: null, ...live },
		{ role: 'clerk', username: CLERK, ...live },
		{ role: 'group lead', username: 'truongcum5.hungyen', ...live },
		{ role: 'leader', username: 'lanhdao.hungyen', ...live },
		{ role: 'admin', username: 'quantri.hungyen', ...live },
		// Before the reform: districts, their longer names, the map.
		{ role: 'district head of Thái Bình', username: 'vuthu', code: HISTORY, unit: '344', commune: '13192' },
		{ role: 'admin of Thái Bình', username: 'quantri', code: HISTORY, unit: '344', commune: '13192' }
	];

	for (const walker of walkers) {
		it(`is no wider than the phone for the ${walker.role}`, async () => {
			const clerk = await liveClerk();
			const w = { ...walker, username: walker.username === CLERK ? clerk.username : walker.username, commune: walker.commune === CLERK ? clerk.commune : walker.commune };
			const params = await paramsOf(w);
			const { page, close } = await signedInPage(w.username);
			const wide: string[] = [];
			for (const route of routes) {
				const address = addressOf(route, params);
				// Styles, fonts and pictures are in once the page has loaded; no need to idle half a second more.
				await page.goto(demo.server.url + address, { waitUntil: 'load' });
				await page.evaluate(() => document.fonts.ready.then(() => undefined));
				// A page without its stylesheets (refused, say) could pass for narrow: it must be styled.
				if ((await page.evaluate(() => getComputedStyle(document.querySelector('main')!).display)) !== 'grid') wide.push(`${address} as ${w.role}: shown without its styles`);
				const over = await overflowOf(page);
				if (over) wide.push(`${address} as ${w.role} (at ${pathOf(page)}): ${over.scrollWidth} px > ${over.innerWidth} px; widest: ${over.widest}`);
				if (over || (w.role === 'admin' && ONCE_TOO_WIDE.includes(route))) await shot(page, `narrow-${w.role.replace(/\W+/g, '-')}-${address.replace(/\W+/g, '-')}`);
			}
			await close();
			expect(wide).toEqual([]);
		}, 300_000);
	}
});
