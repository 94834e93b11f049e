/**
 * Entry that survives the network (issue 23), in real Chromium against the real server:
 * entries made offline wait on the device through a reload and are sent once when the
 * network returns; a confirm whose reply is lost is resent with its key and counted once;
 * a refusal on sync comes back to the clerk; logging out leaves nothing on the device.
 * Each test counts the reports in the server's SQLite file, opened read-only.
 */
import Database from 'better-sqlite3';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../src/lib/domain/format';
import { demoInBrowser, PHONE, screenshots, signIn } from './helpers/browser';
import { DEMO_PASSWORD } from './helpers/demo-server';

const demo = demoInBrowser();

const CAMPAIGN = 'thaibinh-186';
const COMMUNE = '13192';
const FORM = `/dot/${CAMPAIGN}/nhap/${COMMUNE}`;

interface Row {
	cumulative: number;
	delta: number | null;
	as_of: string;
	received_at: string;
	note: string | null;
	idempotency_key: string | null;
}

/** The commune's reports of one record type, oldest first, read on a read-only connection of the server's file. */
function reportsOf(recordType: string): Row[] {
	const sqlite = new Database(demo.server.dbPath, { readonly: true, fileMustExist: true });
	try {
		return sqlite
			.prepare(
				`select r.cumulative, r.delta, r.as_of, r.received_at, r.note, r.idempotency_key from reports r
				 join units u on u.id = r.commune_id join campaigns c on c.id = r.campaign_id
				 where c.code = ? and u.code = ? and r.record_type = ? order by r.id`
			)
			.all(CAMPAIGN, COMMUNE, recordType) as Row[];
	} finally {
		sqlite.close();
	}
}

/** The value in force: the latest `as_of`, then the latest received. */
const inForce = (rows: Row[]) =>
	[...rows].sort((a, b) => (a.as_of === b.as_of ? a.received_at.localeCompare(b.received_at) : a.as_of.localeCompare(b.as_of))).at(-1)?.cumulative ?? 0;

/** A clerk's phone: a fresh browser profile (its own worker, caches and IndexedDB), signed in, on the commune's form once it is ready offline. */
async function clerkPhone(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
	const context = await demo.browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('pageerror', (e) => problems.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
	});
	await signIn(page, demo.server.url, 'canbo.13192', DEMO_PASSWORD);
	await page.goto(demo.server.url + FORM);
	// The worker installs, claims the page and caches its files: slow on a loaded machine.
	await page.getByTestId('offline-ready').waitFor({ timeout: 45_000 });
	return { context, page, problems };
}

