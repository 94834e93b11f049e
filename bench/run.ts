/**
 * `npm run bench [-- --quick] [--pages] [--reform]`: performance as ratios against baselines measured in the
 * same run (DESIGN: no timed tests on shared, noisy machines). Prints a Markdown table and
 * writes it to bench/data/last-run.md. `-- --hostile` runs only the hostile uploads
 * (`bench/hostile.ts`) and writes bench/data/hostile.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { migrateToLatest, openSqlite } from '../src/lib/server/db';
import { listCampaigns } from '../src/lib/server/campaigns/repository';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { buildFixture, fixtureInstants, type FixtureSize } from './fixture';
import { benchAcross } from './across';
import { benchHostile } from './hostile';
import { benchIngest } from './ingest';
import { benchSnapshots } from './snapshots';
import { execFileSync } from 'node:child_process';
import { benchPages, NATIONAL_PAGES, QUICK_PAGES } from './pages';
import { measureInterleaved, ms, ratio } from './measure';

if (process.argv.includes('--hostile')) {
	mkdirSync('bench/data', { recursive: true });
	const table = [
		`Máy: ${cpus().length} lõi (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}. Mỗi tệp trong một tiến trình riêng như máy chủ (đọc trong worker, kiểm tra, ghi hoặc từ chối).`,
		'',
		'| tệp tải lên | cỡ | kết quả | thời gian | event loop bị chặn lâu nhất | RSS đỉnh của tiến trình |',
		'|---|---|---|---|---|---|',
		...(await benchHostile(console.log))
	].join('\n');
	console.log('\n' + table);
	writeFileSync('bench/data/hostile.md', table + '\n');
	process.exit(0);
}

const quick = process.argv.includes('--quick');
const size: FixtureSize = quick ? { name: 'quick', provinces: ['34'], days: 10 } : { name: 'national', provinces: 'all', days: 60 };
const path = `bench/data/${size.name}.db`;
mkdirSync('bench/data', { recursive: true });

console.log(`Dữ liệu đo: ${path}${quick ? ' (cỡ nhỏ, --quick)' : ''}`);
const built = performance.now();
await buildFixture(path, size, console.log);
console.log(`Sẵn sàng sau ${ms(performance.now() - built)}.`);

/** `--pages`: only the pages (issue 24), e.g. after a change to the server alone. */
if (process.argv.includes('--pages')) {
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
	const pages = await benchPages(path, quick ? QUICK_PAGES : NATIONAL_PAGES, { log: console.log });
	console.log(pages);
	writeFileSync('bench/data/last-run-pages.md', pages + '\n');
	process.exit(0);
}

const { db, sqlite } = openSqlite(path);
// A fixture built by an earlier version gets the migrations added since.
await migrateToLatest(db);
const campaigns = (await listCampaigns(db)).filter((c) => c.code.startsWith('bench-'));

/** `--reform`: only the national fixture read on the 2-level list (issue 26). */
if (process.argv.includes('--reform')) {
	const rows = await benchAcross(db, sqlite, campaigns, fixtureInstants(size.days).now, quick ? 5 : 3, console.log);
	const table = [
		`Máy: ${cpus().length} lõi (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}. Dữ liệu: ${path}.`,
		'',
		'| phép đo | trên danh mục khác | cùng phép trên danh mục của đợt | tỉ lệ | RSS đỉnh | ghi chú |',
		'|---|---|---|---|---|---|',
		...rows.map((r) => `| ${r.join(' | ')} |`)
	].join('\n');
	console.log('\n' + table);
	writeFileSync('bench/data/reform.md', table + '\n');
	await db.destroy();
	process.exit(0);
}
const counts = sqlite
	.prepare(
		"select (select count(*) from reports) as reports, (select count(*) from units where level = 'commune' and province_id in (select province_id from campaigns)) as communes"
	)
	.get() as { reports: number; communes: number };
const { now, past } = fixtureInstants(size.days);

const evaluateAll = (at: Date) => async () => {
	for (const c of campaigns) await evaluateCampaignAt(db, c, { at });
};

// Baselines: one hand-written aggregate per district and record type, straight on better-sqlite3.
const rawNow = sqlite.prepare(`
	select u.parent_id, t.record_type, sum(min(coalesce(v.cumulative, 0), t.target)) as credited, sum(t.target) as target
	from current_targets t
	join units u on u.id = t.commune_id
	left join current_values v on v.campaign_id = t.campaign_id and v.commune_id = t.commune_id and v.record_type = t.record_type and v.stage = 'nhap_lieu'
	group by u.parent_id, t.record_type`);
const rawPast = sqlite.prepare(`
	select u.parent_id, t.record_type, sum(min(coalesce((
		select r.cumulative from reports r
		where r.campaign_id = t.campaign_id and r.commune_id = t.commune_id and r.record_type = t.record_type and r.stage = 'nhap_lieu' and r.as_of <= ?
		order by r.as_of desc, r.received_at desc, r.id desc limit 1), 0), t.target)) as credited, sum(t.target) as target
	from current_targets t
	join units u on u.id = t.commune_id
	group by u.parent_id, t.record_type`);

// The same inputs the engine reads for pace: each cell's value at t and at t − 7 days.
const seekAt = `(select r.cumulative from reports r
		where r.campaign_id = t.campaign_id and r.commune_id = t.commune_id and r.record_type = t.record_type and r.stage = 'nhap_lieu' and r.as_of <= ?
		order by r.as_of desc, r.received_at desc, r.id desc limit 1)`;
