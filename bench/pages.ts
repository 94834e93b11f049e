/**
 * Pages at the speed of the data (issue 24): the overview, a district page, the leaderboard
 * (anonymous and signed in) and the API's progress and leaderboard, on a full-length
 * campaign (every scheduled snapshot of its window), each beside the login page and a
 * static file of the same server in the same run: on the 304 path, rendered from the cache,
 * and uncached (as the first request after a change); then province B's overview while
 * province A receives reports at a steady rate. The same pages on the fixture without
 * snapshots give the second row.
 */
import autocannon from 'autocannon';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { addUser } from '../src/lib/server/auth/accounts';
import { createApiToken, startSession } from '../src/lib/server/auth/session';
import { findUserByUsername } from '../src/lib/server/auth/users';
import { findCampaignByCode, insertCampaign, setCampaignRecordTypes, setCampaignStages } from '../src/lib/server/campaigns/repository';
import { setTargets } from '../src/lib/server/campaigns/targets';
import { migrateToLatest, openDatabase, openSqlite, type Database } from '../src/lib/server/db';
import { takeSnapshot } from '../src/lib/server/snapshots/service';
import { addDays, zonedInstant } from '../src/lib/domain/time';
import { startServer } from '../tests/helpers/processes';
import { START } from './fixture';
import { median } from './measure';
import { clerkFirstLoad, firstLoadJs } from './ssr';

export interface PagesSize {
	/** The campaigns given every scheduled snapshot, and for how many days of their window. */
	campaigns: string[];
	days: number;
	/** The campaign measured (province B) and one of its districts; province A receives the writes. */
	measured: string;
	district: string;
	writes: string;
	seconds: number;
	runs: number;
}

export const QUICK_PAGES: PagesSize = { campaigns: ['bench-34'], days: 21, measured: 'bench-34', district: '344', writes: 'bench-01', seconds: 1, runs: 1 };
export const NATIONAL_PAGES: PagesSize = {
	campaigns: ['bench-34', 'bench-01', 'bench-79', 'bench-31', 'bench-48'],
	days: 80,
	measured: 'bench-34',
	district: '344',
	writes: 'bench-01',
	seconds: 3,
	runs: 3
};

/** The full-length fixture: a copy of the fixture with every scheduled snapshot of `days` days, taken by the app's own code. */
export async function buildFullLength(basePath: string, size: PagesSize, log: (line: string) => void): Promise<string> {
	const path = basePath.replace(/\.db$/, '-full.db');
	if (existsSync(path)) return path;
	const tmp = `${path}.building`;
	for (const s of ['', '-wal', '-shm']) rmSync(tmp + s, { force: true });
	copyFileSync(basePath, tmp);
	const { db, sqlite } = openSqlite(tmp);
	await migrateToLatest(db);
	await ensureWriteCampaign(db, size.writes);
	for (const code of size.campaigns) {
		const campaign = (await findCampaignByCode(db, code))!;
		const started = performance.now();
		let taken = 0;
		for (let d = 0; d < size.days; d++) {
			for (const time of campaign.snapshotTimes) {
				const slot = zonedInstant(addDays(START, d), time, campaign.timeZone);
				await takeSnapshot(db, (await findCampaignByCode(db, code))!, { slot, kind: 'scheduled', now: slot });
				taken++;
			}
		}
		log(`  ${code}: ${taken} lần chốt trong ${Math.round((performance.now() - started) / 1000)} s`);
	}
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	await db.destroy();
	renameSync(tmp, path);
	for (const s of ['-wal', '-shm']) rmSync(tmp + s, { force: true });
	return path;
}