/** Lets the next confirm reach the server, then drops its reply: the write lands, the page never hears of it. */
async function cutNextConfirmReply(page: Page): Promise<() => boolean> {
	let cut = false;
	await page.route(
		(url) => url.pathname === FORM && url.search === '?/confirm',
		async (route: Route) => {
			await route.fetch();
			cut = true;
			await route.abort('connectionreset');
		},
		{ times: 1 }
	);
	return () => cut;
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
const press = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

// Each test waits up to 45 s for the worker (see clerkPhone); one retry for a CI machine under load.
describe('entry that survives the network', { timeout: 120_000, retry: 1 }, () => {
	it('keeps entries made offline through a reload and sends each once when the network returns', async () => {
		const { context, page, problems } = await clerkPhone();
		const [births, marriages] = [reportsOf('khai_sinh'), reportsOf('ket_hon')];

		await context.setOffline(true);
		await expect.poll(() => text(page, 'main')).toContain('Đang mất mạng');
		await page.check('input[name=mode][value=delta]');
		await page.fill('#v-khai_sinh', '7');
		await press(page, 'Lưu trên máy');
		await expect.poll(() => text(page, '#pending-title')).toBe('Chờ gửi (1)');
		await page.check('input[name=mode][value=delta]');
		await page.fill('#v-ket_hon', '3');
		await press(page, 'Lưu trên máy');
		await expect.poll(() => text(page, '#pending-title')).toBe('Chờ gửi (2)');
		await screenshots(page, 'nhap-cho-gui');

		// Reloaded while offline: the worker serves the page, the device still holds both entries.
		expect((await page.reload())?.fromServiceWorker()).toBe(true);
		await expect.poll(() => text(page, '#pending-title')).toBe('Chờ gửi (2)');
		expect(await text(page, 'section.pending')).toContain('Khai sinh +7');
		expect(reportsOf('khai_sinh')).toHaveLength(births.length);
		// The worker itself has no network: a form it never cached does not open, so the one above came from its cache.
		const probe = await context.newPage();
		await expect(probe.goto(`${demo.server.url}/dot/${CAMPAIGN}/nhap/13195`)).rejects.toThrow(/ERR_/);
		await probe.close();
		// Opened from the home screen (`/`) without network: the form kept on the device.
		await page.goto(demo.server.url + '/');
		expect(new URL(page.url()).pathname).toBe(FORM);
		await expect.poll(() => text(page, '#pending-title')).toBe('Chờ gửi (2)');

		await context.setOffline(false);
		await expect.poll(() => page.locator('section.pending').count(), { timeout: 20_000 }).toBe(0);
		const [births2, marriages2] = [reportsOf('khai_sinh'), reportsOf('ket_hon')];
		expect(births2).toHaveLength(births.length + 1);
		expect(marriages2).toHaveLength(marriages.length + 1);
		const [birth, marriage] = [births2.at(-1)!, marriages2.at(-1)!];
		expect(birth.delta).toBe(7);
		expect(marriage.delta).toBe(3);
		expect(birth.idempotency_key).not.toBe(marriage.idempotency_key);
		// Stamped with the time they were made, before they were received.
		expect(birth.as_of < birth.received_at).toBe(true);
		expect(birth.as_of < marriage.as_of).toBe(true);
		// The figures on the form follow.
		await expect.poll(() => text(page, 'main')).toContain(`Hiện có ${formatCount(inForce(births2))}`);
		// And so does the page kept for offline use: reloaded without network, it shows them.
		await expect
			.poll(() => page.evaluate(async () => (await (await caches.open('tiendo-pages')).match(location.origin + location.pathname))?.text()))
			.toContain(`${formatCount(inForce(births2))} (`);
		await context.setOffline(true);
		await page.reload();
		await expect.poll(() => text(page, 'main')).toContain(`Hiện có ${formatCount(inForce(births2))}`);
		await context.setOffline(false);

		// Back online and reloaded again: nothing is sent a second time.
		await page.reload();
		await page.getByTestId('offline-ready').waitFor();
		expect(reportsOf('khai_sinh')).toHaveLength(births.length + 1);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('resends a confirm whose reply was lost with its key: one write', async () => {
		const { context, page, problems } = await clerkPhone();
		const before = reportsOf('khai_sinh');
		const value = inForce(before) + 11;
		const wasCut = await cutNextConfirmReply(page);
		await page.fill('#v-khai_sinh', String(value));
		await press(page, 'Xem trước');
		await press(page, 'Xác nhận gửi');
		await expect.poll(() => text(page, '[data-testid=lost]')).toContain('Mất kết nối — chưa rõ số liệu đã được ghi hay chưa');
		expect(wasCut()).toBe(true);
		expect(reportsOf('khai_sinh')).toHaveLength(before.length + 1);
		// What was typed is still there, and no English error page.
		expect(await text(page, 'main')).not.toMatch(/Failed to fetch|Internal Error/);
		await screenshots(page, 'nhap-mat-ket-noi');

		await press(page, 'Gửi lại');
		await expect.poll(() => text(page, '[role=status]')).toContain('đã được ghi từ lần gửi trước');
		const after = reportsOf('khai_sinh');
		expect(after).toHaveLength(before.length + 1);
		expect(after.at(-1)!.cumulative).toBe(value);
		// The clerk stays on the commune's form, with the new figure.
		expect(new URL(page.url()).pathname).toBe(FORM);
		expect(await text(page, 'main')).toContain(formatCount(value));
		expect(problems).toEqual([]);
		await context.close();
	});

	it('counts an increment whose reply was lost once, and says so when it is entered again', async () => {
		const { context, page, problems } = await clerkPhone();
		const before = reportsOf('ket_hon');
		const start = inForce(before);
		const wasCut = await cutNextConfirmReply(page);
		await page.check('input[name=mode][value=delta]');
		await page.fill('#v-ket_hon', '5');
		await press(page, 'Xem trước');
		await press(page, 'Xác nhận gửi');
		await expect.poll(() => text(page, '[data-testid=lost]')).toContain('Mất kết nối');
		expect(wasCut()).toBe(true);

		// Entered again on the same page: the change since the page was opened shows before any confirm.
		await page.check('input[name=mode][value=delta]');
		await page.fill('#v-ket_hon', '5');
		await press(page, 'Xem trước');
		await expect
			.poll(() => text(page, '[data-testid=changed]'))
			.toContain(`giá trị đã thay đổi từ khi mở trang: ${formatCount(start)} → ${formatCount(start + 5)}; số tăng thêm +5 sẽ thành ${formatCount(start + 10)}`);
		await screenshots(page, 'nhap-da-thay-doi');

		// The clerk resends the first instead.
		await press(page, 'Gửi lại');
		await expect.poll(() => text(page, '[role=status]')).toContain('đã được ghi từ lần gửi trước');
		const after = reportsOf('ket_hon');
		expect(after).toHaveLength(before.length + 1);
		expect(inForce(after)).toBe(start + 5);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('brings a correction made offline without a reason back to the clerk with the server’s words', async () => {
		const { context, page, problems } = await clerkPhone();
		const before = reportsOf('khai_sinh');
		const lower = inForce(before) - 2;
		await context.setOffline(true);
		await expect.poll(() => text(page, 'main')).toContain('Đang mất mạng');
		await page.fill('#v-khai_sinh', String(lower));
		await press(page, 'Lưu trên máy');
		await expect.poll(() => text(page, '#pending-title')).toBe('Chờ gửi (1)');

		await context.setOffline(false);
		await expect.poll(() => text(page, 'section.pending'), { timeout: 20_000 }).toContain('Máy chủ không nhận');
		expect(await text(page, 'section.pending')).toContain('cần ghi lý do');
		await screenshots(page, 'nhap-bi-tu-choi');
		expect(reportsOf('khai_sinh')).toHaveLength(before.length);

		// Back in the form, with a reason this time: written once.
		await press(page, 'Sửa lại');
		await expect.poll(() => page.inputValue('#v-khai_sinh')).toBe(String(lower));
		await expect.poll(() => page.locator('section.pending').count()).toBe(0);
		await page.fill('textarea[name=note]', 'Trùng hai bản ghi');
		await press(page, 'Xem trước');
		await press(page, 'Xác nhận gửi');
		await expect.poll(() => text(page, '[role=status]')).toContain('Đã ghi số liệu của 1 loại việc');
		const after = reportsOf('khai_sinh');
		expect(after).toHaveLength(before.length + 1);
		expect(after.at(-1)).toMatchObject({ cumulative: lower, note: 'Trùng hai bản ghi' });
		expect(await page.locator('section.pending').count()).toBe(0);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('leaves no figures on the device after logging out', async () => {
		const { context, page } = await clerkPhone();
		await context.setOffline(true);
		await page.fill('#v-khai_sinh', '1');
		await press(page, 'Lưu trên máy');
		await expect.poll(() => text(page, '#pending-title')).toBe('Chờ gửi (1)');
		// Logged out before it could be sent (the sync is stopped by cutting its request).
		await page.route(
			(url) => url.search === '?/confirm',
			(route) => route.abort()
		);
		await context.setOffline(false);
		await press(page, 'Đăng xuất');
		await expect.poll(() => new URL(page.url()).pathname).toBe('/');
		const left = await page.evaluate(async () => ({
			caches: await caches.keys(),
			databases: (await indexedDB.databases()).map((d) => d.name),
			workers: (await navigator.serviceWorker.getRegistrations()).length
		}));
		expect(left).toEqual({ caches: [], databases: [], workers: 0 });
		await context.setOffline(true);
		await expect(page.goto(demo.server.url + FORM)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
		await context.close();
	});
});
