/**
 * `npx tsx bench/national.ts [--days N]`: national campaigns (issue 29, item 1), each figure
 * beside the same work on the 63 provincial campaigns of the bench fixture, in the same run:
 * - one national campaign over the pre-2025 list (63 provinces, 10.047 communes) holding
 *   exactly the 63 provincial campaigns' targets and reports, so that the baseline is the
 *   same cells read province by province;
 * - one over the 2025 list (34 provinces, 3.321 communes), generated like the fixture.
 * Each is evaluated ("now"), snapshotted (ad hoc, written) and reported (the national
 * workbook, written to a buffer). Its own database, `bench/data/national-campaigns.db`
 * (N days, 20 by default, to keep it a few minutes to build); snapshots taken here are
 * removed afterwards. Writes bench/data/national-campaigns.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { cellFinishTime } from '../src/lib/domain/progress';
import { seededRandom } from '../src/lib/domain/random';
import { addDays, zonedInstant } from '../src/lib/domain/time';
import { listCampaigns } from '../src/lib/server/campaigns/repository';
import { migrateToLatest, openSqlite } from '../src/lib/server/db';
import type { Campaign } from '../src/lib/domain/campaign';
import type { Campaign as CampaignRow, Snapshot } from '../src/lib/server/db/schema';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { takeSnapshot } from '../src/lib/server/snapshots/service';
import { snapshotData } from '../src/lib/server/snapshots/view';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import { buildNationReport, buildProvinceReport } from '../src/reports/snapshot-report';
import { buildFixture, fixtureInstants, removeSnapshotsAfter, START, TYPES } from './fixture';
import { measureInterleaved, ms, ratio } from './measure';

const dayArg = process.argv.indexOf('--days');
const days = dayArg > 0 ? Number(process.argv[dayArg + 1]) : 20;
const path = `bench/data/national-campaigns-${days}d.db`;
const TZ = 'Asia/Ho_Chi_Minh';
mkdirSync('bench/data', { recursive: true });

console.log(`Dữ liệu đo: ${path} (63 đợt tỉnh, ${days} ngày)`);
let started = performance.now();
await buildFixture(path, { name: `national-campaigns-${days}d`, provinces: 'all', days }, console.log);
const { db, sqlite } = openSqlite(path);
await migrateToLatest(db);

/** The 3-level national campaign: the 63 campaigns' cells copied under one campaign without a province. */
function addNation3(): void {
	if (sqlite.prepare("select 1 from campaigns where code = 'bench-nation-3'").get()) return;
	sqlite.transaction(() => {
		const first = sqlite.prepare("select * from campaigns where code like 'bench-__' order by code limit 1").get() as CampaignRow;
		const id = Number(
			sqlite
				.prepare('insert into campaigns (code, name, hierarchy_id, province_id, start_date, deadline, is_public) values (?, ?, ?, null, ?, ?, 1)')
				.run('bench-nation-3', 'Đợt đo toàn quốc (3 cấp)', first.hierarchy_id, first.start_date, first.deadline).lastInsertRowid
		);
		const from = "(select id from campaigns where code like 'bench-__')";
		TYPES.forEach((t, i) => sqlite.prepare('insert into campaign_record_types (campaign_id, record_type, position) values (?, ?, ?)').run(id, t, i));
		sqlite.prepare("insert into campaign_stages (campaign_id, code, name, position) values (?, 'nhap_lieu', 'Nhập liệu', 0)").run(id);
		sqlite.exec(`insert into target_revisions (campaign_id, commune_id, record_type, target, created_at, source)
			select ${id}, commune_id, record_type, target, created_at, source from target_revisions where campaign_id in ${from}`);
		sqlite.exec(`insert into current_targets (campaign_id, commune_id, record_type, target, revision_id)
			select ${id}, commune_id, record_type, target, id from target_revisions where campaign_id = ${id}`);
		sqlite.exec(`insert into reports (campaign_id, commune_id, record_type, stage, as_of, cumulative, received_at, source)
			select ${id}, commune_id, record_type, stage, as_of, cumulative, received_at, source from reports where campaign_id in ${from} order by id`);
		sqlite.exec(`insert into current_values (campaign_id, commune_id, record_type, stage, cumulative, as_of, received_at, report_id, finished_at)
			select ${id}, v.commune_id, v.record_type, v.stage, v.cumulative, v.as_of, v.received_at,
				(select r.id from reports r where r.campaign_id = ${id} and r.commune_id = v.commune_id and r.record_type = v.record_type and r.stage = v.stage and r.as_of = v.as_of), v.finished_at
			from current_values v where v.campaign_id in ${from}`);
	})();
}