/** A clerk of the measured campaign's first commune, signed in. */
async function clerkOf(path: string, campaignCode: string): Promise<{ cookie: string; commune: string }> {
	const { db } = openDatabase(path);
	try {
		const commune = (
			await db
				.selectFrom('units as u')
				.innerJoin('campaigns as c', 'c.province_id', 'u.province_id')
				.select('u.code')
				.where('c.code', '=', campaignCode)
				.where('u.level', '=', 'commune')
				.orderBy('u.code')
				.executeTakeFirstOrThrow()
		).code;
		const username = `bench.canbo.${commune}`;
		if (!(await findUserByUsername(db, username))) await addUser(db, { username, role: 'clerk', unitCode: commune, password: 'mat khau do hieu nang' });
		const { token } = await startSession(db, (await findUserByUsername(db, username))!.id);
		return { cookie: `tiendo_session=${token}`, commune };
	} finally {
		await db.destroy();
	}
}

/** Province A's campaign, for the writes: the quick fixture holds Thái Bình only, so it gets a small one. */
async function ensureWriteCampaign(db: Database, code: string): Promise<void> {
	if (await findCampaignByCode(db, code)) return;
	const provinceCode = code.replace('bench-', '');
	const province = await db.selectFrom('units').select(['id', 'hierarchy_id']).where('code', '=', provinceCode).where('level', '=', 'province').executeTakeFirstOrThrow();
	const communes = await db.selectFrom('units').select('id').where('province_id', '=', province.id).where('level', '=', 'commune').execute();
	await db.transaction().execute(async (tx) => {
		const id = await insertCampaign(tx, {
			code,
			name: `Đợt đo ${provinceCode}`,
			hierarchy_id: province.hierarchy_id,
			province_id: province.id,
			start_date: START,
			deadline: addDays(START, 79),
			is_public: 1
		});
		await setCampaignRecordTypes(tx, id, ['khai_sinh']);
		await setCampaignStages(tx, id, [{ code: 'nhap_lieu', name: 'Nhập liệu' }]);
		await setTargets(
			tx,
			id,
			communes.map((c) => ({ communeId: c.id, recordType: 'khai_sinh', target: 100_000 })),
			{ at: new Date().toISOString(), authorId: null, source: 'api' }
		);
	});
}

interface Reader {
	cookie: string;
	token: string;
}

/** A signed-in reader of the bench: a session cookie and an API token. */
async function readerOf(db: Database, username: string, role: 'admin' | 'leader' | 'district', unitCode: string): Promise<Reader> {
	if (!(await findUserByUsername(db, username))) await addUser(db, { username, role, unitCode, password: 'mat khau do hieu nang' });
	const user = (await findUserByUsername(db, username))!;
	const { token } = await startSession(db, user.id);
	return { cookie: `tiendo_session=${token}`, token: (await createApiToken(db, username, { name: `bench ${Date.now()}`, actor: 'bench' }))! };
}

interface Load {
	rps: number;
	p50: number;
	p99: number;
	/** Answers other than the one expected (a 304 on the 304 path, else 200), and failures. */
	errors: number;
}

async function load(url: string, seconds: number, headers: Record<string, string>, expected = 200): Promise<Load> {
	const r = await autocannon({ url, connections: 8, duration: seconds, headers });
	const codes = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
	const wrong = Object.entries(codes).reduce((sum, [code, { count }]) => sum + (Number(code) === expected ? 0 : count), 0);
	return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + wrong };
}

