/**
 * Cụm thi đua as a province's own units (DESIGN §3, issue 22) on real SQLite with the real
 * 2-level list: a grouping covers every commune or is refused; a campaign follows the
 * province's groups over time; group totals add up to the province at every level and
 * instant; a regrouping leaves earlier instants and snapshots as they were; group leads
 * read and report for their group only.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/access';
import { ForbiddenError, ValidationError } from '../../src/lib/domain/errors';
import { UNGROUPED, type GroupDraft } from '../../src/lib/domain/groups';
import { addUser } from '../../src/lib/server/auth/accounts';
import { actorFromApiToken, createApiToken } from '../../src/lib/server/auth/session';
import { createCampaign, setCampaignTargets, setUnitDeadlines } from '../../src/lib/server/campaigns/service';
import type { Campaign } from '$lib/domain/campaign';
import { provinceGroups, setProvinceGroups } from '../../src/lib/server/groups/service';
import { campaignTree, evaluateCampaignAt } from '../../src/lib/server/progress/evaluate';
import { submitReports } from '../../src/lib/server/counts/service';
import { takeSnapshot } from '../../src/lib/server/snapshots/service';
import { snapshotRows } from '../../src/lib/server/snapshots/repository';
import { importUnitList, readUnitFile } from '../../src/lib/server/units/import';
import { listUnits } from '../../src/lib/server/units/repository';
import { createTestDb, type TestDb } from '../helpers/db';

let t: TestDb;
let admin: Actor;
let communes: { id: number; code: string; name: string }[];

async function actorOf(username: string): Promise<Actor> {
	return (await actorFromApiToken(t.db, (await createApiToken(t.db, username, { name: 'test', actor: 'test' }))!))!;
}

/** Hưng Yên's 104 communes dealt into `count` groups by position, after `offset` shifts. */
function dealt(count: number, offset = 0, of = communes): GroupDraft[] {
	return Array.from({ length: count }, (_, g) => ({
		code: `CUM-${g + 1}`,
		name: `Cụm thi đua số ${g + 1}`,
		where: {},
		members: of.filter((_, i) => (i + offset) % count === g).map((c) => ({ code: c.code, where: {} }))
	}));
}

beforeAll(async () => {
	t = await createTestDb();
	await importUnitList(t.db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: '2026-07-25', source: 'api', actor: 'test' });
	await addUser(t.db, { username: 'quantri.hy', role: 'admin', unitCode: '33', password: 'mot mat khau du dai' });
	admin = await actorOf('quantri.hy');
	communes = (await listUnits(t.db, (await t.db.selectFrom('hierarchies').select('id').executeTakeFirstOrThrow()).id, { provinceId: admin.provinceId, level: 'commune' })).map(
		(c) => ({ id: c.id, code: c.code, name: c.name })
	);
}, 60_000);
afterAll(() => t.close());

const auditCount = async () =>
	Number(
		(
			await t.db
				.selectFrom('audit_log')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('action', '=', 'set_groups')
				.executeTakeFirstOrThrow()
		).n
	);

