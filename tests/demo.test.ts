import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedInstant } from '../src/lib/domain/time';
import { createApiToken } from '../src/lib/server/auth/session';
import { verifyPassword } from '../src/lib/server/auth/passwords';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { buildDemo, defaultDemoStart, type DemoSummary } from '../src/lib/server/demo/build';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { provinceSummary } from '../src/lib/server/progress/summary';
import { createTestDb, type TestDb } from './helpers/db';
import { browserOf } from './helpers/demo-server';
import { startServer } from './helpers/processes';

/** Sums per commune and type (DESIGN §4), written here independently of the engine. */
function totalsOf(cells: { target: number; done: number }[]) {
	const target = cells.reduce((s, c) => s + c.target, 0);
	const creditedSum = cells.reduce((s, c) => s + Math.min(c.done, c.target), 0);
	return { remaining: target - creditedSum, pct: target === 0 ? 1 : creditedSum / target, overTarget: cells.filter((c) => c.done > c.target).length };
}

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
		expect(campaign).toMatchObject({ start: '2024-12-01', deadline: '2024-12-21', timeZone: 'Asia/Ho_Chi_Minh', isPublic: true });
		expect(campaign.snapshotTimes).toEqual(['06:00', '11:30', '23:00']);
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
		const last = await t.db
			.selectFrom('reports')
			.select((eb) => eb.fn.max('as_of').as('m'))
			.executeTakeFirstOrThrow();
		expect(last.m <= NOW.toISOString()).toBe(true);
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
		const row = await t.db
			.selectFrom('snapshot_rows')
			.selectAll()
			.where('snapshot_id', '=', snapshots.at(-1)!.id)
			.where('level', '=', 'province')
			.where('record_type', '=', '')
			.executeTakeFirstOrThrow();
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

const LIVE_NOW = new Date('2026-11-20T04:00:00Z'); // 11:00 on 20/11/2026, after the reform
const TOTALS = { khai_sinh: 765_311, ket_hon: 280_130, khai_tu: 192_636 };