const combine = (rs: Load[]): Load => ({
	rps: median(rs.map((x) => x.rps)),
	p50: median(rs.map((x) => x.p50)),
	p99: median(rs.map((x) => x.p99)),
	errors: rs.reduce((s, x) => s + x.errors, 0)
});
const rps = (l: Load) => `${Math.round(l.rps).toLocaleString('vi-VN')} req/s`;
const fmt = (l: Load) => `${rps(l)} · p50 ${l.p50} ms · p99 ${l.p99} ms${l.errors ? ` (${l.errors} lỗi!)` : ''}`;
const kb = (n: number) => `${(n / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;

interface Target {
	label: string;
	/**
	 * Which server: the usual one; one with CACHE=data, where each page is rendered anew from the
	 * figures of the current version (a reader's first page after a change); or one with CACHE=off,
	 * where every request also evaluates the campaign (the very first request after a change).
	 */
	server: 'cached' | 'render' | 'evaluate';
	path: string;
	headers: Record<string, string>;
	/** Ask with the current ETag: the 304 path. */
	revalidate?: boolean;
	aim?: string;
}

/** Measures targets in rounds, each round beside the login page and a static file of the same server. */
async function measure(urls: Record<Target['server'], string>, targets: Target[], size: PagesSize): Promise<{ results: Load[]; login: Load; asset: Load }> {
	const br = { 'accept-encoding': 'br, gzip' };
	// The current ETag, asked for just before each run: a page of "now" figures gets a new one each minute.
	const request = async (t: Target) => {
		const headers = { ...br, ...t.headers };
		if (!t.revalidate) return { url: urls[t.server] + t.path, headers, expected: 200 };
		const first = await fetch(urls[t.server] + t.path, { headers });
		return { url: urls[t.server] + t.path, headers: { ...headers, 'if-none-match': first.headers.get('etag') ?? '' }, expected: 304 };
	};
	for (const t of targets) {
		const r = await request(t);
		await load(r.url, 1, r.headers, r.expected); // warm-up
	}
	const [login, asset, results] = [[] as Load[], [] as Load[], targets.map(() => [] as Load[])];
	for (let run = 0; run < size.runs; run++) {
		login.push(await load(`${urls.cached}/dang-nhap`, size.seconds, br));
		asset.push(await load(`${urls.cached}/favicon.svg`, size.seconds, br));
		for (const [i, t] of targets.entries()) {
			const r = await request(t);
			results[i].push(await load(r.url, size.seconds, r.headers, r.expected));
		}
	}
	return { results: results.map(combine), login: combine(login), asset: combine(asset) };
}

async function sizesOf(url: string, headers: Record<string, string>) {
	const body = Buffer.from(await (await fetch(url, { headers: { ...headers, 'accept-encoding': 'identity' } })).arrayBuffer());
	return { raw: body.length, br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length, gzip: gzipSync(body, { level: 6 }).length };
}

/** The page rows of BENCHMARKS.md: the full-length fixture first, then the one without snapshots. */
export async function benchPages(basePath: string, size: PagesSize, opts: { log: (line: string) => void }): Promise<string> {
	opts.log('Trang theo tốc độ của dữ liệu: dữ liệu đủ dài (mọi lần chốt theo lịch)…');
	const fullPath = await buildFullLength(basePath, size, opts.log);
	const lines: string[] = [];
	for (const [label, path] of [
		['đủ dài, có mọi lần chốt theo lịch', fullPath],
		['cũ, chưa có lần chốt nào', basePath]
	] as const) {
		const withSnapshots = path === fullPath;
		const { db, sqlite } = openSqlite(path);
		await migrateToLatest(db);
		sqlite.prepare("update campaigns set is_public = 1 where code like 'bench-%'").run();
		const province = size.measured.replace('bench-', '');
		const leader = await readerOf(db, 'bench.lanhdao', 'leader', province);
		const head = await readerOf(db, 'bench.huyen', 'district', size.district);
		// Province A's writer, on the full-length fixture only (the other is left as the engine's benchmark reads it).
		const writer = withSnapshots ? await readerOf(db, 'bench.quantri.a', 'admin', size.writes.replace('bench-', '')) : null;
		const writeCommune = withSnapshots
			? (
					await db
						.selectFrom('units as u')
						.innerJoin('campaigns as c', 'c.province_id', 'u.province_id')
						.select('u.code')
						.where('c.code', '=', size.writes)
						.where('u.level', '=', 'commune')
						.orderBy('u.code')
						.executeTakeFirstOrThrow()
				).code
			: '';
		const snapshots = (sqlite.prepare('select count(*) as n from snapshots s join campaigns c on c.id = s.campaign_id where c.code = ?').get(size.measured) as { n: number }).n;
		await db.destroy();

		const [cached, render, evaluate] = await Promise.all([
			startServer({ DATABASE_PATH: path }),
			startServer({ DATABASE_PATH: path, CACHE: 'data' }),
			startServer({ DATABASE_PATH: path, CACHE: 'off' })
		]);
		try {
			const urls = { cached: cached.url, render: render.url, evaluate: evaluate.url };
			const dot = `/dot/${size.measured}`;
			const api = `/api/v1/campaigns/${size.measured}`;
			const asLeader = { cookie: leader.cookie };
			const asHead = { cookie: head.cookie };
			const bearer = { authorization: `Bearer ${leader.token}` };
			const pages: { name: string; path: string; headers: Record<string, string>; aims: [string, string, string] }[] = [
				{ name: 'Tổng quan tỉnh, ẩn danh', path: dot, headers: {}, aims: ['≥ 2.000 req/s', '≥ 1.000 req/s, p99 ≤ 15 ms', '≥ 150 req/s'] },
				{ name: 'Tổng quan tỉnh, lãnh đạo', path: dot, headers: asLeader, aims: ['—', '—', '—'] },
				{
					name: 'Trang huyện, trưởng phòng của huyện',
					path: `${dot}/don-vi/${size.district}`,
					headers: asHead,
					aims: ['≥ 2.000 req/s', '≥ 1.000 req/s, p99 ≤ 15 ms', '≥ 150 req/s']
				},
				{ name: 'Bảng xếp hạng, ẩn danh', path: `${dot}/xep-hang`, headers: {}, aims: ['≥ 2.000 req/s', '≥ 1.000 req/s, p99 ≤ 15 ms', '≥ 150 req/s'] },
				{ name: 'Bảng xếp hạng, lãnh đạo', path: `${dot}/xep-hang`, headers: asLeader, aims: ['—', '—', '—'] },
				{ name: 'API tiến độ (cấp huyện), lãnh đạo', path: `${api}/progress?level=district`, headers: bearer, aims: ['—', '—', '—'] },
				{ name: 'API bảng xếp hạng, lãnh đạo', path: `${api}/leaderboard`, headers: bearer, aims: ['—', '—', '—'] }
			];
			const targets: Target[] = pages.flatMap((p) => [
				...(withSnapshots ? [{ label: `${p.name} — 304`, server: 'cached' as const, path: p.path, headers: p.headers, revalidate: true, aim: p.aims[0] }] : []),
				{ label: `${p.name} — từ bộ đệm`, server: 'cached' as const, path: p.path, headers: p.headers, aim: p.aims[1] },
				{
					label: `${p.name} — kết xuất lại từ số liệu của phiên bản (lần đầu mỗi người đọc sau một thay đổi)`,
					server: 'render' as const,
					path: p.path,
					headers: p.headers,
					aim: p.aims[2]
				},
				{ label: `${p.name} — tính lại cả số liệu (yêu cầu đầu tiên sau một thay đổi)`, server: 'evaluate' as const, path: p.path, headers: p.headers, aim: '—' }
			]);
			opts.log(`  đo ${targets.length} phép trên dữ liệu ${label}…`);
			const { results, login, asset } = await measure(urls, targets, size);
			lines.push(
				'',
				`Dữ liệu ${label}: ${size.measured} (${snapshots} lần chốt). Baseline cùng máy chủ, cùng lượt: trang đăng nhập ${fmt(login)}; tệp tĩnh (favicon.svg) ${fmt(asset)}.`,
				'',
				'| trang | tiendo | so với trang đăng nhập | so với tệp tĩnh | mục tiêu |',
				'|---|---|---|---|---|',
				...targets.map(
					(t, i) =>
						`| ${t.label} | ${fmt(results[i])} | ${(results[i].rps / login.rps).toLocaleString('vi-VN', { maximumFractionDigits: 2 })}× | ${(results[i].rps / asset.rps).toLocaleString('vi-VN', { maximumFractionDigits: 2 })}× | ${t.aim ?? '—'} |`
				)
			);
			for (const p of pages.slice(0, 4)) {
				const s = await sizesOf(cached.url + p.path, p.headers);
				lines.push(`| cỡ: ${p.name} | ${kb(s.raw)}; brotli ${kb(s.br)}; gzip ${kb(s.gzip)} | — | — | ${p.name.startsWith('Tổng quan') ? '≤ 30 KB nén' : '—'} |`);
			}
			if (writer) lines.push(...(await underWrites(urls.cached, dot, size, writer.token, writeCommune)));
		} finally {
			await Promise.all([cached.stop(), render.stop(), evaluate.stop()]);
		}
	}
	const clerk = await clerkOf(fullPath, size.measured);
	const server = await startServer({ DATABASE_PATH: fullPath });
	try {
		const js = await firstLoadJs(`${server.url}/dot/${size.measured}`);
		lines.push(
			'',
			`JavaScript tải lần đầu (tổng quan, kể cả biểu đồ): ${kb(js.gzipBytes)} gzip, ${js.files} tệp (mục tiêu ≤ 150 KB: ${js.gzipBytes <= 150 * 1024 ? 'đạt' : 'chưa đạt'}).`
		);
		const entry = await clerkFirstLoad(`${server.url}/dot/${size.measured}/nhap/${clerk.commune}`, clerk.cookie);
		lines.push(
			'',
			'Lần đầu cán bộ xã mở biểu mẫu nhập (issue 23), đến khi trang sẵn sàng dùng khi mất mạng, mỗi tệp nén gzip:',
			'',
			'| phần | gzip | mục tiêu |',
			'|---|---|---|',
			`| tổng lần tải đầu (trang, JS, CSS, phông, service worker, manifest), ${entry.files} tệp | ${kb(entry.totalGzip)} | — |`,
			`| SW + offline store (gzip): ${entry.offlineFiles.join(', ')} | ${kb(entry.offlineGzip)} | ≤ 30 KB: ${entry.offlineGzip <= 30 * 1024 ? 'đạt' : 'chưa đạt'} |`
		);
	} finally {
		await server.stop();
	}
	return lines.join('\n');
}

/** Province B's overview while province A receives 5 reports a second, against the same without writes, interleaved. */
export async function underWrites(url: string, dot: string, size: PagesSize, token: string, commune: string): Promise<string[]> {
	const headers = { 'accept-encoding': 'br, gzip' };
	const etag = async () => (await fetch(url + dot, { headers })).headers.get('etag') ?? '';
	let written = 0;
	const failures: string[] = [];
	// One more record each time: an increment is never a correction of the value in force.
	const write = async () => {
		const res = await fetch(`${url}/api/v1/campaigns/${size.writes}/reports`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ reports: [{ commune, recordType: 'khai_sinh', delta: 1 }] })
		});
		if (res.status === 201) written++;
		else failures.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
	};
	const quiet = { cache: [] as Load[], revalidate: [] as Load[] };
	const busy = { cache: [] as Load[], revalidate: [] as Load[] };
	for (let run = 0; run < size.runs; run++) {
		for (const [into, writing] of [
			[quiet, false],
			[busy, true]
		] as const) {
			const timer = writing ? setInterval(() => void write(), 200) : null;
			try {
				into.cache.push(await load(url + dot, size.seconds, headers));
				into.revalidate.push(await load(url + dot, size.seconds, { ...headers, 'if-none-match': await etag() }, 304));
			} finally {
				if (timer) clearInterval(timer);
			}
		}
	}
	const [qc, qr, bc, br] = [combine(quiet.cache), combine(quiet.revalidate), combine(busy.cache), combine(busy.revalidate)];
	const within = (a: Load, b: Load) => `${((b.rps / a.rps - 1) * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;
	return [
		'',
		`Tổng quan của tỉnh B (${size.measured}) khi tỉnh A (${size.writes}) nhận 5 báo cáo/giây (${written} báo cáo ghi được, ${failures.length} lỗi${failures.length ? `: ${failures[0]}` : ''}), xen kẽ với khi không ai ghi:`,
		'',
		'| tỉnh B | không ghi | A nhận 5 báo cáo/s | chênh lệch | mục tiêu |',
		'|---|---|---|---|---|',
		`| tổng quan, từ bộ đệm | ${fmt(qc)} | ${fmt(bc)} | ${within(qc, bc)} | trong 10 % |`,
		`| tổng quan, 304 | ${fmt(qr)} | ${fmt(br)} | ${within(qr, br)} | trong 10 % |`
	];
}
