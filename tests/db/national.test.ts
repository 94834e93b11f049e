/**
 * National campaigns (issue 29, item 1) on a real SQLite file: a campaign of the ministry
 * over every province of the 2025 list (34 provinces, 3.321 communes), evaluated with the
 * nation as its root; each province's part read by its own users as their campaign; what a
 * province may and may not change; on the 2-level list, each province's cụm thi đua as its
 * middle level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOTAL, NATION_KEY } from '../../src/lib/domain/evaluate';
import type { Actor } from '../../src/lib/domain/access';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/domain/errors';
import { campaignAsSeenBy, campaignListFilter } from '../../src/lib/server/campaigns/access';
import { canRunCampaign, isProvincePart } from '../../src/lib/server/campaigns/part';
import { createCampaign, setCampaignTargets, setUnitDeadlines, updateCampaignSettings } from '../../src/lib/server/campaigns/service';
import { listCampaignsWithPlace } from '../../src/lib/server/campaigns/repository';
import { countCommunesWithoutTarget } from '../../src/lib/server/campaigns/targets';
import { submitReports } from '../../src/lib/server/counts/service';
import type { Campaign } from '../../src/lib/domain/campaign';
import { campaignTree, evaluateCampaignAt } from '../../src/lib/server/progress/evaluate';
import { campaignScope } from '../../src/lib/server/campaigns/scope';
import { setProvinceGroups } from '../../src/lib/server/groups/service';
import { UNGROUPED, type GroupDraft } from '../../src/lib/domain/groups';
import { takeAdhocSnapshot } from '../../src/lib/server/snapshots/service';
import { snapshotData } from '../../src/lib/server/snapshots/view';
import { buildNationReport } from '../../src/reports/snapshot-report';
import { addUser } from '../../src/lib/server/auth/accounts';
import { dashboard } from '../../src/lib/server/dashboard/service';
import { queueDeliveries, sendDueDeliveries, smtpTransport } from '../../src/lib/server/delivery/service';
import { freePort, parseMail, startSmtp } from '../helpers/smtp';
import { drawAwardList, frozenList, saveAwardRule } from '../../src/lib/server/awards/service';
import { importUnitList, readUnitFile } from '../../src/lib/server/units/import';
import { findUnit, listUnits } from '../../src/lib/server/units/repository';
import { leaderboardView, leaderboardWorkbook } from '../../src/lib/server/leaderboard/service';
import { createTestDb, type TestDb } from '../helpers/db';

let t: TestDb;
let national: Campaign;
let hierarchyId: number;
const HUNG_YEN = '33';
const HA_NOI = '01';

const actor = (role: Actor['role'], unitId: number, provinceId: number, userId = 1): Actor => ({
	userId,
	username: `${role}-${provinceId}`,
	displayName: role,
	role,
	unitId,
	provinceId
});
let ministry: Actor;
const province = async (code: string) => (await findUnit(t.db, hierarchyId, code))!;
const communesOf = async (code: string) => listUnits(t.db, hierarchyId, { level: 'commune', provinceId: (await province(code)).id });

beforeAll(async () => {
	t = await createTestDb();
	({ hierarchyId } = await importUnitList(t.db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: '2026-07-25', source: 'api', actor: 'test' }));
	const user = await addUser(t.db, { username: 'cuc.hotich', role: 'ministry', password: 'Bo-Tu-Phap-2026!', email: 'cuc@moj.example' });
	ministry = actor('ministry', 0, 0, user.id);
	national = await createCampaign(t.db, ministry, {
		code: 'toan-quoc-2026',
		name: 'Số hóa sổ hộ tịch toàn quốc 2026',
		hierarchy: '2026-07-25',
		start: '2026-08-01',
		deadline: '2026-12-31',
		recordTypes: ['khai_sinh', 'ket_hon']
	});
	// Every commune of the nation gets a target; two provinces' clerks enter counts.
	const communes = await listUnits(t.db, hierarchyId, { level: 'commune' });
	await setCampaignTargets(
		t.db,
		ministry,
		national,
		communes.flatMap((c, i) => [
			{ commune: c.code, recordType: 'khai_sinh', target: 1000 + (i % 7) * 100 },
			{ commune: c.code, recordType: 'ket_hon', target: 300 }
		]),
		'api'
	);
	for (const [code, done] of [
		[HUNG_YEN, 900],
		[HA_NOI, 250]
	] as const) {
		const p = await province(code);
		const [c1, c2] = await communesOf(code);
		for (const c of [c1, c2]) {
			const user = await addUser(t.db, { username: `canbo.${c.code}`, role: 'clerk', unitCode: c.code, password: 'Can-bo-xa-2026!', email: `canbo.${c.code}@example.vn` });
			const clerk = actor('clerk', c.id, p.id, user.id);
			const part = await campaignAsSeenBy(t.db, clerk, national);
			await submitReports(
				t.db,
				clerk,
				part,
				{ reports: [{ commune: c.code, recordType: 'khai_sinh', cumulative: done, asOf: '2026-08-10T03:00:00Z' }] },
				{
					source: 'api',
					idempotencyKey: null,
					now: new Date('2026-08-10T03:05:00Z')
				}
			);
		}
	}
}, 120_000);
afterAll(async () => t?.close());

const AT = new Date('2026-08-10T05:00:00Z');

describe('a national campaign', () => {
	it('has no province: its root is the nation, whose children are the 34 provinces', async () => {
		expect(national.provinceId).toBeNull();
		const progress = await evaluateCampaignAt(t.db, national, { at: AT });
		const root = progress.units.filter((u) => u.parentKey === null);
		expect(root.map((u) => [u.key, u.level, u.name])).toEqual([[NATION_KEY, 'nation', 'Toàn quốc']]);
		expect(progress.units.filter((u) => u.level === 'province')).toHaveLength(34);
		expect(progress.units.filter((u) => u.level === 'commune')).toHaveLength(3321);
		expect(progress.units.filter((u) => u.level === 'province').every((u) => u.parentKey === NATION_KEY)).toBe(true);
	});

	it('sums its provinces into the nation, per record type and in total, and ranks the provinces', async () => {
		const progress = await evaluateCampaignAt(t.db, national, { at: AT });
		for (const type of ['khai_sinh', 'ket_hon', TOTAL]) {
			const provinces = progress.rows.filter((r) => r.level === 'province' && r.recordType === type);
			const nation = progress.rows.find((r) => r.level === 'nation' && r.recordType === type)!;
			for (const field of ['target', 'done', 'credited', 'remaining'] as const) expect(nation[field]).toBe(provinces.reduce((s, r) => s + r[field], 0));
		}
		const total = progress.rows.find((r) => r.level === 'nation' && r.recordType === TOTAL)!;
		expect(total.credited).toBe(2 * 900 + 2 * 250);
		// Hưng Yên's two communes did more than Hà Nội's: it ranks above; the provinces with nothing share the last rank.
		const rankOf = async (code: string) => {
			const key = `u:${(await province(code)).id}`;
			return progress.rows.find((r) => r.unitKey === key && r.recordType === TOTAL)!.rank;
		};
		const [hy, hn] = [await rankOf(HUNG_YEN), await rankOf(HA_NOI)];
		expect(hy).toBeLessThan(hn);
		expect(new Set(progress.rows.filter((r) => r.level === 'province' && r.recordType === TOTAL).map((r) => r.rank)).size).toBe(3);
	});

	it('is on the ministry’s list and on each province’s of the same hierarchy version, not another version’s', async () => {
		const rows = (await listCampaignsWithPlace(t.db)).map((r) => r.campaign);
		const admin = actor('admin', (await province(HUNG_YEN)).id, (await province(HUNG_YEN)).id);
		for (const who of [ministry, admin]) expect(rows.filter(await campaignListFilter(t.db, who)).map((c) => c.code)).toContain('toan-quoc-2026');
		expect(rows.filter(await campaignListFilter(t.db, null)).map((c) => c.code)).not.toContain('toan-quoc-2026');
	});
});

describe('a province’s part', () => {
	it('is the national campaign’s subtree of that province, figure for figure', async () => {
		const p = await province(HUNG_YEN);
		const admin = actor('admin', p.id, p.id);
		const part = await campaignAsSeenBy(t.db, admin, national);
		expect(isProvincePart(part)).toBe(true);
		expect(part.provinceId).toBe(p.id);
		const [whole, own] = await Promise.all([evaluateCampaignAt(t.db, national, { at: AT }), evaluateCampaignAt(t.db, part, { at: AT })]);
		const root = own.units.find((u) => u.parentKey === null)!;
		expect([root.key, root.level]).toEqual([`u:${p.id}`, 'province']);
		const ownKeys = new Set(own.units.map((u) => u.key));
		const subtree = whole.units.filter((u) => u.key === root.key || u.parentKey === root.key).map((u) => u.key);
		expect([...ownKeys].sort()).toEqual(subtree.sort());
		const pick = (r: (typeof own.rows)[number]) => [r.unitKey, r.recordType, r.target, r.done, r.credited, r.remaining, r.pct, r.dailyQuota, r.status];
		const inWhole = whole.rows.filter((r) => ownKeys.has(r.unitKey)).map(pick);
		expect(own.rows.map(pick)).toEqual(inWhole);
	});

	it('is its province’s overview, whoever read the national one first (the caches keep them apart)', async () => {
		const p = await province(HUNG_YEN);
		const admin = actor('admin', p.id, p.id);
		const part = await campaignAsSeenBy(t.db, admin, national);
		const moment = { snapshot: null, instant: null };
		const whole = await dashboard(t.db, ministry, national, null, moment, AT);
		const own = await dashboard(t.db, admin, part, null, moment, AT);
		expect([whole.unit.level, own.unit.level]).toEqual(['nation', 'province']);
		expect(own.unit.code).toBe(HUNG_YEN);
		expect(own.head.credited).toBe(2 * 900);
		expect(whole.children).toHaveLength(34);
		expect(own.children.every((c) => c.level === 'commune')).toBe(true);
	});

	it('takes its province’s targets and deadlines from its admin, and nothing of another province', async () => {
		const p = await province(HUNG_YEN);
		const admin = actor('admin', p.id, p.id);
		const part = await campaignAsSeenBy(t.db, admin, national);
		const [own] = await communesOf(HUNG_YEN);
		const [foreign] = await communesOf(HA_NOI);
		expect(await setCampaignTargets(t.db, admin, part, [{ commune: own.code, recordType: 'ket_hon', target: 320 }], 'api')).toEqual({ changed: 1 });
		expect(await setUnitDeadlines(t.db, admin, part, [{ unit: own.code, deadline: '2026-11-30' }], 'api')).toEqual({ changed: 1 });
		await expect(setCampaignTargets(t.db, admin, part, [{ commune: foreign.code, recordType: 'ket_hon', target: 1 }], 'api')).rejects.toBeInstanceOf(ValidationError);
		// Through the national campaign itself, or another province's part, nothing at all.
		await expect(setCampaignTargets(t.db, admin, national, [{ commune: own.code, recordType: 'ket_hon', target: 1 }], 'api')).rejects.toBeInstanceOf(ForbiddenError);
		const other = await campaignAsSeenBy(t.db, actor('admin', (await province(HA_NOI)).id, (await province(HA_NOI)).id), national);
		await expect(setCampaignTargets(t.db, admin, other, [{ commune: foreign.code, recordType: 'ket_hon', target: 1 }], 'api')).rejects.toBeInstanceOf(ForbiddenError);
		const entered = (await evaluateCampaignAt(t.db, national)).rows.find((r) => r.unitKey === `u:${own.id}` && r.recordType === 'ket_hon')!;
		expect([entered.target, entered.deadline]).toEqual([320, '2026-11-30']);
	});

	it('never changes the national settings, nor takes a snapshot of the nation', async () => {
		const p = await province(HUNG_YEN);
		const admin = actor('admin', p.id, p.id);
		const part = await campaignAsSeenBy(t.db, admin, national);
		expect(canRunCampaign(admin, part)).toBe(false);
		expect(canRunCampaign(ministry, national)).toBe(true);
		await expect(updateCampaignSettings(t.db, admin, part, { snapshotTimes: ['07:00'] }, 'api')).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updateCampaignSettings(t.db, admin, national, { snapshotTimes: ['07:00'] }, 'api')).rejects.toBeInstanceOf(ForbiddenError);
		await expect(takeAdhocSnapshot(t.db, admin, part, null, 'api')).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('is read by a clerk only for their commune, and a leader of another province reads nothing of it', async () => {
		const hy = await province(HUNG_YEN);
		const leaderElsewhere = actor('leader', (await province(HA_NOI)).id, (await province(HA_NOI)).id);
		const seen = await campaignAsSeenBy(t.db, leaderElsewhere, national);
		expect(seen.provinceId).not.toBe(hy.id);
		const progress = await evaluateCampaignAt(t.db, seen, { at: AT });
		expect(progress.units.some((u) => u.key === `u:${hy.id}`)).toBe(false);
	});
});

describe('a national snapshot', () => {
	it('stores the nation and every province, and its report is the ministry’s', async () => {
		const snapshot = await takeAdhocSnapshot(t.db, ministry, national, AT, 'api');
		const data = await snapshotData(t.db, national, snapshot);
		expect(data.provinceName).toBe('Toàn quốc');
		const nation = data.figures.get(`${NATION_KEY}|`) ?? [...data.figures.values()].find((f) => f.level === 'nation' && f.recordType === TOTAL);
		expect(nation?.credited).toBe(2 * 900 + 2 * 250);
		const workbook = buildNationReport(data);
		const summary = workbook.getWorksheet('Tổng hợp')!;
		const texts = summary
			.getSheetValues()
			.flat()
			.filter((v): v is string => typeof v === 'string');
		expect(texts).toContain('BỘ TƯ PHÁP');
		expect(texts).toContain('Toàn quốc');
		expect(workbook.worksheets.length).toBe(1 + 2 + 34);
	});

	it('draws an award list of provinces for the ministry, and none for a province through its part', async () => {
		const snapshot = await takeAdhocSnapshot(t.db, ministry, national, AT, 'api');
		const rule = { name: 'Dẫn đầu toàn quốc', kind: 'top_n', level: 'province', n: 2, award: 'Bằng khen của Bộ trưởng Bộ Tư pháp' };
		const ruleId = await saveAwardRule(t.db, ministry, national, rule, 'api');
		const listId = await drawAwardList(t.db, ministry, national, ruleId, snapshot.id, 'api');
		const list = await frozenList(t.db, ministry, national, listId);
		expect(list.entries.map((e) => [e.code, e.level])).toEqual([
			[HUNG_YEN, 'province'],
			[HA_NOI, 'province']
		]);
		const p = await province(HUNG_YEN);
		const part = await campaignAsSeenBy(t.db, actor('admin', p.id, p.id), national);
		await expect(saveAwardRule(t.db, actor('admin', p.id, p.id), part, rule, 'api')).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('mails the nation’s report to the ministry and each province’s to its leaders; clerks get none', async () => {
		await addUser(t.db, { username: 'lanhdao.hungyen', role: 'leader', unitCode: HUNG_YEN, password: 'Lanh-dao-2026!', email: 'lanhdao@hungyen.example.vn' });
		const snapshot = await takeAdhocSnapshot(t.db, ministry, national, AT, 'api');
		const port = await freePort();
		const smtp = await startSmtp(port);
		try {
			expect(await queueDeliveries(t.db, national, snapshot)).toBe(2);
			expect(await sendDueDeliveries(t.db, smtpTransport(`smtp://127.0.0.1:${port}`))).toEqual({ sent: 2, failed: 0 });
		} finally {
			await smtp.stop();
		}
		const byRecipient = new Map(smtp.received.map((m) => [m.to[0], parseMail(m.raw)]));
		const ministryMail = byRecipient.get('cuc@moj.example')!;
		expect(ministryMail.subject).toContain('Toàn quốc');
		expect(ministryMail.text).toContain('1. Tỉnh Hưng Yên');
		expect(ministryMail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.xlsx$/)]);
		const provinceMail = byRecipient.get('lanhdao@hungyen.example.vn')!;
		expect(provinceMail.subject).toContain('Hưng Yên');
		expect(provinceMail.text).toMatch(/Xếp hạng: 1\/34 tỉnh, thành phố/);
	});
});

describe('the ministry’s tasks', () => {
	it('counts the communes without a target over every province, and a province’s part over its own', async () => {
		const fresh = await createCampaign(t.db, ministry, {
			code: 'toan-quoc-chua-giao',
			name: 'Đợt toàn quốc chưa giao chỉ tiêu',
			hierarchy: '2026-07-25',
			start: '2026-08-01',
			deadline: '2026-12-31'
		});
		expect(await countCommunesWithoutTarget(t.db, fresh)).toBe(3321);
		expect(await countCommunesWithoutTarget(t.db, national)).toBe(0);
		const p = await province(HUNG_YEN);
		const part = await campaignAsSeenBy(t.db, actor('admin', p.id, p.id), fresh);
		expect(await countCommunesWithoutTarget(t.db, part)).toBe((await communesOf(HUNG_YEN)).length);
	});
});

describe('a 2-level national campaign over the provinces’ cụm thi đua', () => {
	let grouped: Campaign;
	/** A province's first `count` communes dealt into CUM-1 and CUM-2; the rest kept in «Chưa xếp cụm». */
	const dealt = async (code: string, count: number): Promise<GroupDraft[]> => {
		const communes = (await communesOf(code)).slice(0, count);
		return [1, 2].map((g) => ({
			code: `CUM-${g}`,
			name: `Cụm thi đua số ${g}`,
			where: {},
			members: communes.filter((_, i) => i % 2 === g - 1).map((c) => ({ code: c.code, where: {} }))
		}));
	};
	const groupsUnder = (units: { key: string; level: string; code: string; name: string; parentKey: string | null }[], parentKey: string) =>
		units.filter((u) => u.level === 'group' && u.parentKey === parentKey).map((u) => [u.code, u.name]);
	const CUM = [
		['CUM-1', 'Cụm thi đua số 1'],
		['CUM-2', 'Cụm thi đua số 2'],
		[UNGROUPED.code, UNGROUPED.name]
	];

	beforeAll(async () => {
		// Two provinces with the same group codes.
		for (const code of [HUNG_YEN, HA_NOI]) await setProvinceGroups(t.db, 'cli', code, await dealt(code, 6), { keepUngrouped: true, source: 'cli' });
		grouped = await createCampaign(t.db, ministry, {
			code: 'toan-quoc-cum',
			name: 'Số hóa toàn quốc theo cụm thi đua',
			hierarchy: '2026-07-25',
			start: '2026-08-01',
			deadline: '2026-12-31',
			recordTypes: ['khai_sinh', 'ket_hon']
		});
		const communes = await listUnits(t.db, hierarchyId, { level: 'commune' });
		await setCampaignTargets(
			t.db,
			ministry,
			grouped,
			communes.flatMap((c, i) => [
				{ commune: c.code, recordType: 'khai_sinh', target: 100 + (i % 5) * 10 },
				{ commune: c.code, recordType: 'ket_hon', target: 30 }
			]),
			'api'
		);
	}, 120_000);

	it('puts each province’s cụm under that province, coded and named with it for the ministry', async () => {
		const { units } = await evaluateCampaignAt(t.db, grouped, { at: AT });
		for (const code of [HUNG_YEN, HA_NOI]) {
			const p = await province(code);
			expect(groupsUnder(units, `u:${p.id}`)).toEqual(CUM.map(([c, n]) => [`${code}:${c}`, `${n} (${p.name})`]));
		}
		expect((await province(HUNG_YEN)).name).toBe('Tỉnh Hưng Yên');
		expect(units.filter((u) => u.level === 'group')).toHaveLength(6);
		// Every commune of a province with groups sits in one of its own cụm.
		const hy = await province(HUNG_YEN);
		const hyGroups = new Set(units.filter((u) => u.level === 'group' && u.parentKey === `u:${hy.id}`).map((u) => u.key));
		const hyCommunes = new Set((await communesOf(HUNG_YEN)).map((c) => `u:${c.id}`));
		expect(units.filter((u) => hyCommunes.has(u.key)).every((u) => hyGroups.has(u.parentKey!))).toBe(true);
		expect(units.filter((u) => u.level === 'commune' && hyGroups.has(u.parentKey!)).length).toBe(hyCommunes.size);
	});

	it('sums groups and ungrouped communes into their provinces, and the provinces into the nation', async () => {
		const { units, rows } = await evaluateCampaignAt(t.db, grouped, { at: AT });
		const parentOf = new Map(units.map((u) => [u.key, u.parentKey]));
		for (const type of ['khai_sinh', 'ket_hon', TOTAL]) {
			const of = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter((r) => r.recordType === type && pick(r)).reduce((s, r) => s + r.target, 0);
			const nation = of((r) => r.level === 'nation');
			expect(nation).toBeGreaterThan(0);
			expect(of((r) => r.level === 'province')).toBe(nation);
			// The provinces' middle level: their cụm, and the communes of provinces without any.
			const middle = of((r) => r.level === 'group' || (r.level === 'commune' && units.find((u) => u.key === parentOf.get(r.unitKey))?.level === 'province'));
			expect(middle).toBe(nation);
			for (const code of [HUNG_YEN, HA_NOI]) {
				const key = `u:${(await province(code)).id}`;
				expect(of((r) => r.level === 'group' && parentOf.get(r.unitKey) === key)).toBe(of((r) => r.unitKey === key));
			}
		}
	});

	it('shows a province’s part with only its own cụm, as its provincial campaign does', async () => {
		const hy = await province(HUNG_YEN);
		const admin = actor('admin', hy.id, hy.id);
		const part = await campaignAsSeenBy(t.db, admin, grouped);
		const own = await campaignTree(t.db, part);
		const provincial = await createCampaign(t.db, admin, {
			code: 'hung-yen-cum',
			name: 'Số hóa Hưng Yên theo cụm',
			hierarchy: '2026-07-25',
			provinceCode: HUNG_YEN,
			start: '2026-08-01',
			deadline: '2026-12-31'
		});
		const theirs = await campaignTree(t.db, provincial);
		// Same cụm in the same order, each with the same communes.
		const shape = (tree: typeof own) => {
			const groups = tree.filter((u) => u.level === 'group');
			return groups.map((g) => [g.code, g.name, tree.filter((u) => u.parentKey === g.key).map((u) => u.code)]);
		};
		expect(shape(own)).toEqual(shape(theirs));
		expect(groupsUnder(own, `u:${hy.id}`)).toEqual(CUM);
		const hyCommunes = new Set((await communesOf(HUNG_YEN)).map((c) => c.code));
		expect(own.filter((u) => u.level === 'commune').every((u) => hyCommunes.has(u.code))).toBe(true);
	});

	it('lets a group lead of a province read their own cụm of it, not the same code elsewhere', async () => {
		const hy = await province(HUNG_YEN);
		await addUser(t.db, { username: 'cum1.hungyen', role: 'district', unitCode: `${HUNG_YEN}:CUM-1`, password: 'Truong-cum-2026!' });
		const lead: Actor = { ...actor('district', hy.id, hy.id), groupCode: 'CUM-1' };
		const part = await campaignAsSeenBy(t.db, lead, grouped);
		expect(part.provinceId).toBe(hy.id);
		const { communes, scopeName } = await campaignScope(t.db, lead, part, 'read');
		const cum1 = (await communesOf(HUNG_YEN)).filter((_, i) => i < 6 && i % 2 === 0).map((c) => c.code);
		expect(communes.filter((c) => c.mine).map((c) => c.code)).toEqual(cum1);
		expect(scopeName).toBe('Cụm thi đua số 1');
		// Hà Nội's lead of a cụm with the same code reads Hà Nội's.
		const hn = await province(HA_NOI);
		const other: Actor = { ...actor('district', hn.id, hn.id), groupCode: 'CUM-1' };
		const theirs = await campaignScope(t.db, other, await campaignAsSeenBy(t.db, other, grouped), 'read');
		const hnCum1 = (await communesOf(HA_NOI)).filter((_, i) => i < 6 && i % 2 === 0).map((c) => c.code);
		expect(theirs.communes.filter((c) => c.mine).map((c) => c.code)).toEqual(hnCum1);
	});

	it('mails each group lead their own cụm’s report, the same code in two provinces kept apart', async () => {
		await addUser(t.db, { username: 'cum2.hungyen', role: 'district', unitCode: `${HUNG_YEN}:CUM-2`, password: 'Truong-cum-2026!', email: 'cum2@hungyen.example.vn' });
		await addUser(t.db, { username: 'cum2.hanoi', role: 'district', unitCode: `${HA_NOI}:CUM-2`, password: 'Truong-cum-2026!', email: 'cum2@hanoi.example.vn' });
		const snapshot = await takeAdhocSnapshot(t.db, ministry, grouped, AT, 'api');
		const port = await freePort();
		const smtp = await startSmtp(port);
		try {
			const queued = await queueDeliveries(t.db, grouped, snapshot);
			expect(await sendDueDeliveries(t.db, smtpTransport(`smtp://127.0.0.1:${port}`))).toEqual({ sent: queued, failed: 0 });
		} finally {
			await smtp.stop();
		}
		const byRecipient = new Map(smtp.received.map((m) => [m.to[0], parseMail(m.raw)]));
		for (const [address, code] of [
			['cum2@hungyen.example.vn', HUNG_YEN],
			['cum2@hanoi.example.vn', HA_NOI]
		]) {
			const mail = byRecipient.get(address)!;
			expect(mail.subject).toContain(`Cụm thi đua số 2 (${(await province(code)).name})`);
			expect(mail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.xlsx$/)]);
		}
		const rows = await t.db.selectFrom('deliveries').select(['recipient', 'status']).where('snapshot_id', '=', snapshot.id).execute();
		expect(rows.filter((r) => r.recipient.startsWith('cum2@')).map((r) => r.status)).toEqual(['sent', 'sent']);
	});

	it('ranks the cụm of every province for the ministry, each named with its province, by scoped code', async () => {
		const snapshot = await takeAdhocSnapshot(t.db, ministry, grouped, AT, 'api');
		const view = await leaderboardView(t.db, ministry, grouped, { level: 'group', snapshot: String(snapshot.id) });
		expect(view.level).toBe('group');
		const hy = await province(HUNG_YEN);
		const hn = await province(HA_NOI);
		expect(view.rows.map((r) => r.name)).toEqual(expect.arrayContaining([`Cụm thi đua số 1 (${hy.name})`, `Cụm thi đua số 1 (${hn.name})`]));
		expect(new Set(view.rows.map((r) => r.code)).size).toBe(view.rows.length);
		expect(view.parents.map((p) => p.code)).toEqual(expect.arrayContaining([`${HUNG_YEN}:CUM-1`, `${HA_NOI}:CUM-1`]));
		// parent= names one province's cụm: only its communes.
		const communes = await leaderboardView(t.db, ministry, grouped, { level: 'commune', snapshot: String(snapshot.id), parent: `${HA_NOI}:CUM-1` });
		expect(communes.parent).toEqual({ code: `${HA_NOI}:CUM-1`, name: `Cụm thi đua số 1 (${hn.name})` });
		const hnCum1 = (await communesOf(HA_NOI)).filter((_, i) => i < 6 && i % 2 === 0).map((c) => c.code);
		expect(communes.rows.map((r) => r.code).sort()).toEqual([...hnCum1].sort());
		await expect(leaderboardView(t.db, ministry, grouped, { level: 'commune', snapshot: String(snapshot.id), parent: 'CUM-1' })).rejects.toBeInstanceOf(NotFoundError);
		const file = await leaderboardWorkbook(t.db, ministry, grouped, { level: 'group', snapshot: String(snapshot.id) });
		const names: string[] = [];
		file.workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => void names.push(String(cell.value))));
		expect(names).toEqual(expect.arrayContaining([`Cụm thi đua số 1 (${hy.name})`, `Cụm thi đua số 1 (${hn.name})`]));
		const byParent = await leaderboardWorkbook(t.db, ministry, grouped, { level: 'commune', snapshot: String(snapshot.id), parent: `${HA_NOI}:CUM-1` });
		expect(byParent.name).not.toContain(':');
		// A province's part keeps its own codes and names.
		const part = await campaignAsSeenBy(t.db, actor('leader', hy.id, hy.id), grouped);
		const own = await leaderboardView(t.db, actor('leader', hy.id, hy.id), part, { level: 'group', snapshot: String(snapshot.id) });
		expect(own.rows.map((r) => [r.code, r.name])).toEqual(expect.arrayContaining(CUM.slice(0, 2)));
		expect(own.parents.map((p) => p.code).sort()).toEqual(CUM.map(([c]) => c).sort());
	});

	it('follows a province’s regrouping from its instant, keeping the grouping before it', async () => {
		const hy = await province(HUNG_YEN);
		const before = new Date('2026-11-01T00:00:00Z');
		const now = new Date('2026-11-02T00:00:00Z');
		await setProvinceGroups(t.db, 'cli', HUNG_YEN, await dealt(HUNG_YEN, 10), { keepUngrouped: true, source: 'cli', now });
		const sizes = async (at: Date) => {
			const tree = await campaignTree(t.db, grouped, at.toISOString());
			return ['CUM-1', 'CUM-2'].map((code) => {
				const g = tree.find((u) => u.level === 'group' && u.code === `${HUNG_YEN}:${code}` && u.parentKey === `u:${hy.id}`)!;
				return tree.filter((u) => u.parentKey === g.key).length;
			});
		};
		expect(await sizes(before)).toEqual([3, 3]);
		expect(await sizes(new Date('2026-11-03T00:00:00Z'))).toEqual([5, 5]);
		// Hà Nội's cụm, with the same codes, are untouched.
		const tree = await campaignTree(t.db, grouped);
		const hn = await province(HA_NOI);
		const hnCum1 = tree.find((u) => u.level === 'group' && u.code === `${HA_NOI}:CUM-1` && u.parentKey === `u:${hn.id}`)!;
		expect(tree.filter((u) => u.parentKey === hnCum1.key)).toHaveLength(3);
		// The national campaign created before the provinces had cụm took them when they were set.
		expect((await campaignTree(t.db, national)).filter((u) => u.level === 'group')).toHaveLength(6);
	});
});
