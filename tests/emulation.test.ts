/**
 * Fairer emulation (issue 27) on a real database and the real built server: leaderboard rows
 * through the API and in the .xlsx carry improvement, brackets and streaks equal to an
 * independent computation from the reports written here; award lists of the three new kinds.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/lib/domain/access';
import { addUser } from '../src/lib/server/auth/accounts';
import { createApiToken } from '../src/lib/server/auth/session';
import { awardWorkbook, drawAwardList, frozenList, saveAwardRule } from '../src/lib/server/awards/service';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { updateCampaignSettings } from '../src/lib/server/campaigns/service';
import { setTargets } from '../src/lib/server/campaigns/targets';
import { migrateToLatest, migrator } from '../src/lib/server/db';
import type { Campaign } from '$lib/domain/campaign';
import type { NewReport } from '../src/lib/server/db/schema';
import { appendReports } from '../src/lib/server/counts/repository';
import { takeSnapshot } from '../src/lib/server/snapshots/service';
import { createTestDb, type TestDb } from './helpers/db';
import { browserOf } from './helpers/demo-server';
import { seedCampaign, seedSnapshot } from './helpers/factories';
import { startServer } from './helpers/processes';

const PASSWORD = 'mat khau kiem thu thi dua';
// 01/12 → 21/12/2024, every day counts. Local time is UTC+7.
const local = (day: number, hour: number) => new Date(Date.UTC(2024, 11, day, hour - 7)).toISOString();
const SLOT_A = local(5, 6); // 06:00 05/12
const SLOT_B = local(5, 23); // 23:00 05/12
const DEADLINE_DAY = 21;

// Cumulative khai sinh / kết hôn reported at 10:00 on days 1..5, per commune code.
const SERIES: Record<string, { khai_sinh: number[]; ket_hon: number[] }> = {
	'13078': { khai_sinh: [10, 20, 30, 40, 50], ket_hon: [0, 0, 5, 10, 15] }, // Thị trấn Kiến Xương, 150
	'13192': { khai_sinh: [5, 20, 20, 20, 60], ket_hon: [0, 0, 0, 0, 0] }, // Thị trấn Vũ Thư, 150
	'13195': { khai_sinh: [30, 60, 60, 100, 150], ket_hon: [0, 0, 0, 0, 0] } // Xã Hồng Lý, 300 + 50
};
const TARGETS: Record<string, { khai_sinh: number; ket_hon: number }> = {
	'13078': { khai_sinh: 100, ket_hon: 50 },
	'13192': { khai_sinh: 100, ket_hon: 50 },
	'13195': { khai_sinh: 300, ket_hon: 50 }
};
type Type = 'khai_sinh' | 'ket_hon';

interface Logged {
	commune: string;
	type: Type;
	asOf: string;
	receivedAt: string;
	value: number;
}
const log: Logged[] = [];
for (const [commune, byType] of Object.entries(SERIES)) {
	for (const type of ['khai_sinh', 'ket_hon'] as Type[])
		byType[type].forEach((value, i) => log.push({ commune, type, asOf: local(i + 1, 10), receivedAt: local(i + 1, 10), value }));
}
// Entered late: as of 20:00 on 04/12 but received on 06/12, after both snapshots, which must
// not see it (it would give Vũ Thư's day 4 its quota, and 40 instead of 20 at 06:00 on 05/12).
log.push({ commune: '13192', type: 'khai_sinh', asOf: local(4, 20), receivedAt: local(6, 9), value: 40 });

// ——— The independent computation: straight from the definitions, one value at a time. ———
function valueAt(commune: string, type: Type, at: string, receivedBy: string): number {
	const known = log.filter((r) => r.commune === commune && r.type === type && r.asOf <= at && r.receivedAt <= receivedBy);
	known.sort((a, b) => a.asOf.localeCompare(b.asOf) || a.receivedAt.localeCompare(b.receivedAt));
	return known.at(-1)?.value ?? 0;
}
const targetOf = (communes: string[]) => communes.reduce((s, c) => s + TARGETS[c].khai_sinh + TARGETS[c].ket_hon, 0);
const creditedAt = (communes: string[], at: string, receivedBy: string) =>
	communes.reduce((s, c) => s + (['khai_sinh', 'ket_hon'] as Type[]).reduce((t, type) => t + Math.min(valueAt(c, type, at, receivedBy), TARGETS[c][type]), 0), 0);
const pctAt = (communes: string[], slot: string) => creditedAt(communes, slot, slot) / targetOf(communes);

function expectedStreak(communes: string[], slot: string): number {
	const met: boolean[] = [];
	for (let day = 1; local(day + 1, 0) <= slot; day++) {
		const start = local(day, 0);
		const end = local(day + 1, 0);
		const remaining = targetOf(communes) - creditedAt(communes, start, slot);
		const quota = Math.ceil(remaining / (DEADLINE_DAY - day + 1));
		met.push(remaining <= 0 || creditedAt(communes, end, slot) - creditedAt(communes, start, slot) >= quota);
	}
	let streak = 0;
	while (met.length && met.pop()) streak++;
	return streak;
}
/** 1, 2, 2, 4 by a key, desc. */
function ranksBy<T>(items: T[], key: (t: T) => number): Map<T, number> {
	const sorted = [...items].sort((a, b) => key(b) - key(a));
	const out = new Map<T, number>();
	sorted.forEach((t, i) => out.set(t, i > 0 && Math.abs(key(sorted[i - 1]) - key(t)) < 1e-12 ? out.get(sorted[i - 1])! : i + 1));
	return out;
}

