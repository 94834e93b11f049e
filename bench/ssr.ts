/**
 * The JavaScript a first visit to a page loads, gzipped (issue 8). The pages' throughput
 * is measured in pages.ts (issue 24).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/helpers/browser';

/** Bytes of JavaScript a first visit loads, each file gzipped as a server would send it. */
export async function firstLoadJs(url: string): Promise<{ gzipBytes: number; files: number }> {
	const browser = await launchBrowser();
	try {
		const page = await browser.newPage();
		const scripts: Promise<Buffer>[] = [];
		page.on('response', (r) => {
			if (r.request().resourceType() === 'script') scripts.push(r.body());
		});
		await page.goto(url, { waitUntil: 'networkidle' });
		const bodies = await Promise.all(scripts);
		return { gzipBytes: bodies.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0), files: bodies.length };
	} finally {
		await browser.close();
	}
}

/** The files a module reaches through the Vite client manifest: its own, its imports, and, when asked, what it imports on demand. */
function reachable(manifest: Record<string, { file: string; imports?: string[]; dynamicImports?: string[] }>, keys: string[], dynamic: boolean): Set<string> {
	const files = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key) || !manifest[key]) return;
		seen.add(key);
		files.add(manifest[key].file);
		for (const k of manifest[key].imports ?? []) visit(k);
		if (dynamic) for (const k of manifest[key].dynamicImports ?? []) visit(k);
	};
	keys.forEach(visit);
	return files;
}

export interface ClerkFirstLoad {
	/** Everything the first visit to the entry form transfers, each file gzipped. */
	totalGzip: number;
	files: number;
	/** Of which the service worker, its Workbox runtime, the manifest, the offline store's own chunks and the page fetched again for the cache. */
	offlineGzip: number;
	offlineFiles: string[];
}

/**
 * A clerk's first visit to their commune's entry form (issue 23), in a fresh Chromium profile,
 * until the page says it is ready offline (worker installed, page and files cached): what it
 * loads, and what the service worker and the offline store add to it. The offline store's
 * chunks are those of `src/lib/client/` and workbox-window that no other module of the build
 * imports (read from the build's Vite manifest).
 */
export async function clerkFirstLoad(url: string, sessionCookie: string, manifestPath = '.svelte-kit/output/client/.vite/manifest.json'): Promise<ClerkFirstLoad> {
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<
		string,
		{ file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] }
	>;
	const offlineKeys = Object.keys(manifest).filter((k) => k.startsWith('src/lib/client/') || k.includes('workbox-window'));
	const otherEntries = Object.keys(manifest).filter((k) => (manifest[k].isEntry || manifest[k].isDynamicEntry) && !offlineKeys.includes(k));
	const shared = reachable(manifest, otherEntries, false);
	const offlineChunks = new Set([...reachable(manifest, offlineKeys, true)].filter((f) => !shared.has(f)));

	const origin = new URL(url).origin;
	const browser = await launchBrowser();
	try {
		const context = await browser.newContext();
		const [name, value] = sessionCookie.split('=');
		await context.addCookies([{ name, value, url: origin }]);
		const page = await context.newPage();
		const loads: Promise<{ url: string; gzip: number }>[] = [];
		page.on('response', (r) => {
			if (r.status() !== 200 || !r.url().startsWith(origin)) return;
			loads.push(r.body().then((b) => ({ url: r.url(), gzip: gzipSync(b, { level: 9 }).length })));
		});
		await page.goto(url, { waitUntil: 'networkidle' });
		await page.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
		const seen = await Promise.all(loads);
		// The worker's own files are fetched by the worker, not the page.
		const sw = await (await fetch(`${origin}/sw.js`)).text();
		const runtime = /define\(\["\.\/(workbox-[\w-]+)"\]/.exec(sw)?.[1];
		const workerFiles = await Promise.all(
			['/sw.js', ...(runtime ? [`/${runtime}.js`] : []), '/manifest.webmanifest'].map(async (path) => ({
				url: origin + path,
				gzip: gzipSync(Buffer.from(await (await fetch(origin + path)).arrayBuffer()), { level: 9 }).length
			}))
		);
		const firstOf = new Map<string, { url: string; gzip: number }>();
		const again: { url: string; gzip: number }[] = [];
		for (const s of seen) {
			if (firstOf.has(s.url)) {
				// Fetched a second time to be cached: only the page itself is not already in the HTTP cache.
				if (new URL(s.url).pathname === new URL(url).pathname) again.push(s);
			} else firstOf.set(s.url, s);
		}
		const all = [...firstOf.values(), ...again, ...workerFiles.filter((w) => !firstOf.has(w.url))];
		const offline = all.filter((s) => workerFiles.some((w) => w.url === s.url) || again.includes(s) || offlineChunks.has(new URL(s.url).pathname.slice(1)));
		return {
			totalGzip: all.reduce((sum, s) => sum + s.gzip, 0),
			files: all.length,
			offlineGzip: offline.reduce((sum, s) => sum + s.gzip, 0),
			offlineFiles: offline.map((s) => new URL(s.url).pathname)
		};
	} finally {
		await browser.close();
	}
}