/** The 2-level national campaign over the 2025 list, generated as the fixture generates a province's. */
async function addNation2(): Promise<void> {
	if (sqlite.prepare("select 1 from campaigns where code = 'bench-nation-2'").get()) return;
	const { hierarchyId } = await importUnitList(db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: '2026-07-25', source: 'api', actor: 'bench' });
	const communes = sqlite.prepare("select id from units where hierarchy_id = ? and level = 'commune'").all(hierarchyId) as { id: number }[];
	const instants: string[] = [];
	for (let d = 0; d < days; d++) for (const s of ['09:00', '15:00', '21:00']) instants.push(zonedInstant(addDays(START, d), s, TZ).toISOString());
	const createdAt = zonedInstant(addDays(START, -1), '08:00', TZ).toISOString();
	const random = seededRandom(2025);
	sqlite.transaction(() => {
		const id = Number(
			sqlite
				.prepare('insert into campaigns (code, name, hierarchy_id, province_id, start_date, deadline, is_public) values (?, ?, ?, null, ?, ?, 1)')
				.run('bench-nation-2', 'Đợt đo toàn quốc (2 cấp)', hierarchyId, START, addDays(START, days + 19)).lastInsertRowid
		);
		TYPES.forEach((t, i) => sqlite.prepare('insert into campaign_record_types (campaign_id, record_type, position) values (?, ?, ?)').run(id, t, i));
		sqlite.prepare("insert into campaign_stages (campaign_id, code, name, position) values (?, 'nhap_lieu', 'Nhập liệu', 0)").run(id);
		const revision = sqlite.prepare("insert into target_revisions (campaign_id, commune_id, record_type, target, created_at, source) values (?, ?, ?, ?, ?, 'bench')");
		const target = sqlite.prepare('insert into current_targets (campaign_id, commune_id, record_type, target, revision_id) values (?, ?, ?, ?, ?)');
		const report = sqlite.prepare(
			"insert into reports (campaign_id, commune_id, record_type, stage, as_of, cumulative, received_at, source) values (?, ?, ?, 'nhap_lieu', ?, ?, ?, 'bench')"
		);
		const current = sqlite.prepare(
			"insert into current_values (campaign_id, commune_id, record_type, stage, cumulative, as_of, received_at, report_id, finished_at) values (?, ?, ?, 'nhap_lieu', ?, ?, ?, ?, ?)"
		);
		for (const c of communes) {
			const speed = 0.4 + random() * 1.4;
			for (const type of TYPES) {
				const t = 150 + Math.floor(random() * 9000); // a merged commune holds about three old ones' backlog
				target.run(id, c.id, type, t, Number(revision.run(id, c.id, type, t, createdAt).lastInsertRowid));
				const perSlot = (t / (days * 3)) * speed * 1.2;
				let value = 0;
				let lastId = 0;
				const series: { asOf: string; cumulative: number }[] = [];
				for (const at of instants) {
					value = Math.min(t, value + Math.round(perSlot * (0.5 + random())));
					lastId = Number(report.run(id, c.id, type, at, value, at).lastInsertRowid);
					series.push({ asOf: at, cumulative: value });
				}
				current.run(id, c.id, type, value, instants.at(-1), instants.at(-1), lastId, cellFinishTime(series, t, ''));
			}
		}
	})();
}

addNation3();
await addNation2();
sqlite.exec(`update campaigns set
	latest_value_as_of = (select max(as_of) from current_values v where v.campaign_id = campaigns.id),
	latest_target_at = (select max(created_at) from target_revisions t where t.campaign_id = campaigns.id)
	where province_id is null`);
sqlite.exec('analyze');
console.log(`Sẵn sàng sau ${ms(performance.now() - started)}.`);