let t: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
let token: string;
let campaign: Campaign;
let admin: Actor;
let snapshotB: number;

beforeAll(async () => {
	t = await createTestDb();
	const { campaignId, province, communes } = await seedCampaign(t.db);
	const idOf = new Map(communes.map((c) => [c.code, c.id]));
	await t.db.transaction().execute(async (tx) => {
		await setTargets(tx, campaignId, [{ communeId: idOf.get('13195')!, recordType: 'khai_sinh', target: 300 }], { at: '2024-11-30T02:00:00.000Z', authorId: null, source: 'api' });
		const reports: NewReport[] = log.map((r) => ({
			campaign_id: campaignId,
			commune_id: idOf.get(r.commune)!,
			record_type: r.type,
			stage: 'nhap_lieu',
			as_of: r.asOf,
			cumulative: r.value,
			received_at: r.receivedAt,
			source: 'api'
		}));
		await appendReports(tx, reports);
	});
	const user = await addUser(t.db, { username: 'quantri', role: 'admin', unitCode: '34', password: PASSWORD });
	admin = { userId: user.id, username: 'quantri', displayName: 'quantri', role: 'admin', unitId: province.id, provinceId: province.id };
	await updateCampaignSettings(t.db, admin, (await findCampaignByCode(t.db, 'test'))!, { bracketThresholds: [200] }, 'test');
	campaign = (await findCampaignByCode(t.db, 'test'))!;
	await takeSnapshot(t.db, campaign, { slot: new Date(SLOT_A), kind: 'scheduled' });
	snapshotB = (await takeSnapshot(t.db, campaign, { slot: new Date(SLOT_B), kind: 'scheduled' }))!.id;
	token = (await createApiToken(t.db, 'quantri', { name: 'test', actor: 'test' }))!;
	server = await startServer({ DATABASE_PATH: join(t.dir, 'test.db') });
}, 120_000);
afterAll(async () => {
	await server?.stop();
	await t?.close();
});

const UNITS: Record<string, { level: 'district' | 'commune'; communes: string[] }> = {
	'13078': { level: 'commune', communes: ['13078'] },
	'13192': { level: 'commune', communes: ['13192'] },
	'13195': { level: 'commune', communes: ['13195'] },
	'343': { level: 'district', communes: ['13078'] },
	'344': { level: 'district', communes: ['13192', '13195'] }
};

