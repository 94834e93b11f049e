import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { sharedFile, startDemoServer, type SharedProcess } from './demo-server';

/** Debian's Chromium, headless, never a downloaded browser. */
const CHROMIUM: LaunchOptions = {
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
};

/**
 * Chromium for a test file: in the e2e project, the one this worker's files share (the first
 * starts it through tests/helpers/browser-host.ts, every file connects over Playwright's
 * protocol, each in its own contexts); its `close()` closes the file's contexts and disconnects.
 * Elsewhere (the benchmarks), a browser of its own.
 */
export async function launchBrowser(): Promise<Browser> {
	const cache = process.env.VITEST ? inject('demoCache') : undefined;
	if (!cache) return chromium.launch(CHROMIUM);
	const file = sharedFile(cache, 'browser');
	if (!existsSync(file)) {
		const endpointFile = file.replace(/\.json$/, '.endpoint');
		const log = openSync(`${endpointFile}.log`, 'a');
		const host = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/browser-host.ts', endpointFile, JSON.stringify(CHROMIUM)], {
			detached: true,
			stdio: ['ignore', log, log]
		});
		closeSync(log);
		host.unref();
		for (const deadline = Date.now() + 30_000; !existsSync(endpointFile); await new Promise((r) => setTimeout(r, 50))) {
			if (host.exitCode !== null || Date.now() > deadline) {
				host.kill('SIGTERM');
				throw new Error(`the browser host did not start:\n${readFileSync(`${endpointFile}.log`, 'utf8')}`);
			}
		}
		const shared: SharedProcess & { wsEndpoint: string } = { pid: host.pid!, wsEndpoint: readFileSync(endpointFile, 'utf8') };
		writeFileSync(file, JSON.stringify(shared));
	}
	const { wsEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as { wsEndpoint: string };
	return chromium.connect(wsEndpoint);
}

/**
 * The demo's production server (the worker's shared one unless `own` or `live`, see
 * startDemoServer) and a browser for one test file: started before its tests, released after them.
 */
export function demoInBrowser(opts: { live?: boolean; own?: boolean } = {}): { server: Awaited<ReturnType<typeof startDemoServer>>; browser: Browser } {
	const demo = {} as ReturnType<typeof demoInBrowser>;
	beforeAll(async () => {
		[demo.server, demo.browser] = await Promise.all([startDemoServer(opts), launchBrowser()]);
	}, 120_000);
	afterAll(async () => {
		await demo.browser?.close();
		await demo.server?.stop();
	});
	return demo;
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };
const SCREENS = 'test-results/screens';

/**
 * Collects what a user would never want to see: console errors (CSP refusals among them),
 * page errors, and failed requests (refused, or answered 4xx/5xx).
 */
export function watchProblems(page: Page): string[] {
	const problems: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
	page.on('requestfailed', (r) => {
		// A request the browser itself cancels (the page navigated on) is not a failure.
		if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400) problems.push(`${r.url()}: HTTP ${r.status()}`);
	});
	return problems;
}

/** Saves the page at phone and desktop width under test-results/screens, for people to look at. */
export async function screenshots(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENS, { recursive: true });
	const original = page.viewportSize();
	for (const viewport of [PHONE, DESKTOP]) {
		await page.setViewportSize(viewport);
		await page.waitForTimeout(150); // the chart redraws at its new width
		await page.screenshot({ path: join(SCREENS, `${name}-${viewport.width}.png`), fullPage: true });
	}
	if (original) await page.setViewportSize(original);
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
	await page.goto(`${baseUrl}/dang-nhap`, { waitUntil: 'networkidle' });
	await page.fill('input[name=username]', username);
	await page.fill('input[name=password]', password);
	await page.click('button[type=submit]');
	// A hydrated form navigates client-side, with no load event: watch the address instead.
	await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).not.toBe('/dang-nhap');
}

/** What a chart.js chart on the page holds: each dataset's label and points. */
export interface ChartSeries {
	label: string;
	points: { x: number; y: number }[];
}

/**
 * The datasets of the chart drawn on the first canvas matching `selector`, read through
 * chart.js's own registry (`Chart.getChart(canvas)`), or null while there is none. The
 * app loads chart.js lazily as a module chunk: importing the already loaded chunks again
 * returns the same module instances, so the page needs no hook of its own for tests.
 */
export function chartSeries(page: Page, selector: string): Promise<ChartSeries[] | null> {
	// A string, so that Vite leaves this import() alone: it runs in the page, not in Node.
	return page.evaluate(`(async (selector) => {
		const canvas = document.querySelector(selector);
		const scripts = performance.getEntriesByType('resource').map((e) => e.name).filter((name) => new URL(name).pathname.endsWith('.js'));
		for (const url of scripts) {
			for (const value of Object.values(await import(url))) {
				if (typeof value !== 'function' || typeof value.getChart !== 'function') continue;
				const chart = canvas && value.getChart(canvas);
				if (!chart) return null;
				return chart.data.datasets.map((d) => ({ label: d.label ?? '', points: d.data.map((p) => ({ x: p.x, y: p.y })) }));
			}
		}
		return null;
	})(${JSON.stringify(selector)})`);
}
