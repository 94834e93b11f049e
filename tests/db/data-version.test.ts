/**
 * The per-campaign data version (issue 24): raised by every write to a campaign's data in the
 * write's transaction, keying every cache of that campaign and of no other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/access';
import type { UnitList } from '../../src/lib/domain/unit-list';
import { insertUser } from '../../src/lib/server/auth/users';
import { findCampaignByCode, insertCampaign, setCampaignRecordTypes, setCampaignStages } from '../../src/lib/server/campaigns/repository';
import { setCampaignTargets, setUnitDeadlines, updateCampaignSettings } from '../../src/lib/server/campaigns/service';
import { campaignJson, campaignsJson } from '../../src/lib/server/campaigns/json';
import { setTargets } from '../../src/lib/server/campaigns/targets';
import type { Database } from '../../src/lib/server/db';
import { dashboard, dashboardCache, figuresCache } from '../../src/lib/server/dashboard/service';
import { leaderboardView } from '../../src/lib/server/leaderboard/service';
import { submitReports } from '../../src/lib/server/counts/service';
import { takeSnapshot } from '../../src/lib/server/snapshots/service';
import { importUnitList } from '../../src/lib/server/units/import';
import { listUnits } from '../../src/lib/server/units/repository';
import { createTestDb, type TestDb } from '../helpers/db';
import { TINY_LIST } from '../helpers/factories';

/** Thái Bình (A) and a tiny Hà Nội (B), one campaign each. */
const TWO_PROVINCES: UnitList = {
	levels: 3,
	provinces: [...TINY_LIST.provinces, { code: '01', name: 'Thành phố Hà Nội', type: 'Thành phố', parentCode: null }],
	districts: [...TINY_LIST.districts, { code: '001', name: 'Quận Ba Đình', type: 'Quận', parentCode: '01' }],
	communes: [...TINY_LIST.communes, { code: '00001', name: 'Phường Phúc Xá', type: 'Phường', parentCode: '001' }]
};

const NOW = new Date('2024-12-05T05:00:00Z');
let t: TestDb;
let adminA: Actor;
const communeA = () => TINY_LIST.communes[0].code;

async function seed(code: string, provinceCode: string, hierarchyId: number) {
	const units = await listUnits(t.db, hierarchyId, {});
	const province = units.find((u) => u.code === provinceCode)!;
	const under = new Set([province.id]);
	for (const u of units) if (u.parent_id !== null && under.has(u.parent_id)) under.add(u.id);
	for (const u of units) if (u.parent_id !== null && under.has(u.parent_id)) under.add(u.id);
	const communes = units.filter((u) => u.level === 'commune' && under.has(u.id));
	await t.db.transaction().execute(async (tx) => {
		const id = await insertCampaign(tx, {
			code,
			name: `Đợt ${code}`,
			hierarchy_id: hierarchyId,
			province_id: province.id,
			start_date: '2024-12-01',
			deadline: '2024-12-21',
			created_at: '2024-11-30T01:00:00.000Z'
		});
		await setCampaignRecordTypes(tx, id, ['khai_sinh']);
		await setCampaignStages(tx, id, [{ code: 'nhap_lieu', name: 'Nhập liệu' }]);
		await setTargets(
			tx,
			id,
			communes.map((c) => ({ communeId: c.id, recordType: 'khai_sinh', target: 100 })),
			{ at: '2024-11-30T01:00:00.000Z', authorId: null, source: 'api' }
		);
	});
	return province;
}

const campaign = async (code: string) => (await findCampaignByCode(t.db, code))!;
const report = async (value: number) =>
	submitReports(
		t.db,
		adminA,
		await campaign('a'),
		{ reports: [{ commune: communeA(), recordType: 'khai_sinh', cumulative: value, asOf: NOW.toISOString() }] },
		{ source: 'api', idempotencyKey: null, now: NOW }
	);

beforeAll(async () => {
	t = await createTestDb();
	const { hierarchyId } = await importUnitList(t.db, TWO_PROVINCES, { asOf: '2025-03-01', source: 'api', actor: 'test' });
	const provinceA = await seed('a', '34', hierarchyId);
	await seed('b', '01', hierarchyId);
	const userId = await insertUser(t.db, {
		username: 'quantri',
		display_name: 'Quản trị',
		password_hash: 'x',
		role: 'admin',
		unit_id: provinceA.id,
		email: null,
		created_at: '2024-11-30T00:00:00.000Z'
	});
	adminA = { userId, username: 'quantri', displayName: 'Quản trị', role: 'admin', unitId: provinceA.id, provinceId: provinceA.id };
});
afterAll(() => t?.close());

