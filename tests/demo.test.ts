import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalsOf } from '../src/lib/domain/progress';
import { addDays, zonedInstant } from '../src/lib/domain/time';
import { verifyPassword } from '../src/lib/server/auth/passwords';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { buildDemo, defaultDemoStart, type DemoSummary } from '../src/lib/server/demo/build';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { provinceSummary } from '../src/lib/server/progress/summary';
import { createTestDb, type TestDb } from './helpers/db';

const NOW = new Date('2024-12-10T05:00:00Z'); // 12:00 on day 10 of 01/12 → 21/12/2024
let t: TestDb;
let summary: DemoSummary;

beforeAll(async () => {
	t = await createTestDb();
	summary = await buildDemo(t.db, { start: '2024-12-01', now: NOW, password: 'mat-khau-demo' });
});
afterAll(() => t.close());

async function reportsByCommune() {
	const rows = await t.db
		.selectFrom('reports as r')
		.innerJoin('units as u', 'u.id', 'r.commune_id')
		.select(['r.commune_id', 'u.name', 'r.record_type', 'r.as_of', 'r.received_at', 'r.cumulative', 'r.note'])
		.orderBy('r.as_of')
		.orderBy('r.id')
		.execute();
	const byCommune = new Map<number, typeof rows>();
	for (const r of rows) byCommune.set(r.commune_id, [...(byCommune.get(r.commune_id) ?? []), r]);
	return byCommune;
}

