/**
 * A national campaign in a browser (issue 29, item 1): the ministry reads the province
 * ranking and opens a province; a province admin sees only their province's part.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/lib/domain/access';
import { addUser } from '../src/lib/server/auth/accounts';
import { campaignAsSeenBy } from '../src/lib/server/campaigns/access';
import { createCampaign, setCampaignTargets } from '../src/lib/server/campaigns/service';
import { submitReports } from '../src/lib/server/counts/service';
import { takeSnapshot } from '../src/lib/server/snapshots/service';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import { findUnit, listUnits } from '../src/lib/server/units/repository';
import { launchBrowser, screenshots, signIn, watchProblems } from './helpers/browser';
import { createTestDb, type TestDb } from './helpers/db';
import { startServer } from './helpers/processes';

const PASSWORD = 'Mat-khau-thu-2026!';
const DAY = 86_400_000;
let t: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let snapshotId: number;

beforeAll(async () => {
	t = await createTestDb();
	const { hierarchyId } = await importUnitList(t.db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: '2026-07-25', source: 'api', actor: 'test' });
	const user = await addUser(t.db, { username: 'cuc.hotich', role: 'ministry', password: PASSWORD });
	await addUser(t.db, { username: 'quantri.hungyen', role: 'admin', unitCode: '33', password: PASSWORD });
	const ministry: Actor = { userId: user.id, username: 'cuc.hotich', displayName: 'Cục Hộ tịch', role: 'ministry', unitId: 0, provinceId: 0 };
	const now = Date.now();
	const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
	const national = await createCampaign(t.db, ministry, {
		code: 'toan-quoc',
		name: 'Số hóa sổ hộ tịch toàn quốc',
		hierarchy: '2026-07-25',
		start: day(-5),
		deadline: day(20),
		recordTypes: ['khai_sinh']
	});
	const communes = await listUnits(t.db, hierarchyId, { level: 'commune' });
	await setCampaignTargets(
		t.db,
		ministry,
		national,
		communes.map((c) => ({ commune: c.code, recordType: 'khai_sinh', target: 1000 })),
		'api'
	);
	// Hưng Yên's communes are ahead of Hà Nội's.
	for (const [code, share] of [
		['33', 0.6],
		['01', 0.2]
	] as const) {
		const province = (await findUnit(t.db, hierarchyId, code))!;
		const admin: Actor = { userId: user.id, username: 'test', displayName: 'test', role: 'admin', unitId: province.id, provinceId: province.id };
		const own = await listUnits(t.db, hierarchyId, { level: 'commune', provinceId: province.id });
		const reports = own.map((c) => ({ commune: c.code, recordType: 'khai_sinh', cumulative: Math.round(1000 * share) }));
		await submitReports(t.db, admin, await campaignAsSeenBy(t.db, admin, national), { reports }, { source: 'api', idempotencyKey: null });
	}
	snapshotId = (await takeSnapshot(t.db, national, { slot: new Date(), kind: 'scheduled', source: 'api' }))!.id;
	[server, browser] = await Promise.all([startServer({ DATABASE_PATH: join(t.dir, 'test.db') }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await t?.close();
});

describe('a national campaign in a browser', () => {
	it('shows the ministry the provinces ranked, and a province when it opens one', async () => {
		const page = await browser.newPage();
		const problems = watchProblems(page);
		await signIn(page, server.url, 'cuc.hotich', PASSWORD);
		await page.goto(`${server.url}/dot/toan-quoc/xep-hang?cap=province&lan=${snapshotId}`, { waitUntil: 'networkidle' });
		await expect.poll(() => page.locator('h2#board').textContent()).toContain('Các tỉnh, thành phố (34)');
		const board = await page.locator('main').innerText();
		expect(board.indexOf('Tỉnh Hưng Yên')).toBeGreaterThan(-1);
		expect(board.indexOf('Tỉnh Hưng Yên')).toBeLessThan(board.indexOf('Thành phố Hà Nội'));
		await screenshots(page, 'national-ranking');

		await page.goto(`${server.url}/dot/toan-quoc`, { waitUntil: 'networkidle' });
		expect(await page.locator('main').innerText()).toContain('Theo tỉnh/thành phố (34)');
		await page.getByRole('link', { name: 'Tỉnh Hưng Yên' }).first().click();
		await expect.poll(() => new URL(page.url()).pathname).toBe('/dot/toan-quoc/don-vi/33');
		await expect.poll(() => page.locator('h1').textContent()).toBe('Tỉnh Hưng Yên');
		await screenshots(page, 'national-province');

		// The campaign's administration: its award rules judge provinces too.
		await page.goto(`${server.url}/dot/toan-quoc`, { waitUntil: 'networkidle' });
		await page.getByRole('link', { name: 'Quản trị đợt toàn quốc' }).click();
		await expect.poll(() => new URL(page.url()).pathname).toBe('/quan-tri/dot/toan-quoc');
		await page.goto(`${server.url}/quan-tri/dot/toan-quoc/khen-thuong`, { waitUntil: 'networkidle' });
		expect(await page.locator('select[name=level] option').allTextContents()).toContain('Tỉnh, thành phố');
		expect(await page.locator('select[name=level]').inputValue()).toBe('province');
		expect(await page.locator('input[name=award]').getAttribute('placeholder')).toBe('Bằng khen của Bộ trưởng Bộ Tư pháp');
		await screenshots(page, 'national-awards');
		expect(problems).toEqual([]);
		await page.close();
	});

	it('shows a province admin only their province’s part, as their own campaign', async () => {
		const page = await browser.newPage();
		const problems = watchProblems(page);
		await signIn(page, server.url, 'quantri.hungyen', PASSWORD);
		await expect.poll(() => new URL(page.url()).pathname).toBe('/dot/toan-quoc');
		const text = await page.locator('main').innerText();
		expect(text).toContain('toàn tỉnh Hưng Yên');
		expect(text).not.toContain('Hà Nội');
		expect(text).not.toContain('Theo tỉnh/thành phố');
		expect(await page.getByTestId('head-pct').textContent()).toBe('60,0%');
		await screenshots(page, 'national-province-part');
		// Another province's page is not theirs.
		const foreign = await page.goto(`${server.url}/dot/toan-quoc/don-vi/01`);
		expect(foreign?.status()).toBe(404);
		expect(problems.filter((p) => !p.includes('/don-vi/01'))).toEqual([]);
		await page.close();
	});
});