/** What each row must say, computed here from the reports alone. */
function expectedRows(level: 'district' | 'commune') {
	const codes = Object.keys(UNITS).filter((c) => UNITS[c].level === level);
	const improvement = (c: string) => (pctAt(UNITS[c].communes, SLOT_B) - pctAt(UNITS[c].communes, SLOT_A)) * 100;
	const improvementRank = ranksBy(codes, improvement);
	const bracket = (c: string) => (targetOf(UNITS[c].communes) >= 200 ? 1 : 0);
	// Within a bracket: by pct desc (nobody has finished), then credited desc.
	const bracketRank = new Map<string, number>();
	for (const b of [0, 1]) {
		const members = codes.filter((c) => bracket(c) === b);
		for (const [c, r] of ranksBy(members, (c) => pctAt(UNITS[c].communes, SLOT_B) * 1e6 + creditedAt(UNITS[c].communes, SLOT_B, SLOT_B) / 1e3)) bracketRank.set(c, r);
	}
	return Object.fromEntries(
		codes.map((c) => [
			c,
			{
				improvement: improvement(c),
				improvementRank: improvementRank.get(c),
				bracket: bracket(c),
				bracketRank: bracketRank.get(c),
				streak: expectedStreak(UNITS[c].communes, SLOT_B)
			}
		])
	);
}

interface ApiRow {
	unit: { code: string };
	improvement: number;
	improvementRank: number;
	bracket: number;
	bracketRank: number;
	streak: number;
}

describe('the leaderboard through the API', () => {
	it('carries improvement, brackets and streaks as computed independently from the reports', async () => {
		for (const level of ['commune', 'district'] as const) {
			const res = await fetch(`${server.url}/api/v1/campaigns/test/leaderboard?level=${level}`, { headers: { authorization: `Bearer ${token}` } });
			expect(res.status).toBe(200);
			const body = (await res.json()) as { brackets: number[]; previousSnapshotAt: string; rows: ApiRow[] };
			expect(body.brackets).toEqual([200]);
			expect(body.previousSnapshotAt).toBe('2024-12-05T06:00:00+07:00');
			const expected = expectedRows(level);
			expect(body.rows).toHaveLength(Object.keys(expected).length);
			for (const r of body.rows) {
				const e = expected[r.unit.code];
				expect(r.improvement, r.unit.code).toBeCloseTo(e.improvement, 9);
				expect([r.improvementRank, r.bracket, r.bracketRank, r.streak], r.unit.code).toEqual([e.improvementRank, e.bracket, e.bracketRank, e.streak]);
			}
		}
		// The data is not trivial: streaks differ, and the late report was left out.
		const communes = expectedRows('commune');
		expect(Object.fromEntries(Object.entries(communes).map(([c, e]) => [c, e.streak]))).toEqual({ '13078': 4, '13192': 0, '13195': 1 });
		expect(communes['13192'].improvement).toBeCloseTo((40 / 150) * 100, 9);
	});

	it('serves the .xlsx with the same figures, read back with exceljs', async () => {
		const b = browserOf(server.url);
		const cookie = await b.login('quantri', PASSWORD);
		const res = await fetch(`${server.url}/dot/test/xep-hang/xep-hang.xlsx?cap=commune`, { headers: { cookie } });
		expect(res.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.getWorksheet('Xếp hạng')!;
		const rows: unknown[][] = [];
		sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
		const header = rows.findIndex((r) => r[0] === 'Hạng');
		const columns = rows[header] as string[];
		const col = (name: string) => columns.indexOf(name);
		expect(columns).toEqual(expect.arrayContaining(['Tiến bộ (điểm %)', 'Hạng tiến bộ', 'Nhóm quy mô', 'Hạng trong nhóm', 'Chuỗi ngày đạt chỉ tiêu']));
		const expected = expectedRows('commune');
		const body = rows.slice(header + 1).filter((r) => typeof r[col('Mã')] === 'string' && expected[r[col('Mã')] as string]);
		expect(body).toHaveLength(3);
		for (const r of body) {
			const e = expected[r[col('Mã')] as string];
			expect(r[col('Tiến bộ (điểm %)')]).toBe(Math.round(e.improvement * 10) / 10);
			expect(r[col('Hạng tiến bộ')]).toBe(e.improvementRank);
			expect(r[col('Nhóm quy mô')]).toBe(e.bracket === 0 ? 'Dưới 200 hồ sơ' : 'Từ 200 hồ sơ trở lên');
			expect(r[col('Hạng trong nhóm')]).toBe(e.bracketRank);
			expect(r[col('Chuỗi ngày đạt chỉ tiêu')]).toBe(e.streak);
		}
		const page = await fetch(`${server.url}/dot/test/xep-hang?cap=commune&xem=tien-bo`, { headers: { cookie } });
		const html = await page.text();
		expect(html).toContain('Tiến bộ nhất');
		expect(html).toContain('Tiến bộ +26,7 điểm %');
		expect(html).toContain('Xếp hạng theo nhóm quy mô');
	});

	it('keeps the thresholds as an audited campaign setting, validated', async () => {
		const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'update_campaign').execute();
		expect(audit.map((a) => JSON.parse(a.after!).bracketThresholds)).toEqual([[200]]);
		await expect(updateCampaignSettings(t.db, admin, campaign, { bracketThresholds: [500, 100] }, 'test')).rejects.toMatchObject({
			problems: [{ field: 'bracketThresholds', message: 'các ngưỡng phải tăng dần: 100 không lớn hơn 500.' }]
		});
		const res = await fetch(`${server.url}/api/v1/campaigns`, { headers: { authorization: `Bearer ${token}` } });
		const listed = ((await res.json()) as { campaigns: { code: string; bracketThresholds: number[] }[] }).campaigns.find((c) => c.code === 'test');
		expect(listed?.bracketThresholds).toEqual([200]);
	});
});