describe('the Thái Bình demo', () => {
	it('runs the 21-day window of Kế hoạch 186/KH-UBND, public, with the three daily snapshot times', async () => {
		const campaign = (await findCampaignByCode(t.db, summary.campaignCode))!;
		expect(campaign).toMatchObject({ start_date: '2024-12-01', deadline: '2024-12-21', time_zone: 'Asia/Ho_Chi_Minh', is_public: 1 });
		expect(JSON.parse(campaign.snapshot_times)).toEqual(['06:00', '11:30', '23:00']);
	});

	it('has targets that sum exactly to the plan, over all 242 communes', async () => {
		const campaign = (await findCampaignByCode(t.db, summary.campaignCode))!;
		const totals = provinceSummary(await evaluateCampaignAt(t.db, campaign, { at: NOW }));
		expect(Object.fromEntries(totals.byRecordType.map((r) => [r.code, r.target]))).toEqual({
			khai_sinh: 765_311,
			ket_hon: 280_130,
			khai_tu: 192_636
		});
		expect(totals.total.target).toBe(1_238_077);
		const communes = await t.db.selectFrom('current_targets').select('commune_id').distinct().execute();
		expect(communes).toHaveLength(242);
	});

	it('simulates reports up to the moment it is built, stamped as received when reported', async () => {
		const last = await t.db.selectFrom('reports').select((eb) => eb.fn.max('as_of').as('m')).executeTakeFirstOrThrow();
		expect(last.m! <= NOW.toISOString()).toBe(true);
		const mismatched = await t.db.selectFrom('reports').select('id').whereRef('received_at', '!=', 'as_of').execute();
		expect(mismatched).toEqual([]);
		expect(summary.reports).toBeGreaterThan(242 * 3 * 3 * 8);
	});

	it('has communes that finished early, communes far behind, one above target', async () => {
		const cells = await t.db
			.selectFrom('current_targets as t')
			.leftJoin('current_values as v', (j) => j.onRef('v.commune_id', '=', 't.commune_id').onRef('v.record_type', '=', 't.record_type'))
			.select(['t.commune_id', 't.target', 'v.cumulative'])
			.execute();
		const byCommune = new Map<number, { target: number; done: number }[]>();
		for (const c of cells) byCommune.set(c.commune_id, [...(byCommune.get(c.commune_id) ?? []), { target: c.target, done: c.cumulative ?? 0 }]);
		const pcts = [...byCommune.values()].map((c) => totalsOf(c));
		expect(pcts.filter((p) => p.remaining === 0).length).toBeGreaterThanOrEqual(10);
		expect(pcts.filter((p) => p.pct < 0.25).length).toBeGreaterThanOrEqual(10);
		expect(pcts.filter((p) => p.overTarget > 0)).toHaveLength(1);
		const province = totalsOf(cells.map((c) => ({ target: c.target, done: c.cumulative ?? 0 })));
		expect(province.pct).toBeGreaterThan(0.35);
		expect(province.pct).toBeLessThan(0.6);
	});

	it('has one correction downward, with its reason', async () => {
		const corrections = [];
		for (const reports of (await reportsByCommune()).values()) {
			const previous = new Map<string, number>();
			for (const r of reports) {
				if ((previous.get(r.record_type) ?? 0) > r.cumulative) corrections.push(r);
				previous.set(r.record_type, r.cumulative);
			}
		}
		expect(corrections).toHaveLength(1);
		expect(corrections[0].note).toMatch(/^Điều chỉnh giảm/);
	});

	it('has one unfinished commune that has not reported since the last snapshot', async () => {
		// At 12:00 on 10/12 the last snapshot was 11:30 and the one before it 06:00.
		const from = zonedInstant('2024-12-10', '06:00', 'Asia/Ho_Chi_Minh').toISOString();
		const to = zonedInstant('2024-12-10', '11:30', 'Asia/Ho_Chi_Minh').toISOString();
		const targets = await t.db.selectFrom('current_targets').select(['commune_id', 'record_type', 'target']).execute();
		const silent = [...(await reportsByCommune()).entries()].filter(([communeId, reports]) => {
			const last = new Map(reports.map((r) => [r.record_type, r.cumulative]));
			const cells = targets.filter((x) => x.commune_id === communeId).map((x) => ({ target: x.target, done: last.get(x.record_type) ?? 0 }));
			const unfinished = totalsOf(cells).remaining > 0;
			return unfinished && !reports.some((r) => r.as_of > from && r.as_of <= to);
		});
		expect(silent).toHaveLength(1);
	});

	it('holds every scheduled snapshot from the campaign start to the moment it was built', async () => {
		// 06:00, 11:30, 23:00 from 01/12 to 09/12, then 06:00 and 11:30 on 10/12 (built at 12:00).
		const snapshots = await t.db.selectFrom('snapshots').selectAll().orderBy('slot_at').execute();
		expect(summary.snapshots).toBe(9 * 3 + 2);
		expect(snapshots.map((s) => s.kind)).toEqual(Array(29).fill('scheduled'));
		expect(snapshots[0].slot_at).toBe(zonedInstant('2024-12-01', '06:00', 'Asia/Ho_Chi_Minh').toISOString());
		expect(snapshots.at(-1)!.slot_at).toBe(zonedInstant('2024-12-10', '11:30', 'Asia/Ho_Chi_Minh').toISOString());
		// The last one agrees with the engine evaluated at its slot from the log.
		const campaign = (await findCampaignByCode(t.db, 'thaibinh-186'))!;
		const at = new Date(snapshots.at(-1)!.slot_at);
		const { total } = provinceSummary(await evaluateCampaignAt(t.db, campaign, { at, receivedByAt: true }));
		const row = await t.db.selectFrom('snapshot_rows').selectAll().where('snapshot_id', '=', snapshots.at(-1)!.id).where('level', '=', 'province').where('record_type', '=', '').executeTakeFirstOrThrow();
		expect([row.credited, row.target, row.daily_quota]).toEqual([total.credited, total.target, total.dailyQuota]);
		// Movement has history: some district changed rank at some point.
		const moved = await t.db.selectFrom('snapshot_rows').select('rank_change').where('level', '=', 'district').where('rank_change', '!=', 0).execute();
		expect(moved.length).toBeGreaterThan(0);
	});

	it('sets three award rules and freezes the top-10 list on the newest snapshot', async () => {
		const rules = await t.db.selectFrom('award_rules').select(['name', 'kind']).orderBy('position').execute();
		expect(rules.map((r) => r.kind)).toEqual(['finished_by', 'top_n', 'below_pct']);
		const [list] = await t.db.selectFrom('award_lists').selectAll().execute();
		const newest = await t.db.selectFrom('snapshots').select('id').orderBy('slot_at', 'desc').executeTakeFirstOrThrow();
		expect([list.name, list.snapshot_id]).toEqual(['Dẫn đầu phong trào thi đua', newest.id]);
		const entries = await t.db.selectFrom('award_list_entries').selectAll().where('award_list_id', '=', list.id).orderBy('position').execute();
		expect(entries.length).toBeGreaterThanOrEqual(10); // ties at the 10th place all count
		expect(entries.every((e) => e.level === 'commune' && e.rank !== null && e.rank <= entries.length)).toBe(true);
	});

	it('creates one account per role, with working passwords', async () => {
		expect(summary.accounts.map((a) => a.role)).toEqual(['admin', 'leader', 'district', 'clerk']);
		const users = await t.db.selectFrom('users').selectAll().orderBy('id').execute();
		expect(users).toHaveLength(4);
		for (const u of users) expect(await verifyPassword(u.password_hash, 'mat-khau-demo')).toBe(true);
		expect(users[0].password_hash).toMatch(/^\$argon2id\$/);
	});

	it('places today on day 10 of 21 by default', () => {
		const now = new Date('2026-11-21T09:00:00Z');
		const start = defaultDemoStart(now);
		expect(start).toBe('2026-11-12');
		expect(addDays(start, 20)).toBe('2026-12-02');
	});

	it('is reproducible', async () => {
		const other = await createTestDb();
		try {
			await buildDemo(other.db, { start: '2024-12-01', now: NOW, password: 'x-x-x-x-x' });
			const a = await t.db.selectFrom('reports').select(['commune_id', 'record_type', 'as_of', 'cumulative']).orderBy('id').execute();
			const b = await other.db.selectFrom('reports').select(['commune_id', 'record_type', 'as_of', 'cumulative']).orderBy('id').execute();
			expect(b).toEqual(a);
		} finally {
			await other.close();
		}
	});
});
