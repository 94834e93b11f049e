/**
 * The JavaScript a first visit to a page loads, gzipped (issue 8). The pages' throughput
 * is measured in pages.ts (issue 24).
 */
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