const rawNowWithPace = sqlite.prepare(`
	select u.parent_id, t.record_type, sum(min(coalesce(v.cumulative, 0), t.target)) as credited, sum(min(coalesce(${seekAt}, 0), t.target)) as before, sum(t.target) as target
	from current_targets t
	join units u on u.id = t.commune_id
	left join current_values v on v.campaign_id = t.campaign_id and v.commune_id = t.commune_id and v.record_type = t.record_type and v.stage = 'nhap_lieu'
	group by u.parent_id, t.record_type`);
// The same with the engine's shortcut for "now": a cell quiet since t − 7 days, or at its
// target since before then (the current table's finish time), needs no seek.
const rawNowWithPaceShortcut = sqlite.prepare(`
	select u.parent_id, t.record_type, sum(min(coalesce(v.cumulative, 0), t.target)) as credited,
		sum(min(coalesce(case when v.as_of <= @before then v.cumulative when v.finished_at <= @before then t.target else ${seekAt.replace('?', '@before')} end, 0), t.target)) as before,
		sum(t.target) as target
	from current_targets t
	join units u on u.id = t.commune_id
	left join current_values v on v.campaign_id = t.campaign_id and v.commune_id = t.commune_id and v.record_type = t.record_type and v.stage = 'nhap_lieu'
	group by u.parent_id, t.record_type`);
const rawPastWithPace = sqlite.prepare(`
	select u.parent_id, t.record_type, sum(min(coalesce(${seekAt}, 0), t.target)) as credited, sum(min(coalesce(${seekAt}, 0), t.target)) as before, sum(t.target) as target
	from current_targets t
	join units u on u.id = t.commune_id
	group by u.parent_id, t.record_type`);
const WEEK = 7 * 86_400_000;

const runs = quick ? 7 : 5;
const weekBefore = (t: Date) => new Date(t.getTime() - WEEK).toISOString();
const [engineNow, baselineNow, baselineNowPace, baselineNowShortcut] = await measureInterleaved(
	[evaluateAll(now), () => rawNow.all(), () => rawNowWithPace.all(weekBefore(now)), () => rawNowWithPaceShortcut.all({ before: weekBefore(now) })],
	runs
);
const [enginePast, baselinePast, baselinePastPace] = await measureInterleaved(
	[evaluateAll(past), () => rawPast.all(past.toISOString()), () => rawPastWithPace.all(past.toISOString(), weekBefore(past))],
	runs
);
const snapshotRows = await benchSnapshots(db, sqlite, campaigns, past, quick ? 5 : 3);
await db.destroy();

const row = (label: string, engine: typeof engineNow, baseline: typeof engineNow, baselineLabel: string, aim: string) => [
	label,
	ms(engine.medianMs),
	`${ms(baseline.medianMs)} (${baselineLabel})`,
	ratio(engine.medianMs, baseline.medianMs),
	`${Math.round(engine.peakRssMb)} MB`,
	aim
];
const rows = [
	row('Đánh giá toàn bộ cây, "bây giờ"', engineNow, baselineNow, 'tổng theo huyện × loại từ bảng hiện hành', '≤ 1 s; ≤ 2× baseline'),
	row('Đánh giá toàn bộ cây, "bây giờ"', engineNow, baselineNowPace, 'như trên + giá trị lúc t − 7 ngày cho tốc độ', '≤ 1 s; ≤ 2× baseline'),
	row(
		'Đánh giá toàn bộ cây, "bây giờ"',
		engineNow,
		baselineNowShortcut,
		'như trên, bỏ qua tìm kiếm như tiendo khi ô không đổi hoặc đã xong từ trước t − 7 ngày',
		'≤ 1 s; ≤ 2× baseline'
	),
	row('Đánh giá toàn bộ cây, thời điểm quá khứ', enginePast, baselinePast, 'tổng theo huyện × loại, giá trị lúc t', '≤ 3 s; ≤ 2× baseline'),
	row('Đánh giá toàn bộ cây, thời điểm quá khứ', enginePast, baselinePastPace, 'giá trị lúc t và t − 7 ngày', '≤ 3 s; ≤ 2× baseline')
];
const table = [
	`Máy: ${cpus().length} lõi (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}. Dữ liệu: ${counts.communes.toLocaleString('vi-VN')} xã, ${campaigns.length} đợt (một mỗi tỉnh), ${counts.reports.toLocaleString('vi-VN')} báo cáo. Trung vị của ${runs} lần xen kẽ (tiendo, baseline, baseline, …) sau 1 lần khởi động.`,
	'',
	'| phép đo | tiendo | baseline (SQL thô) | tỉ lệ | RSS đỉnh | mục tiêu |',
	'|---|---|---|---|---|---|',
	...rows.map((r) => `| ${r.join(' | ')} |`)
].join('\n');
const snapshots = [
	'',
	'| chốt số liệu và báo cáo | tiendo | baseline | tỉ lệ | RSS đỉnh | mục tiêu |',
	'|---|---|---|---|---|---|',
	...snapshotRows.map((r) => `| ${r.join(' | ')} |`)
].join('\n');
const ingest = [
	'',
	'| nhập số liệu | tiendo | baseline | tỉ lệ | RSS đỉnh | mục tiêu |',
	'|---|---|---|---|---|---|',
	...(await benchIngest(console.log, { national: !quick }))
].join('\n');
console.log('Đo kết xuất phía máy chủ: dựng bản chạy thật (vite build)…');
execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
const ssr = ['', '### Trang theo tốc độ của dữ liệu (autocannon, 8 kết nối)', await benchPages(path, quick ? QUICK_PAGES : NATIONAL_PAGES, { log: console.log })].join('\n');
console.log('\n' + table + '\n' + snapshots + '\n' + ingest + '\n' + ssr);
writeFileSync('bench/data/last-run.md', table + '\n' + snapshots + '\n' + ingest + '\n' + ssr + '\n');