describe('award lists of the new kinds', () => {
	async function listed(raw: Record<string, unknown>) {
		const rule = await saveAwardRule(t.db, admin, campaign, raw, 'test');
		const list = await frozenList(t.db, admin, campaign, await drawAwardList(t.db, admin, campaign, rule, snapshotB, 'test'));
		return list;
	}

	it('names why each unit is listed, on the page data and in the workbook', async () => {
		const improved = await listed({ name: 'Tiến bộ nhất', kind: 'most_improved', level: 'commune', award: 'Giấy khen', n: 1 });
		expect(improved.entries.map((e) => [e.name, e.reason])).toEqual([['Thị trấn Vũ Thư', 'Tiến bộ +26,7 điểm % (hạng tiến bộ 1)']]);
		expect(improved.description).toBe(
			'Đơn vị cấp xã tiến bộ nhất: 1 hạng đầu theo số điểm % tăng thêm (tất cả loại việc) từ lần chốt theo lịch trước đến lần chốt số được chọn; chỉ xét đơn vị có tăng; đồng hạng được xét như nhau'
		);

		const brackets = await listed({ name: 'Dẫn đầu từng nhóm quy mô', kind: 'bracket_top_n', level: 'commune', award: 'Giấy khen', n: 1 });
		expect(brackets.entries.map((e) => [e.name, e.reason])).toEqual([
			['Thị trấn Kiến Xương', 'Hạng 1 nhóm «Dưới 200 hồ sơ»'],
			['Xã Hồng Lý', 'Hạng 1 nhóm «Từ 200 hồ sơ trở lên»']
		]);

		const streak = expectedStreak(['13078'], SLOT_B);
		expect(streak).toBe(4);
		const streaks = await listed({ name: 'Chuỗi ngày đạt chỉ tiêu', kind: 'streak', level: 'commune', award: 'Giấy khen', days: 2 });
		expect(streaks.entries.map((e) => [e.name, e.reason])).toEqual([['Thị trấn Kiến Xương', 'Chuỗi 4 ngày liên tiếp đạt chỉ tiêu ngày']]);

		const file = awardWorkbook(campaign, brackets);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await file.workbook.xlsx.writeBuffer());
		const values: unknown[][] = [];
		book.getWorksheet('Khen thưởng')!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
		const header = values.findIndex((r) => r[0] === 'STT');
		const reason = (values[header] as string[]).indexOf('Lý do được xét');
		expect(reason).toBeGreaterThan(0);
		expect(values.slice(header + 1, header + 3).map((r) => [r[1], r[reason]])).toEqual([
			['Thị trấn Kiến Xương', 'Hạng 1 nhóm «Dưới 200 hồ sơ»'],
			['Xã Hồng Lý', 'Hạng 1 nhóm «Từ 200 hồ sơ trở lên»']
		]);
		// A kind's count is checked like the others.
		await expect(saveAwardRule(t.db, admin, campaign, { name: 'x', kind: 'streak', level: 'commune', award: 'Giấy khen', days: 0 }, 'test')).rejects.toMatchObject({
			problems: [{ field: 'days', message: 'Số ngày liên tiếp «0» phải là số nguyên từ 1 đến 366.' }]
		});
	});
});