describe('the data version of a campaign', () => {
	it('rises with every write to the campaign’s figures, settings, targets, deadlines and snapshots', async () => {
		const versions: number[] = [(await campaign('a')).dataVersion];
		await report(10);
		versions.push((await campaign('a')).dataVersion);
		await setCampaignTargets(t.db, adminA, await campaign('a'), [{ commune: communeA(), recordType: 'khai_sinh', target: 120 }], 'api');
		versions.push((await campaign('a')).dataVersion);
		await setUnitDeadlines(t.db, adminA, await campaign('a'), [{ unit: communeA(), deadline: '2024-12-20' }], 'api');
		versions.push((await campaign('a')).dataVersion);
		await updateCampaignSettings(t.db, adminA, await campaign('a'), { name: 'Đợt A, tên mới' }, 'api');
		versions.push((await campaign('a')).dataVersion);
		await takeSnapshot(t.db, await campaign('a'), { slot: NOW, kind: 'adhoc', now: NOW });
		versions.push((await campaign('a')).dataVersion);
		expect(versions).toEqual([0, 1, 2, 3, 4, 5]);
		expect((await campaign('a')).dataChangedAt).toBe(NOW.toISOString());
		// A write that changes nothing (the same targets again) raises nothing.
		await setCampaignTargets(t.db, adminA, await campaign('a'), [{ commune: communeA(), recordType: 'khai_sinh', target: 120 }], 'api');
		expect((await campaign('a')).dataVersion).toBe(5);
		expect((await campaign('b')).dataVersion).toBe(0);
	});

	it('a report to province A leaves B’s version and cached figures alone, and A shows it at once', async () => {
		const b = await campaign('b');
		const bKey = `|now:${Math.floor(NOW.getTime() / 60_000)}||public`; // unit | moment | hierarchy (own) | reader
		await dashboard(t.db, null, b, null, { snapshot: null, instant: null }, NOW);
		expect(dashboardCache.has(b.id, b.dataVersion, bKey)).toBe(true);
		const before = await dashboard(t.db, null, await campaign('a'), null, { snapshot: null, instant: null }, NOW);

		await report(before.head.done + 30);
		expect((await campaign('b')).dataVersion).toBe(b.dataVersion);
		expect(dashboardCache.has(b.id, b.dataVersion, bKey)).toBe(true);
		expect(figuresCache.has(b.id, b.dataVersion, `${b.provinceId}|now|${Math.floor(NOW.getTime() / 60_000)}`)).toBe(true);
		const after = await dashboard(t.db, null, await campaign('a'), null, { snapshot: null, instant: null }, NOW);
		expect(after.head.done).toBe(before.head.done + 30);
	});

	it('10 concurrent requests after a change cause one evaluation', async () => {
		await report(77);
		const a = await campaign('a');
		const [figures, views] = [figuresCache.stats().computations, dashboardCache.stats().computations];
		const pages = await Promise.all(Array.from({ length: 10 }, () => dashboard(t.db, adminA, a, null, { snapshot: null, instant: null }, NOW)));
		expect(pages.map((p) => p.head.done)).toEqual(Array(10).fill(77));
		expect(figuresCache.stats().computations - figures).toBe(1);
		expect(dashboardCache.stats().computations - views).toBe(1);
		// The leaderboard's readers share one computation too.
		const boards = await Promise.all(Array.from({ length: 10 }, () => leaderboardView(t.db, null, a, {})));
		expect(new Set(boards)).toHaveProperty('size', 1);
	});
});

describe('GET /campaigns', () => {
	/** The database, counting the queries run through it. */
	function counting(db: Database) {
		const counter = { queries: 0 };
		const counted = db.withPlugin({ transformQuery: (args) => (counter.queries++, args.node), transformResult: async (args) => args.result });
		return { db: counted, counter };
	}

	it('lists every campaign in the same few queries however many there are, as each one alone reads', async () => {
		const everyone = () => true;
		const two = counting(t.db);
		const listed = await campaignsJson(two.db, everyone);
		expect(listed.map((c) => c.code).sort()).toEqual(['a', 'b']);
		await seed('c', '01', (await campaign('a')).hierarchyId);
		const three = counting(t.db);
		expect(await campaignsJson(three.db, everyone)).toHaveLength(3);
		expect(three.counter.queries).toBe(two.counter.queries);
		expect(three.counter.queries).toBeLessThanOrEqual(3);
		for (const c of await campaignsJson(t.db, everyone)) expect(c).toEqual(await campaignJson(t.db, await campaign(c.code)));
		expect((await campaignsJson(t.db, (c) => c.code === 'b')).map((c) => c.code)).toEqual(['b']);
	});
});
