/**
 * Server rendering (issue 8): requests per second and latency of the overview, a district
 * page and the leaderboard on the bench database, beside a trivial page of the same server
 * (the login page), and the JavaScript a first visit to the overview loads, gzipped.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer } from '../tests/helpers/processes';
import { median } from './measure';

interface Load {
	rps: number;
	p50: number;
	p99: number;
	errors: number;
}

async function load(url: string, seconds: number): Promise<Load> {
	const r = await autocannon({ url, connections: 8, duration: seconds });
	return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** Bytes of JavaScript a first visit loads, each file gzipped as a server would send it. */
async function firstLoadJs(url: string): Promise<{ gzipBytes: number; files: number }> {
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

const fmt = (l: Load) => `${Math.round(l.rps).toLocaleString('vi-VN')} req/s · p50 ${l.p50} ms · p99 ${l.p99} ms`;

export async function benchSsr(dbPath: string, campaignCode: string, districtCode: string, opts: { quick: boolean; log: (line: string) => void }): Promise<string[][]> {
	opts.log('Đo kết xuất phía máy chủ: dựng bản chạy thật (vite build)…');
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
	// Anonymous readers see a public campaign: the bench's own copy is made public.
	const sqlite = new Database(dbPath);
	sqlite.prepare('update campaigns set is_public = 1 where code = ?').run(campaignCode);
	sqlite.close();

	const server = await startServer({ DATABASE_PATH: dbPath });
	try {
		const pages = [
			{ label: 'Trang đăng nhập (baseline)', path: '/dang-nhap' },
			{ label: 'Tổng quan tỉnh', path: `/dot/${campaignCode}` },
			{ label: 'Trang huyện', path: `/dot/${campaignCode}/don-vi/${districtCode}` },
			{ label: 'Bảng xếp hạng', path: `/dot/${campaignCode}/xep-hang` }
		];
		const [seconds, runs] = opts.quick ? [1, 3] : [4, 3];
		for (const p of pages) await load(server.url + p.path, 1); // warm-up
		const results = pages.map(() => [] as Load[]);
		for (let r = 0; r < runs; r++) for (const [i, p] of pages.entries()) results[i].push(await load(server.url + p.path, seconds));
		const medians: Load[] = results.map((rs) => ({ rps: median(rs.map((x) => x.rps)), p50: median(rs.map((x) => x.p50)), p99: median(rs.map((x) => x.p99)), errors: rs.reduce((s, x) => s + x.errors, 0) }));
		const baseline = medians[0];
		const rows = pages.slice(1).map((p, i) => {
			const m = medians[i + 1];
			return [
				`${p.label}${m.errors ? ` (${m.errors} lỗi!)` : ''}`,
				fmt(m),
				fmt(baseline),
				`${(baseline.rps / m.rps).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}× chậm hơn`,
				'—',
				'không đặt (so sánh)'
			];
		});
		const js = await firstLoadJs(server.url + pages[1].path);
		rows.push(['JavaScript tải lần đầu (tổng quan, kể cả biểu đồ)', `${(js.gzipBytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB gzip, ${js.files} tệp`, '—', '—', '—', `≤ 150 KB: ${js.gzipBytes <= 150 * 1024 ? 'đạt' : 'chưa đạt'}`]);
		return rows;
	} finally {
		await server.stop();
	}
}
