/**
 * A national campaign through the production server (issue 29, item 1): the ministry
 * creates it by the API without a province, two provinces' clerks enter counts, the
 * ministry ranks the provinces and gets the national report; each province reads only its
 * own part.
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../src/lib/server/auth/accounts';
import { createApiToken } from '../src/lib/server/auth/session';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import { findUnit, listUnits } from '../src/lib/server/units/repository';
import { createTestDb, type TestDb } from './helpers/db';
import { startServer } from './helpers/processes';

const CODE = 'toan-quoc-2026';
const API = `/api/v1/campaigns/${CODE}`;
const PASSWORD = 'Mat-khau-thu-2026!';
const [HUNG_YEN, HA_NOI] = ['33', '01'];

let t: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
const tokens: Record<string, string> = {};
const communes: Record<string, string> = {}; // province code → one of its communes' code

async function call(path: string, init: { as?: string; method?: string; body?: unknown } = {}) {
	const headers: Record<string, string> = {};
	if (init.as) headers.authorization = `Bearer ${tokens[init.as]}`;
	if (init.body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(server.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
	const type = res.headers.get('content-type') ?? '';
	return { status: res.status, body: type.includes('json') ? await res.json() : null, bytes: type.includes('json') ? null : Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
	t = await createTestDb();
	const { hierarchyId } = await importUnitList(t.db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: '2026-07-25', source: 'api', actor: 'test' });
	for (const code of [HUNG_YEN, HA_NOI]) {
		const province = (await findUnit(t.db, hierarchyId, code))!;
		communes[code] = (await listUnits(t.db, hierarchyId, { level: 'commune', provinceId: province.id }))[0].code;
	}
	const accounts = [
		{ username: 'cuc.hotich', role: 'ministry' },
		{ username: 'quantri.hungyen', role: 'admin', unitCode: HUNG_YEN },
		{ username: 'lanhdao.hanoi', role: 'leader', unitCode: HA_NOI },
		{ username: 'canbo.hungyen', role: 'clerk', unitCode: communes[HUNG_YEN] },
		{ username: 'canbo.hanoi', role: 'clerk', unitCode: communes[HA_NOI] }
	];
	for (const a of accounts) {
		await addUser(t.db, { ...a, password: PASSWORD });
		tokens[a.username] = (await createApiToken(t.db, a.username, { name: 'test', actor: 'test' }))!;
	}
	server = await startServer({ DATABASE_PATH: join(t.dir, 'test.db') });
}, 120_000);
afterAll(async () => {
	await server?.stop();
	await t?.close();
});

describe('a national campaign through the API', () => {
	it('is created by a ministry token without a province, and refused to a province admin', async () => {
		const body = { code: CODE, name: 'Số hóa sổ hộ tịch toàn quốc 2026', hierarchy: '2026-07-25', start: '2026-08-01', deadline: '2026-12-31', recordTypes: ['khai_sinh'] };
		const refused = await call('/api/v1/campaigns', { as: 'quantri.hungyen', method: 'POST', body });
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toContain('Bộ Tư pháp');
		const created = await call('/api/v1/campaigns', { as: 'cuc.hotich', method: 'POST', body });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ code: CODE, provinceCode: null, provinceName: 'Toàn quốc', hierarchy: '2026-07-25' });
	});

	it('takes every commune’s target from the ministry and counts from two provinces’ clerks', async () => {
		const units = (await call('/api/v1/units?hierarchy=2026-07-25', { as: 'cuc.hotich' })).body.units as { code: string }[];
		expect(units).toHaveLength(34);
		const all = await listUnits(t.db, (await t.db.selectFrom('hierarchies').select('id').executeTakeFirstOrThrow()).id, { level: 'commune' });
		const targets = all.map((c) => ({ commune: c.code, recordType: 'khai_sinh', target: 1000 }));
		expect((await call(`${API}/targets`, { as: 'cuc.hotich', method: 'PUT', body: targets })).status).toBe(200);
		for (const [who, province, cumulative] of [
			['canbo.hungyen', HUNG_YEN, 800],
			['canbo.hanoi', HA_NOI, 300]
		] as const) {
			const res = await call(`${API}/reports`, { as: who, method: 'POST', body: { reports: [{ commune: communes[province], recordType: 'khai_sinh', cumulative }] } });
			expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
		}
		// A clerk never enters another province's commune.
		const foreign = await call(`${API}/reports`, {
			as: 'canbo.hanoi',
			method: 'POST',
			body: { reports: [{ commune: communes[HUNG_YEN], recordType: 'khai_sinh', cumulative: 1 }] }
		});
		expect([400, 403, 404]).toContain(foreign.status);
	});

	it('ranks the provinces for the ministry: progress and leaderboard at level=province, and the national report', async () => {
		const progress = (await call(`${API}/progress?level=province`, { as: 'cuc.hotich' })).body;
		expect(progress.rows).toHaveLength(34);
		const byCode = new Map(progress.rows.map((r: { unit: { code: string } }) => [r.unit.code, r]));
		expect(byCode.get(HUNG_YEN)).toMatchObject({ credited: 800, rank: 1 });
		expect(byCode.get(HA_NOI)).toMatchObject({ credited: 300, rank: 2 });
		const nation = (await call(`${API}/progress?level=nation`, { as: 'cuc.hotich' })).body.rows;
		expect(nation).toEqual([expect.objectContaining({ unit: { code: '', name: 'Toàn quốc', level: 'nation' }, credited: 1100 })]);

		expect((await call(`${API}/snapshots`, { as: 'quantri.hungyen', method: 'POST', body: {} })).status).toBe(403);
		const snapshot = await call(`${API}/snapshots`, { as: 'cuc.hotich', method: 'POST', body: {} });
		expect(snapshot.status).toBe(201);
		const board = (await call(`${API}/leaderboard?level=province&snapshot=${snapshot.body.id}`, { as: 'cuc.hotich' })).body;
		expect(board.level).toBe('province');
		expect(board.rows.slice(0, 2).map((r: { unit: { code: string }; rank: number }) => [r.unit.code, r.rank])).toEqual([
			[HUNG_YEN, 1],
			[HA_NOI, 2]
		]);

		const report = await call(`${API}/snapshots/${snapshot.body.id}/report.xlsx`, { as: 'cuc.hotich' });
		expect(report.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(report.bytes as unknown as ArrayBuffer);
		const summary = workbook.getWorksheet('Tổng hợp')!;
		const texts = summary
			.getSheetValues()
			.flat()
			.filter((v): v is string => typeof v === 'string');
		expect(texts).toEqual(expect.arrayContaining(['BỘ TƯ PHÁP', 'Toàn quốc', 'Tỉnh Hưng Yên']));
		const text = await fetch(`${server.url}${API}/snapshots/${snapshot.body.id}/summary.txt`, { headers: { authorization: `Bearer ${tokens['cuc.hotich']}` } });
		expect(text.status).toBe(200);
		expect(await text.text()).toContain('TIẾN ĐỘ SỐ HÓA HỘ TỊCH – TOÀN QUỐC');
		for (const file of ['report.pdf', 'summary.png']) {
			const res = await fetch(`${server.url}${API}/snapshots/${snapshot.body.id}/${file}`, { headers: { authorization: `Bearer ${tokens['cuc.hotich']}` } });
			expect(res.status, file).toBe(200);
			expect((await res.arrayBuffer()).byteLength, file).toBeGreaterThan(1000);
		}
	});

	it('is each province’s own part: its admin reads only its province, a leader of another province nothing of it', async () => {
		const list = (await call('/api/v1/campaigns', { as: 'quantri.hungyen' })).body.campaigns.map((c: { code: string }) => c.code);
		expect(list).toContain(CODE);
		const own = (await call(`${API}/progress?level=province`, { as: 'quantri.hungyen' })).body.rows;
		expect(own.map((r: { unit: { code: string } }) => r.unit.code)).toEqual([HUNG_YEN]);
		expect(own[0].credited).toBe(800);
		const ownCommunes = (await call(`${API}/progress?level=commune`, { as: 'quantri.hungyen' })).body.rows as { unit: { code: string } }[];
		expect(ownCommunes.map((r) => r.unit.code)).toContain(communes[HUNG_YEN]);
		expect(ownCommunes.map((r) => r.unit.code)).not.toContain(communes[HA_NOI]);

		// Hà Nội's leader reads Hà Nội's part; Hưng Yên's part is not theirs to read.
		const theirs = (await call(`${API}/progress?level=province`, { as: 'lanhdao.hanoi' })).body.rows;
		expect(theirs.map((r: { unit: { code: string } }) => r.unit.code)).toEqual([HA_NOI]);
		const snapshots = (await call(`${API}/snapshots`, { as: 'lanhdao.hanoi' })).body.snapshots as { id: number }[];
		expect(snapshots.length).toBeGreaterThan(0);
		const foreignReport = await call(`${API}/snapshots/${snapshots[0].id}/report.xlsx?unit=${HUNG_YEN}`, { as: 'lanhdao.hanoi' });
		expect([403, 404]).toContain(foreignReport.status);
		const foreignCommune = await call(`${API}/progress?level=commune&parent=${HUNG_YEN}`, { as: 'lanhdao.hanoi' });
		expect([400, 403, 404]).toContain(foreignCommune.status);
		const foreignPage = await fetch(`${server.url}/dot/${CODE}/xa/${communes[HUNG_YEN]}`, { headers: { authorization: `Bearer ${tokens['lanhdao.hanoi']}` }, redirect: 'manual' });
		expect([303, 403, 404]).toContain(foreignPage.status);
		// Their own province's report is theirs, with the province's official header.
		const ownReport = await call(`${API}/snapshots/${snapshots[0].id}/report.xlsx`, { as: 'lanhdao.hanoi' });
		expect(ownReport.status).toBe(200);
	});
});