describe('the demo built after the reform: live Hưng Yên, Thái Bình 186 as history', () => {
	let d: TestDb;
	let built: DemoSummary;
	let server: Awaited<ReturnType<typeof startServer>>;
	const campaign = async (code: string) => (await findCampaignByCode(d.db, code))!;
	/** Each commune's reports of one campaign, oldest first. */
	const reportsOf = async (code: string) => {
		const rows = await d.db
			.selectFrom('reports')
			.select(['commune_id', 'record_type', 'as_of', 'cumulative', 'note'])
			.where('campaign_id', '=', (await campaign(code)).id)
			.orderBy('as_of')
			.orderBy('id')
			.execute();
		const byCommune = new Map<number, typeof rows>();
		for (const r of rows) byCommune.set(r.commune_id, [...(byCommune.get(r.commune_id) ?? []), r]);
		return byCommune;
	};

	beforeAll(async () => {
		d = await createTestDb();
		built = await buildDemo(d.db, { now: LIVE_NOW, password: 'mat-khau-demo' });
		server = await startServer({ DATABASE_PATH: d.path });
	}, 120_000);
	afterAll(async () => {
		await server?.stop();
		await d?.close();
	});

	it('finishes Thái Bình 186 at its real dates at exactly 1.238.077, every commune at target', async () => {
		const history = await campaign('thaibinh-186');
		expect(history).toMatchObject({ start: '2024-12-01', deadline: '2024-12-21', isPublic: true });
		const end = zonedInstant('2024-12-22', '00:00', 'Asia/Ho_Chi_Minh');
		const progress = await evaluateCampaignAt(d.db, history, { at: end });
		const totals = provinceSummary(progress);
		for (const figure of ['target', 'done', 'credited'] as const) {
			expect(Object.fromEntries(totals.byRecordType.map((r) => [r.code, r[figure]]))).toEqual(TOTALS);
		}
		expect(totals.total).toMatchObject({ target: 1_238_077, done: 1_238_077, credited: 1_238_077, remaining: 0 });
		const communes = progress.rows.filter((r) => r.level === 'commune' && r.recordType === '');
		expect(communes).toHaveLength(242);
		expect(communes.filter((r) => r.remaining > 0 || r.done !== r.target)).toEqual([]);
		// Nothing reported after the deadline, nothing later than the moment of the build.
		const last = await d.db
			.selectFrom('reports')
			.select((eb) => eb.fn.max('as_of').as('m'))
			.where('campaign_id', '=', history.id)
			.executeTakeFirstOrThrow();
		expect(last.m < end.toISOString()).toBe(true);
	});

	it('tells the same Thái Bình story as a demo built on 10/12/2024, up to its silence', async () => {
		const upTo = new Date(NOW.getTime() - 30 * 3_600_000).toISOString();
		const read = async (db: TestDb['db']) =>
			db
				.selectFrom('reports as r')
				.innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
				.innerJoin('units as u', 'u.id', 'r.commune_id')
				.select(['u.code', 'r.record_type', 'r.as_of', 'r.cumulative', 'r.note'])
				.where('c.code', '=', 'thaibinh-186')
				.where('r.as_of', '<=', upTo)
				.orderBy('u.code')
				.orderBy('r.as_of')
				.orderBy('r.record_type')
				.execute();
		const [then, later] = [await read(t.db), await read(d.db)];
		expect(then.length).toBeGreaterThan(20_000);
		expect(later).toEqual(then);
	});

	it('keeps Thái Bình’s 63 snapshots, the last one finished, its leaderboard and award list', async () => {
		const history = await campaign('thaibinh-186');
		const snapshots = await d.db.selectFrom('snapshots').selectAll().where('campaign_id', '=', history.id).orderBy('slot_at').execute();
		expect(snapshots).toHaveLength(21 * 3);
		expect(snapshots.at(-1)!.slot_at).toBe(zonedInstant('2024-12-21', '23:00', 'Asia/Ho_Chi_Minh').toISOString());
		const province = await d.db
			.selectFrom('snapshot_rows')
			.selectAll()
			.where('snapshot_id', '=', snapshots.at(-1)!.id)
			.where('level', '=', 'province')
			.where('record_type', '=', '')
			.executeTakeFirstOrThrow();
		expect([province.target, province.credited]).toEqual([1_238_077, 1_238_077]);
		const ranked = await d.db
			.selectFrom('snapshot_rows')
			.select('rank')
			.where('snapshot_id', '=', snapshots.at(-1)!.id)
			.where('level', '=', 'commune')
			.where('record_type', '=', '')
			.execute();
		expect(ranked).toHaveLength(242);
		const [list] = await d.db.selectFrom('award_lists').selectAll().where('campaign_id', '=', history.id).execute();
		expect([list.name, list.snapshot_id]).toEqual(['Dẫn đầu phong trào thi đua', snapshots.at(-1)!.id]);
	});

	it('runs Hưng Yên on the 2-level list, today as day 10 of 21, with four record types', async () => {
		const live = await campaign('hungyen-hotich');
		expect(built.campaigns.map((c) => c.code)).toEqual(['hungyen-hotich', 'thaibinh-186']);
		expect(built.campaignCode).toBe('hungyen-hotich');
		expect(live).toMatchObject({ start: '2026-11-11', deadline: '2026-12-01', isPublic: true });
		const days = (Date.parse(live.deadline) - Date.parse(live.start)) / 86_400_000 + 1;
		expect([days, (Date.parse('2026-11-20') - Date.parse(live.start)) / 86_400_000 + 1]).toEqual([21, 10]);
		const hierarchy = await d.db.selectFrom('hierarchies').select('as_of').where('id', '=', live.hierarchyId).executeTakeFirstOrThrow();
		expect(hierarchy.as_of).toBe('2026-07-25');
		const types = await d.db.selectFrom('campaign_record_types').select('record_type').where('campaign_id', '=', live.id).orderBy('position').execute();
		expect(types.map((r) => r.record_type)).toEqual(['khai_sinh', 'ket_hon', 'khai_tu', 'nhan_cha_me_con']);
		// Thái Bình's part keeps its targets: Hưng Yên's births are Thái Bình's plus old Hưng Yên's.
		const { byRecordType } = provinceSummary(await evaluateCampaignAt(d.db, live, { at: LIVE_NOW }));
		const births = byRecordType.find((r) => r.code === 'khai_sinh')!.target;
		expect(births).toBeGreaterThan(TOTALS.khai_sinh);
		expect(births).toBeLessThan(TOTALS.khai_sinh * 2);
		const snapshots = await d.db.selectFrom('snapshots').select('slot_at').where('campaign_id', '=', live.id).execute();
		expect(snapshots).toHaveLength(9 * 3 + 1); // built at 11:00 on day 10: its 06:00 is taken
	});

	it('has 104 communes in 6 cụm thi đua whose totals add up to the province', async () => {
		const live = await campaign('hungyen-hotich');
		const progress = await evaluateCampaignAt(d.db, live, { at: LIVE_NOW });
		const groups = progress.units.filter((u) => u.level === 'group');
		expect(groups.map((g) => g.code)).toEqual(['CUM-1', 'CUM-2', 'CUM-3', 'CUM-4', 'CUM-5', 'CUM-6']);
		const communes = progress.units.filter((u) => u.level === 'commune');
		expect(communes).toHaveLength(104);
		expect(communes.every((c) => groups.some((g) => g.key === c.parentKey))).toBe(true);
		for (const type of ['', 'khai_sinh', 'ket_hon', 'khai_tu', 'nhan_cha_me_con']) {
			const rows = progress.rows.filter((r) => r.recordType === type);
			const province = rows.find((r) => r.level === 'province')!;
			for (const figure of ['target', 'done', 'credited', 'remaining'] as const) {
				const sum = (level: string) => rows.filter((r) => r.level === level).reduce((n, r) => n + r[figure], 0);
				expect([sum('group'), sum('commune')]).toEqual([province[figure], province[figure]]);
			}
		}
	});

	it('has early finishers, communes far behind, one above target, one correction with its reason, one silent commune', async () => {
		const live = await campaign('hungyen-hotich');
		const progress = await evaluateCampaignAt(d.db, live, { at: LIVE_NOW });
		const communes = progress.rows.filter((r) => r.level === 'commune' && r.recordType === '');
		expect(communes.filter((r) => r.remaining === 0).length).toBeGreaterThanOrEqual(5);
		expect(communes.filter((r) => r.pct < 0.25).length).toBeGreaterThanOrEqual(5);
		expect(communes.filter((r) => r.overTarget > 0)).toHaveLength(1);
		const province = progress.rows.find((r) => r.level === 'province' && r.recordType === '')!;
		expect(province.pct).toBeGreaterThan(0.35);
		expect(province.pct).toBeLessThan(0.6);
		const reports = await reportsOf('hungyen-hotich');
		const corrections = [...reports.values()].flatMap((rs) => {
			const previous = new Map<string, number>();
			return rs.filter((r) => {
				const lower = (previous.get(r.record_type) ?? 0) > r.cumulative;
				previous.set(r.record_type, r.cumulative);
				return lower;
			});
		});
		expect(corrections).toHaveLength(1);
		expect(corrections[0].note).toMatch(/^Điều chỉnh giảm/);
		// Between the 23:00 snapshot of day 9 and the 06:00 one of day 10, one unfinished commune sent nothing.
		const from = zonedInstant('2026-11-19', '23:00', 'Asia/Ho_Chi_Minh').toISOString();
		const to = zonedInstant('2026-11-20', '06:00', 'Asia/Ho_Chi_Minh').toISOString();
		const unfinished = new Set(communes.filter((r) => r.remaining > 0).map((r) => Number(r.unitKey.slice(2))));
		const silent = [...unfinished].filter((id) => !(reports.get(id) ?? []).some((r) => r.as_of > from && r.as_of <= to));
		expect(silent).toHaveLength(1);
	});

	it('lets the group lead read its own group only', async () => {
		const token = (await createApiToken(d.db, 'truongcum5.hungyen', { name: 'test', actor: 'test' }))!;
		const get = async (path: string) => {
			const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
			return { status: res.status, body: await res.json() };
		};
		const live = await campaign('hungyen-hotich');
		const progress = await evaluateCampaignAt(d.db, live, { at: LIVE_NOW });
		const cum5 = progress.units.find((u) => u.code === 'CUM-5')!;
		const ownCommunes = progress.units.filter((u) => u.parentKey === cum5.key).map((u) => u.code);
		const communes = await get('/api/v1/campaigns/hungyen-hotich/progress?level=commune');
		expect(communes.status).toBe(200);
		expect(communes.body.rows.map((r: { unit: { code: string } }) => r.unit.code).sort()).toEqual([...ownCommunes].sort());
		expect((await get('/api/v1/campaigns/hungyen-hotich/progress?level=commune&parent=CUM-5')).status).toBe(200);
		expect((await get('/api/v1/campaigns/hungyen-hotich/progress?level=commune&parent=CUM-1')).status).toBe(403);
	});

	it('creates the accounts of both provinces: admin, leader, group lead and clerk of Hưng Yên', async () => {
		expect(built.accounts.map((a) => [a.campaign, a.role])).toEqual([
			['hungyen-hotich', 'admin'],
			['hungyen-hotich', 'leader'],
			['hungyen-hotich', 'district'],
			['hungyen-hotich', 'clerk'],
			['thaibinh-186', 'admin'],
			['thaibinh-186', 'leader'],
			['thaibinh-186', 'district'],
			['thaibinh-186', 'clerk']
		]);
		const lead = await d.db.selectFrom('users').selectAll().where('username', '=', 'truongcum5.hungyen').executeTakeFirstOrThrow();
		expect([lead.role, lead.group_code]).toEqual(['district', 'CUM-5']);
	});

	it('opens the live campaign on the home page, with the history one click away', async () => {
		const browser = browserOf(server.url);
		const anonymous = await browser.get('/');
		expect(anonymous.text).toContain('Số hóa dữ liệu hộ tịch tỉnh Hưng Yên năm 2026');
		expect(anonymous.text).toContain('href="/dot/thaibinh-186"');
		const history = await browser.get('/dot/thaibinh-186');
		expect(history.status).toBe(200);
		expect(history.text).toContain('Kế hoạch 186/KH-UBND');
		// A signed-in user's home is their role's first screen in their province's newest campaign.
		const home = async (username: string) => {
			const cookie = await browser.login(username, 'mat-khau-demo');
			const { location } = await browser.get('/', cookie);
			return { location, text: (await browser.get(location!, cookie)).text };
		};
		for (const [username, landing] of [
			['quantri.hungyen', '/dot/hungyen-hotich'],
			['truongcum5.hungyen', '/dot/hungyen-hotich/don-vi/CUM-5']
		]) {
			const { location, text } = await home(username);
			expect(location).toBe(landing);
			expect(text).toContain('Số hóa dữ liệu hộ tịch tỉnh Hưng Yên năm 2026');
		}
		// Thái Bình's own users still open their province's campaign.
		const tb = await home('quantri');
		expect(tb.location).toBe('/dot/thaibinh-186');
		expect(tb.text).toContain('Số hóa dữ liệu hộ tịch tỉnh Thái Bình (Kế hoạch 186/KH-UBND)');
	});
});