describe('a province’s groups', () => {
	it('has 104 communes in Hưng Yên', () => expect(communes).toHaveLength(104));

	it('refuses a grouping that leaves communes out, naming them, and writes nothing', async () => {
		const two = [{ ...dealt(1, 0, communes.slice(0, 2))[0] }];
		const refused = await setProvinceGroups(t.db, admin, '33', two, { keepUngrouped: false, source: 'api' }).catch((e) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		const message = (refused as ValidationError).problems.map((p) => p.message).join('\n');
		expect(message).toContain('102 xã chưa thuộc cụm nào');
		expect(message).toContain(`${communes[2].name} (${communes[2].code})`);
		expect(message).toContain('và 82 xã khác');
		expect((await provinceGroups(t.db, admin, '33')).groups).toEqual([]);
		expect(await auditCount()).toBe(0);
	});

	it('keeps the communes left out in «Chưa xếp cụm» only when asked', async () => {
		const kept = await setProvinceGroups(t.db, admin, '33', dealt(1, 0, communes.slice(0, 2)), { keepUngrouped: true, source: 'api' });
		expect(kept).toMatchObject({ groups: 1, communes: 104, ungrouped: 102 });
		const { groups } = await provinceGroups(t.db, admin, '33');
		expect(groups.map((g) => [g.code, g.name, g.ungrouped, g.communes.length])).toEqual([
			['CUM-1', 'Cụm thi đua số 1', false, 2],
			[UNGROUPED.code, UNGROUPED.name, true, 102]
		]);
	});

	it('refuses bad codes, a commune in two groups, an unknown commune and an empty group, each once and with the rule', async () => {
		const drafts = dealt(3);
		drafts[0].code = 'cụm 1';
		drafts[2].members.push({ code: drafts[1].members[0].code, where: { row: 9 } });
		drafts[2].members.push({ code: '99999', where: { row: 10 } });
		drafts.push({ code: 'RONG', name: 'Cụm rỗng', where: { row: 11 }, members: [] });
		const e = (await setProvinceGroups(t.db, admin, '33', drafts, { keepUngrouped: false, source: 'api' }).catch((x) => x)) as ValidationError;
		expect(e.problems.map((p) => p.message)).toEqual([
			expect.stringContaining('mã cụm «cụm 1» không hợp lệ: mã cụm gồm 1–20 ký tự'),
			`${communes.find((c) => c.code === drafts[1].members[0].code)!.name} (${drafts[1].members[0].code}) đã thuộc cụm «CUM-2»; mỗi xã chỉ thuộc một cụm.`,
			'không có xã mã «99999» trong tỉnh.',
			'cụm «RONG» không có xã nào.'
		]);
		expect(e.problems[1].row).toBe(9);
	});

	it('is another province’s to set and read', async () => {
		await addUser(t.db, { username: 'quantri.hn', role: 'admin', unitCode: '01', password: 'mot mat khau du dai' });
		const other = await actorOf('quantri.hn');
		await expect(setProvinceGroups(t.db, other, '33', dealt(2), { keepUngrouped: false, source: 'api' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(provinceGroups(t.db, other, '33')).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('a campaign on the province’s groups', () => {
	let campaign: Campaign;
	const START = '2026-12-01';
	const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour - 7));

	beforeAll(async () => {
		await setProvinceGroups(t.db, admin, '33', dealt(6), { keepUngrouped: false, source: 'api', now: new Date('2026-11-30T00:00:00Z') });
		campaign = await createCampaign(t.db, admin, {
			code: 'hungyen-2026',
			name: 'Số hóa hộ tịch Hưng Yên 2026',
			provinceCode: '33',
			hierarchy: '2026-07-25',
			start: START,
			deadline: '2026-12-21',
			recordTypes: ['khai_sinh', 'ket_hon']
		});
		await setCampaignTargets(
			t.db,
			admin,
			campaign,
			communes.flatMap((c, i) => [
				{ commune: c.code, recordType: 'khai_sinh', target: 500 + i },
				{ commune: c.code, recordType: 'ket_hon', target: 200 }
			]),
			'test'
		);
	});

	it('puts each commune in its group from the campaign’s beginning', async () => {
		const tree = await campaignTree(t.db, campaign, at(1, 7).toISOString());
		expect(tree.filter((u) => u.level === 'group').map((u) => u.code)).toEqual(['CUM-1', 'CUM-2', 'CUM-3', 'CUM-4', 'CUM-5', 'CUM-6']);
		expect(tree.filter((u) => u.level === 'commune' && u.parentKey?.startsWith('g:'))).toHaveLength(104);
	});

	it('adds group totals up to the province at every instant, through regroupings (property)', async () => {
		const reporter = admin;
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						commune: fc.integer({ min: 0, max: 103 }),
						type: fc.constantFrom('khai_sinh', 'ket_hon'),
						value: fc.integer({ min: 0, max: 900 }),
						day: fc.integer({ min: 1, max: 9 })
					}),
					{ minLength: 1, maxLength: 25 }
				),
				fc.integer({ min: 2, max: 9 }),
				fc.integer({ min: 0, max: 5 }),
				async (reports, count, offset) => {
					for (const r of reports) {
						await submitReports(
							t.db,
							reporter,
							campaign,
							{ reports: [{ commune: communes[r.commune].code, recordType: r.type, cumulative: r.value, asOf: at(r.day, 9).toISOString(), note: 'Đính chính theo sổ' }] },
							{ source: 'api', idempotencyKey: null, now: at(10, 12) }
						);
					}
					await setProvinceGroups(t.db, admin, '33', dealt(count, offset), { keepUngrouped: false, source: 'api', now: at(10, 12) });
					for (const instant of [at(2, 12), at(6, 20), at(10, 13)]) {
						const { rows } = await evaluateCampaignAt(t.db, campaign, { at: instant });
						for (const recordType of ['', 'khai_sinh', 'ket_hon']) {
							const province = rows.find((r) => r.level === 'province' && r.recordType === recordType)!;
							const groups = rows.filter((r) => r.level === 'group' && r.recordType === recordType);
							const communeRows = rows.filter((r) => r.level === 'commune' && r.recordType === recordType);
							for (const field of ['target', 'done', 'credited', 'remaining'] as const) {
								const sum = (list: typeof rows) => list.reduce((n, r) => n + r[field], 0);
								expect(sum(groups)).toBe(province[field]);
								expect(sum(communeRows)).toBe(province[field]);
							}
						}
					}
				}
			),
			{ numRuns: 6 }
		);
	}, 120_000);

	it('leaves earlier instants and stored snapshots as they were when the groups change', async () => {
		await setProvinceGroups(t.db, admin, '33', dealt(6), { keepUngrouped: false, source: 'api', now: at(11, 0) });
		const slot = at(11, 6);
		const snapshot = (await takeSnapshot(t.db, campaign, { slot, kind: 'adhoc', now: at(11, 6) }))!;
		const before = await snapshotRows(t.db, snapshot.id);
		const beforeTree = await campaignTree(t.db, campaign, slot.toISOString());

		// From 08:00 on 11/12, the groups are dealt into 4.
		await setProvinceGroups(t.db, admin, '33', dealt(4, 1), { keepUngrouped: false, source: 'api', now: at(11, 8) });
		expect(await snapshotRows(t.db, snapshot.id)).toEqual(before);
		expect(await campaignTree(t.db, campaign, slot.toISOString())).toEqual(beforeTree);
		const after = await campaignTree(t.db, campaign, at(11, 9).toISOString());
		expect(after.filter((u) => u.level === 'group').map((u) => u.code)).toEqual(['CUM-1', 'CUM-2', 'CUM-3', 'CUM-4']);
		// The change is audited with the groups before and after.
		const audit = await t.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'set_groups').orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(JSON.parse(audit.before!)).toHaveLength(6);
		expect(JSON.parse(audit.after!)).toHaveLength(4);
	});

	it('gives a group its own deadline through the API’s deadline list', async () => {
		await setUnitDeadlines(t.db, admin, campaign, [{ unit: 'CUM-2', deadline: '2026-12-18' }], 'api');
		const tree = await campaignTree(t.db, campaign);
		expect(tree.find((u) => u.code === 'CUM-2')?.deadline).toBe('2026-12-18');
		const { rows } = await evaluateCampaignAt(t.db, campaign, { at: at(12, 12) });
		const group = tree.find((u) => u.code === 'CUM-2')!;
		expect(rows.find((r) => r.unitKey === group.key && r.recordType === '')?.deadline).toBe('2026-12-18');
	});

	it('lets a group lead read and report for the communes of their group only', async () => {
		await addUser(t.db, { username: 'cum2', role: 'district', unitCode: 'CUM-2', password: 'mot mat khau du dai' });
		const lead = await actorOf('cum2');
		expect(lead).toMatchObject({ role: 'district', groupCode: 'CUM-2', provinceId: admin.provinceId });
		const tree = await campaignTree(t.db, campaign);
		const group = tree.find((u) => u.code === 'CUM-2')!;
		const mine = tree.filter((u) => u.parentKey === group.key);
		const other = tree.find((u) => u.level === 'commune' && u.parentKey !== group.key)!;
		const ok = await submitReports(t.db, lead, campaign, { reports: [{ commune: mine[0].code, recordType: 'khai_sinh', delta: 1 }] }, { source: 'api', idempotencyKey: null });
		expect(ok.receipt.accepted).toBe(1);
		await expect(
			submitReports(t.db, lead, campaign, { reports: [{ commune: other.code, recordType: 'khai_sinh', delta: 1 }] }, { source: 'api', idempotencyKey: null })
		).rejects.toThrow(/ngoài phạm vi/);
	});
});