describe('the migration', () => {
	it('rebuilds award rules for the new kinds, keeping rules, lists and their references', async () => {
		const m = await createTestDb(false);
		try {
			expect((await migrator(m.db).migrateTo('2026-12-06T1700-account-imports')).error).toBeUndefined();
			const { campaignId, snapshotId } = await seedSnapshot(m.db);
			const rule = await m.db
				.insertInto('award_rules')
				.values({ campaign_id: campaignId, name: 'Dẫn đầu', kind: 'top_n', params: '{"n":1}', position: 1, created_at: '2024-12-02T05:00:00.000Z' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await m.db
				.insertInto('award_lists')
				.values({
					campaign_id: campaignId,
					rule_id: rule.id,
					snapshot_id: snapshotId,
					name: 'Dẫn đầu',
					created_by: null,
					frozen_at: '2024-12-02T05:00:00.000Z',
					kind: 'top_n',
					params: '{"n":1}',
					description: ''
				})
				.execute();
			await migrateToLatest(m.db);
			expect(await m.db.selectFrom('award_rules').select(['id', 'kind']).execute()).toEqual([{ id: rule.id, kind: 'top_n' }]);
			expect(await m.db.selectFrom('award_lists').select('rule_id').execute()).toEqual([{ rule_id: rule.id }]);
			expect((await sql`pragma foreign_key_check`.execute(m.db)).rows).toEqual([]);
			expect(m.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
			const insert = (kind: string) =>
				m.db.insertInto('award_rules').values({ campaign_id: campaignId, name: kind, kind, params: '{}', position: 2, created_at: '2024-12-02T05:00:00.000Z' }).execute();
			await insert('streak');
			await expect(insert('bogus')).rejects.toThrow(/CHECK constraint failed/);
			// A list still refuses a rule that does not exist.
			await expect(
				m.db
					.insertInto('award_lists')
					.values({
						campaign_id: campaignId,
						rule_id: 999,
						snapshot_id: snapshotId,
						name: 'x',
						created_by: null,
						frozen_at: '2024-12-02T05:00:00.000Z',
						kind: 'top_n',
						params: '{}',
						description: ''
					})
					.execute()
			).rejects.toThrow(/FOREIGN KEY/);
			expect((await m.db.selectFrom('campaigns').select('bracket_thresholds').execute()).map((c) => c.bracket_thresholds)).toEqual(['[]']);
		} finally {
			await m.close();
		}
	});
});