const all = await listCampaigns(db);
const provincial = all.filter((c) => /^bench-\d\d$/.test(c.code));
const nation3 = all.find((c) => c.code === 'bench-nation-3')!;
const nation2 = all.find((c) => c.code === 'bench-nation-2')!;
const { now } = fixtureInstants(days);
const runs = 5;
const firstId = (sqlite.prepare('select coalesce(max(id), 0) as id from snapshots').get() as { id: number }).id;
const take = (c: Campaign) => takeSnapshot(db, c, { slot: now, kind: 'adhoc', source: 'api' }) as Promise<Snapshot>;
const rows: string[][] = [];
const row = (what: string, m: { medianMs: number; peakRssMb: number }, base: { medianMs: number } | null, baseLabel: string, aim: string) =>
	rows.push([what, ms(m.medianMs), base ? `${ms(base.medianMs)} (${baseLabel})` : baseLabel, base ? ratio(m.medianMs, base.medianMs) : '—', `${Math.round(m.peakRssMb)} MB`, aim]);

try {
	started = performance.now();
	const everyProvince = async (work: (c: Campaign) => Promise<unknown>) => {
		for (const c of provincial) await work(c);
	};
	const [ev3, evBase, ev2] = await measureInterleaved(
		[() => evaluateCampaignAt(db, nation3, { at: now }), () => everyProvince((c) => evaluateCampaignAt(db, c, { at: now })), () => evaluateCampaignAt(db, nation2, { at: now })],
		runs
	);
	row('Tính toàn cây, đợt toàn quốc 3 cấp (10.047 xã), "bây giờ"', ev3, evBase, `63 đợt tỉnh, cùng các ô`, '≤ 1 s');
	row('Tính toàn cây, đợt toàn quốc 2 cấp (3.321 xã), "bây giờ"', ev2, evBase, '63 đợt tỉnh', '≤ 1 s');

	const [sn3, snBase, sn2] = await measureInterleaved([() => take(nation3), () => everyProvince(take), () => take(nation2)], 3);
	row('Chốt số liệu đợt toàn quốc 3 cấp (ghi)', sn3, snBase, '63 đợt tỉnh, mỗi đợt một lần chốt', '≤ 2 s');
	row('Chốt số liệu đợt toàn quốc 2 cấp (ghi)', sn2, snBase, '63 đợt tỉnh', '≤ 2 s');

	const [data3, data2] = await Promise.all([snapshotData(db, nation3, await take(nation3)), snapshotData(db, nation2, await take(nation2))]);
	const provinceDatas = await Promise.all(provincial.map(async (c) => snapshotData(db, c, await take(c))));
	const [re3, reBase, re2] = await measureInterleaved(
		[
			() => buildNationReport(data3).xlsx.writeBuffer(),
			async () => {
				for (const d of provinceDatas) await buildProvinceReport(d).xlsx.writeBuffer();
			},
			() => buildNationReport(data2).xlsx.writeBuffer()
		],
		3
	);
	const sheets = (d: typeof data3) => buildNationReport(d).worksheets.length;
	row(`Báo cáo Excel toàn quốc 3 cấp (${sheets(data3)} trang tính, 10.047 xã)`, re3, reBase, '63 báo cáo tỉnh', '≤ 5 s');
	row(`Báo cáo Excel toàn quốc 2 cấp (${sheets(data2)} trang tính, 3.321 xã)`, re2, reBase, '63 báo cáo tỉnh', '≤ 5 s');
	console.log(`Đo xong sau ${ms(performance.now() - started)}.`);
} finally {
	removeSnapshotsAfter(sqlite, firstId);
	await db.destroy();
}

const table = [
	`Máy: ${cpus().length} lõi (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}. Dữ liệu: ${path}, 6 loại việc, ${days} ngày × 3 báo cáo mỗi ô; trung vị của ${runs} lần (3 cho chốt và báo cáo), xen kẽ với mốc so sánh.`,
	'',
	'| phép đo | thời gian | mốc so sánh (cùng lần chạy) | tỉ lệ | RSS đỉnh | mục tiêu |',
	'|---|---|---|---|---|---|',
	...rows.map((r) => `| ${r.join(' | ')} |`)
].join('\n');
console.log('\n' + table);
writeFileSync(`bench/data/national-campaigns.md`, table + '\n');
