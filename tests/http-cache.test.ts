/**
 * Pages at the speed of the data (issue 24), on the production server: ETags from the
 * campaign's data version and the reader, 304 on a match, compressed copies of the same
 * bytes, and a CSP without a per-response nonce that still refuses an injected script.
 */
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser';
import { browserOf, startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
let b: ReturnType<typeof browserOf>;
beforeAll(async () => {
	s = await startDemoServer();
	b = browserOf(s.url);
}, 60_000);
afterAll(() => s?.stop());

const DOT = '/dot/thaibinh-186';
const API = '/api/v1/campaigns/thaibinh-186';

/** A GET as raw bytes, never decoded (fetch would undo the compression). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(s.url + path, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

const headDone = (html: string) => Number(/data-testid="head-done">([^<]+)</.exec(html)![1].replace(/\./g, ''));

describe('cached pages and their validators', () => {
	it('answers a current If-None-Match with 304 and no body, a stale one with the page', async () => {
		const first = await raw(DOT, { 'accept-encoding': 'identity' });
		expect(first.status).toBe(200);
		const etag = first.headers.etag as string;
		expect(etag).toMatch(/^"[\w-]+"$/);
		expect(first.headers['cache-control']).toBe('public, no-cache'); // anonymous, public campaign, public page
		expect(new Date(first.headers['last-modified'] as string).getTime()).not.toBeNaN();
		expect(first.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
		expect(first.headers['content-security-policy']).not.toContain('nonce');

		const again = await raw(DOT, { 'accept-encoding': 'identity', 'if-none-match': etag });
		expect(again.status).toBe(304);
		expect(again.body.length).toBe(0);
		expect(again.headers.etag).toBe(etag);
		// A 304's headers replace the kept page's: no policy of its own, or the page loses its styles.
		expect(again.headers['content-security-policy']).toBeUndefined();
		const stale = await raw(DOT, { 'accept-encoding': 'identity', 'if-none-match': '"not-the-current-one"' });
		expect(stale.status).toBe(200);
		expect(stale.body.equals(first.body)).toBe(true);

		// A signed-in reader's page is their own: another tag, private.
		const leader = await raw(DOT, { 'accept-encoding': 'identity', cookie: await b.login('lanhdao'), 'if-none-match': etag });
		expect(leader.status).toBe(200);
		expect(leader.headers.etag).not.toBe(etag);
		expect(leader.headers['cache-control']).toBe('private, no-cache');
	});

	it('gives brotli and gzip copies that decode to the very bytes of the page', async () => {
		const plain = await raw(`${DOT}/xep-hang`, { 'accept-encoding': 'identity' });
		const br = await raw(`${DOT}/xep-hang`, { 'accept-encoding': 'gzip, deflate, br' });
		const gz = await raw(`${DOT}/xep-hang`, { 'accept-encoding': 'gzip' });
		expect([br.headers['content-encoding'], gz.headers['content-encoding'], plain.headers['content-encoding']]).toEqual(['br', 'gzip', undefined]);
		expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
		expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
		expect(br.body.length).toBeLessThan(plain.body.length / 3);
		expect(br.headers.vary).toContain('Accept-Encoding');
		// Each encoding is its own representation, and each revalidates.
		expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
		expect((await raw(`${DOT}/xep-hang`, { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string })).status).toBe(304);
		// Text responses outside the cache are compressed too: the login page, the API's OpenAPI document.
		for (const path of ['/dang-nhap', '/api/v1/openapi.json']) {
			const [c, p] = await Promise.all([raw(path, { 'accept-encoding': 'br' }), raw(path, { 'accept-encoding': 'identity' })]);
			expect(c.headers['content-encoding'], path).toBe('br');
			expect(brotliDecompressSync(c.body).length, path).toBe(p.body.length);
		}
	});

	it('a report changes the campaign’s ETag and the next request shows the new figure', async () => {
		const page = await raw(DOT, { 'accept-encoding': 'identity' });
		const api = await raw(`${API}/progress`, { authorization: `Bearer ${s.tokens.lanhdao}` });
		const done = headDone(page.body.toString());
		const sent = await s.call(`${API}/reports`, { token: 'canbo.13192', method: 'POST', body: { reports: [{ commune: '13192', recordType: 'khai_sinh', delta: 40 }] } });
		expect(sent.status).toBe(201);
		const after = await raw(DOT, { 'accept-encoding': 'identity', 'if-none-match': page.headers.etag as string });
		expect(after.status).toBe(200);
		expect(after.headers.etag).not.toBe(page.headers.etag);
		expect(headDone(after.body.toString())).toBe(done + 40);
		const apiAfter = await raw(`${API}/progress`, { authorization: `Bearer ${s.tokens.lanhdao}`, 'if-none-match': api.headers.etag as string });
		expect(apiAfter.status).toBe(200);
		expect(JSON.parse(apiAfter.body.toString()).rows[0].done).toBe(JSON.parse(api.body.toString()).rows[0].done + 40);
	});

	it('puts the same validators on the API’s progress, leaderboard and snapshot JSON, per reader scope', async () => {
		for (const path of [`${API}/progress?level=district`, `${API}/leaderboard`, `${API}/snapshots/29`, `${API}/snapshots`]) {
			const auth = { authorization: `Bearer ${s.tokens.lanhdao}` };
			const first = await raw(path, auth);
			expect(first.status, path).toBe(200);
			expect(first.headers['cache-control'], path).toBe('private, no-cache');
			expect((await raw(path, { ...auth, 'if-none-match': first.headers.etag as string })).status, path).toBe(304);
			// Another reader's scope never revalidates against it.
			const head = await raw(path, { authorization: `Bearer ${s.tokens.vuthu}`, 'if-none-match': first.headers.etag as string });
			expect(head.status, path).toBe(200);
		}
		// A refusal is never cached nor shared: without a token the snapshots stay closed.
		expect((await raw(`${API}/snapshots`)).status).toBe(401);
	});
});

describe('the Content-Security-Policy without a nonce', () => {
	it('still refuses a script injected into a page, in Chromium', async () => {
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage();
			const refused: string[] = [];
			page.on('console', (m) => {
				if (m.type() === 'error' && /Content Security Policy/.test(m.text())) refused.push(m.text());
			});
			// The page as the server sends it, with its own headers, and a script slipped into it.
			await page.route(`${s.url}${DOT}`, async (route) => {
				const response = await route.fetch();
				const html = (await response.text()).replace('</main>', '<script>document.title = "injected";</script></main>');
				await route.fulfill({ response, body: html });
			});
			await page.goto(`${s.url}${DOT}`, { waitUntil: 'networkidle' });
			expect(await page.title()).not.toBe('injected');
			expect(refused.some((m) => /inline script/.test(m))).toBe(true);
			// SvelteKit's own inline script runs: the page hydrated (the table sorts on a click).
			await page.click('th button:text("Tên"), th button:has-text("Huyện")');
			await expect.poll(() => page.locator('th[aria-sort=ascending] button').innerText()).toContain('Huyện');
		} finally {
			await browser.close();
		}
	});
});
