/**
 * `npx tsx bench/capacity.ts [--quick]` (issue 27): the plan (DESIGN §4 "Capacity") of every
 * campaign of the national fixture, 10.047 communes, beside the plain progress evaluation at
 * the same instant, interleaved, as a ratio (aim ≤ 1,3×). A third of the communes get their
 * own capacity, a few of them changed mid-window, so that the capacity in force is looked up
 * as in real use. Writes bench/data/capacity.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { listCampaigns } from '../src/lib/server/campaigns/repository';
import { campaignPlanAt } from '../src/lib/server/capacity/service';
import { migrateToLatest, openSqlite } from '../src/lib/server/db';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { buildFixture, fixtureInstants, START, type FixtureSize } from './fixture';
import { measureInterleaved, ms, ratio } from './measure';
import { addDays, zonedInstant } from '../src/lib/domain/time';

const quick = process.argv.includes('--quick');
const size: FixtureSize = quick ? { name: 'quick', provinces: ['34'], days: 10 } : { name: 'national', provinces: 'all', days: 60 };
const path = `bench/data/${size.name}.db`;
mkdirSync('bench/data', { recursive: true });
console.log(`Dữ liệu đo: ${path}`);
await buildFixture(path, size, console.log);

const { db, sqlite } = openSqlite(path);
await migrateToLatest(db);
const campaigns = (await listCampaigns(db)).filter((c) => c.code.startsWith('bench-'));
const { now, past } = fixtureInstants(size.days);

// Capacities: every third commune its own from the start, every ninth changed again mid-window.
if ((sqlite.prepare('select count(*) as n from capacity_revisions').get() as { n: number }).n === 0) {
	const insert = sqlite.prepare("insert into capacity_revisions (campaign_id, commune_id, machines, shifts_per_day, created_at, source) values (?, ?, ?, ?, ?, 'bench')");
	const first = zonedInstant(START, '07:00', 'Asia/Ho_Chi_Minh').toISOString();
	const later = zonedInstant(addDays(START, size.days - 4), '07:00', 'Asia/Ho_Chi_Minh').toISOString();
	sqlite.transaction(() => {
		for (const c of campaigns) {
			const communes = sqlite.prepare("select id from units where province_id = ? and level = 'commune' order by id").all(c.provinceId) as { id: number }[];
			communes.forEach(({ id }, i) => {
				if (i % 3 === 0) insert.run(c.id, id, 1 + (i % 4), 1 + (i % 3), first);
				if (i % 9 === 0) insert.run(c.id, id, 2 + (i % 5), 3, later);
			});
		}
	})();
}
const revisions = (sqlite.prepare('select count(*) as n from capacity_revisions').get() as { n: number }).n;
const communes = (sqlite.prepare("select count(*) as n from units where level = 'commune' and province_id in (select province_id from campaigns)").get() as { n: number }).n;

const evaluateAll = (at: Date) => async () => {
	for (const c of campaigns) await evaluateCampaignAt(db, c, { at });
};
const planAll = (at: Date) => async () => {
	for (const c of campaigns) await campaignPlanAt(db, c, at);
};

console.log(`${campaigns.length} đợt, ${communes.toLocaleString('vi-VN')} xã, ${revisions.toLocaleString('vi-VN')} lần đặt năng lực; đo…`);
const [planNow, progressNow] = await measureInterleaved([planAll(now), evaluateAll(now)], quick ? 7 : 5);
const [planPast, progressPast] = await measureInterleaved([planAll(past), evaluateAll(past)], quick ? 7 : 5);

const table = [
	`Máy: ${cpus().length} lõi (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}. ${campaigns.length} đợt, ${communes.toLocaleString('vi-VN')} xã, ${revisions.toLocaleString('vi-VN')} lần đặt năng lực. Trung vị của ${quick ? 7 : 5} lần, xen kẽ.`,
	'',
	'| đo | kế hoạch năng lực (toàn bộ cây) | tiến độ (evaluateCampaignAt) | tỷ lệ | mục tiêu |',
	'|---|---|---|---|---|',
	`| "bây giờ" (ngày ${size.days}, 22:30) | ${ms(planNow.medianMs)} | ${ms(progressNow.medianMs)} | ${ratio(planNow.medianMs, progressNow.medianMs)} | ≤ 1,3× |`,
	`| thời điểm đã qua | ${ms(planPast.medianMs)} | ${ms(progressPast.medianMs)} | ${ratio(planPast.medianMs, progressPast.medianMs)} | ≤ 1,3× |`
].join('\n');
console.log('\n' + table);
writeFileSync(`bench/data/capacity${quick ? '-quick' : ''}.md`, table + '\n');
await db.destroy();
