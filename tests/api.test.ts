import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_NOW, startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
beforeAll(async () => {
	// Own server: it sets targets and deadlines of the demo campaign, which other files read.
	s = await startDemoServer({ own: true });
});
afterAll(() => s.stop());

const CAMPAIGN = '/api/v1/campaigns/thaibinh-186';

async function count(table: 'campaigns' | 'target_revisions' | 'unit_deadlines' | 'audit_log') {
	const row = await s.db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

describe('GET /units', () => {
	it('needs a token, and answers in the error shape with a Vietnamese message', async () => {
		const res = await s.call('/api/v1/units');
		expect(res.status).toBe(401);
		expect(res.body.error).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('Cần đăng nhập') });
		expect((await s.call('/api/v1/units', { token: 'tdo_sai' })).status).toBe(401);
	});

	it('lists the units of a hierarchy version under a parent', async () => {
		const res = await s.call('/api/v1/units?hierarchy=2025-03-01&parent=34', { token: 'canbo.13192' });
		expect(res.status).toBe(200);
		expect(res.body.units).toHaveLength(8);
		expect(res.body.units).toContainEqual({ code: '344', name: 'Huyện Vũ Thư', type: 'Huyện', level: 'district' });
		expect((await s.call('/api/v1/units?hierarchy=2025-03-01', { token: 'lanhdao' })).body.units).toHaveLength(63);
		expect((await s.call('/api/v1/units?hierarchy=21-12-2024', { token: 'lanhdao' })).status).toBe(400);
	});
});

describe('GET /campaigns/{code}/progress', () => {
	it('gives every field of DESIGN §8 for the districts, summing to the province', async () => {
		const at = DEMO_NOW.toISOString();
		const province = (await s.call(`${CAMPAIGN}/progress?at=${at}`, { token: 'lanhdao' })).body;
		const districts = (await s.call(`${CAMPAIGN}/progress?level=district&at=${at}`, { token: 'lanhdao' })).body;
		expect(province.at).toBe('2024-12-10T12:00:00+07:00');
		expect(province.rows).toHaveLength(1);
		expect(province.rows[0]).toMatchObject({ unit: { code: '34', name: 'Tỉnh Thái Bình', level: 'province' }, target: 1_238_077, deadline: '2024-12-21', daysLeft: 12, rank: 1 });
		expect(districts.rows).toHaveLength(8);
		expect(Object.keys(districts.rows[0]).sort()).toEqual(
			[
				'unit',
				'target',
				'done',
				'credited',
				'remaining',
				'overTarget',
				'pct',
				'deadline',
				'daysLeft',
				'dailyQuota',
				'pace',
				'projectedFinish',
				'status',
				'finishedAt',
				'rank',
				'lastReportAt'
			].sort()
		);
		const sum = (key: string) => districts.rows.reduce((a: number, r: Record<string, number>) => a + r[key], 0);
		expect(sum('remaining')).toBe(province.rows[0].remaining);
		expect(sum('target')).toBe(1_238_077);
		for (const r of districts.rows) expect(r.dailyQuota).toBe(Math.ceil(r.remaining / 12));
		expect(districts.rows.map((r: { rank: number }) => r.rank).sort((a: number, b: number) => a - b)[0]).toBe(1);
	});

	it('keeps ranks among all communes when filtered by parent', async () => {
		const res = await s.call(`${CAMPAIGN}/progress?level=commune&parent=344&recordType=khai_sinh`, { token: 'lanhdao' });
		expect(res.body.rows).toHaveLength(30);
		const all = await s.call(`${CAMPAIGN}/progress?level=commune&recordType=khai_sinh`, { token: 'lanhdao' });
		expect(all.body.rows).toHaveLength(242);
		const rankOf = new Map(all.body.rows.map((r: { unit: { code: string }; rank: number }) => [r.unit.code, r.rank]));
		for (const row of res.body.rows as { unit: { code: string }; rank: number }[]) expect(row.rank, row.unit.code).toBe(rankOf.get(row.unit.code));
		expect(Math.max(...res.body.rows.map((r: { rank: number }) => r.rank))).toBeGreaterThan(30);
	});

	it('shows a district head their district, its communes and the province, nothing else', async () => {
		const communes = await s.call(`${CAMPAIGN}/progress?level=commune`, { token: 'vuthu' });
		expect(communes.body.rows).toHaveLength(30);
		const districts = await s.call(`${CAMPAIGN}/progress?level=district`, { token: 'vuthu' });
		expect(districts.body.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['344']);
		expect((await s.call(`${CAMPAIGN}/progress?level=commune&parent=343`, { token: 'vuthu' })).status).toBe(403);
		const clerk = await s.call(`${CAMPAIGN}/progress?level=commune`, { token: 'canbo.13192' });
		expect(clerk.body.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['13192']);
	});

	it('is readable without a token for a public campaign, down to the district level', async () => {
		expect((await s.call(`${CAMPAIGN}/progress?level=district`)).body.rows).toHaveLength(8);
		const communes = await s.call(`${CAMPAIGN}/progress?level=commune`);
		expect([communes.status, communes.body.error.code]).toEqual([403, 'forbidden']);
	});

	it('refuses bad parameters in Vietnamese', async () => {
		const badAt = await s.call(`${CAMPAIGN}/progress?at=10/12/2024`, { token: 'lanhdao' });
		expect(badAt.status).toBe(400);
		expect(badAt.body.error.message).toContain('ISO 8601');
		expect((await s.call(`${CAMPAIGN}/progress?level=huyen`, { token: 'lanhdao' })).status).toBe(400);
		expect((await s.call(`${CAMPAIGN}/progress?recordType=giam_ho`, { token: 'lanhdao' })).status).toBe(400);
		expect((await s.call('/api/v1/campaigns/khong-co/progress', { token: 'lanhdao' })).status).toBe(404);
	});
});

describe('POST /campaigns', () => {
	const valid = { code: 'tb-2025', name: 'Rà soát hộ tịch 2025', provinceCode: '34', hierarchy: '2025-03-01', start: '2025-01-06', deadline: '2025-02-28' };

	it('creates a campaign with defaults for everything after the first six fields', async () => {
		const res = await s.call('/api/v1/campaigns', { token: 'quantri', method: 'POST', body: valid });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			...valid,
			timeZone: 'Asia/Ho_Chi_Minh',
			dayEndHour: 22,
			snapshotTimes: ['06:00', '11:30', '23:00'],
			recordTypes: ['khai_sinh', 'ket_hon', 'khai_tu'],
			isPublic: false
		});
		expect((await s.call('/api/v1/campaigns', { token: 'quantri' })).body.campaigns.map((c: { code: string }) => c.code)).toContain('tb-2025');
		expect((await s.call('/api/v1/campaigns')).body.campaigns.map((c: { code: string }) => c.code)).toEqual(['thaibinh-186']);
	});

	it('refuses what cannot be right, field by field, writing nothing', async () => {
		const before = await count('campaigns');
		const res = await s.call('/api/v1/campaigns', {
			token: 'quantri',
			method: 'POST',
			body: { ...valid, code: 'tb-sai', deadline: '2024-12-31', timeZone: 'Asia/Hanoi', snapshotTimes: ['6h00'], recordTypes: ['khai_sinh', 'ly_hon'] }
		});
		expect(res.status).toBe(400);
		expect(res.body.error.details).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ field: 'deadline', message: 'hạn hoàn thành 31/12/2024 trước ngày bắt đầu 06/01/2025.' }),
				expect.objectContaining({ field: 'timeZone', message: expect.stringContaining('Asia/Hanoi') }),
				expect.objectContaining({ field: 'snapshotTimes[0]', message: expect.stringContaining('HH:MM') }),
				expect.objectContaining({ field: 'recordTypes[1]', message: 'loại việc hộ tịch «ly_hon» không tồn tại.' })
			])
		);
		expect(await count('campaigns')).toBe(before);
	});

	it('lets only the province’s admin create', async () => {
		expect((await s.call('/api/v1/campaigns', { token: 'lanhdao', method: 'POST', body: { ...valid, code: 'x1' } })).status).toBe(403);
		expect((await s.call('/api/v1/campaigns', { token: 'quantri.hanoi', method: 'POST', body: { ...valid, code: 'x2' } })).status).toBe(403);
		expect((await s.call('/api/v1/campaigns', { method: 'POST', body: { ...valid, code: 'x3' } })).status).toBe(401);
	});
});

describe('PUT targets and deadlines', () => {
	it('sets targets all or nothing, refusing negatives, unknown types and communes outside the province', async () => {
		const before = await count('target_revisions');
		const bad = await s.call(`${CAMPAIGN}/targets`, {
			token: 'quantri',
			method: 'PUT',
			body: [
				{ commune: '13192', recordType: 'khai_sinh', target: 5000 },
				{ commune: '13192', recordType: 'ket_hon', target: -1 },
				{ commune: '00001', recordType: 'khai_sinh', target: 10 },
				{ commune: '13195', recordType: 'giam_ho', target: 10 }
			]
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['[1].target', '[2].commune', '[3].recordType']);
		expect(await count('target_revisions')).toBe(before);

		const audit = await count('audit_log');
		const ok = await s.call(`${CAMPAIGN}/targets`, { token: 'quantri', method: 'PUT', body: [{ commune: '13192', recordType: 'khai_sinh', target: 5000 }] });
		expect(ok.body).toEqual({ changed: 1 });
		expect(await count('audit_log')).toBe(audit + 1);
		const row = await s.call(`${CAMPAIGN}/progress?level=commune&parent=344&recordType=khai_sinh`, { token: 'quantri' });
		expect(row.body.rows.find((r: { unit: { code: string } }) => r.unit.code === '13192').target).toBe(5000);
		expect((await s.call(`${CAMPAIGN}/targets`, { token: 'vuthu', method: 'PUT', body: [] })).status).toBe(403);
	});

	it('sets a district’s own deadline, which its quota then follows', async () => {
		const bad = await s.call(`${CAMPAIGN}/deadlines`, {
			token: 'quantri',
			method: 'PUT',
			body: [
				{ unit: '001', deadline: '2024-12-15' },
				{ unit: '344', deadline: '2024-11-01' }
			]
		});
		expect(bad.status).toBe(400);
		expect(await count('unit_deadlines')).toBe(0);
		const ok = await s.call(`${CAMPAIGN}/deadlines`, { token: 'quantri', method: 'PUT', body: [{ unit: '344', deadline: '2024-12-15' }] });
		expect(ok.status).toBe(200);
		await s.call(`${CAMPAIGN}/deadlines`, { token: 'quantri', method: 'PUT', body: [{ unit: '343', deadline: '2024-12-18' }] });
		await s.call(`${CAMPAIGN}/deadlines`, { token: 'quantri', method: 'PUT', body: [{ unit: '343', deadline: null }] });
		const trail = await s.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'set_unit_deadline').orderBy('id').execute();
		expect(trail.slice(-2)).toEqual([
			{ before: 'null', after: '"2024-12-18"' },
			{ before: '"2024-12-18"', after: 'null' }
		]);
		const rows = (await s.call(`${CAMPAIGN}/progress?level=district&at=${DEMO_NOW.toISOString()}`, { token: 'quantri' })).body.rows;
		const vuThu = rows.find((r: { unit: { code: string } }) => r.unit.code === '344');
		expect(vuThu).toMatchObject({ deadline: '2024-12-15', daysLeft: 6, dailyQuota: Math.ceil(vuThu.remaining / 6) });
		expect(rows.find((r: { unit: { code: string } }) => r.unit.code === '343')).toMatchObject({ deadline: '2024-12-21', daysLeft: 12 });
	});
});

/** A letter only Vietnamese uses: the message is written for the user, not SvelteKit's English. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('every API error', () => {
	/** A request as any client sends it, the answer read as text first (it must be JSON). */
	async function raw(path: string, init: RequestInit & { token?: string } = {}) {
		const headers = new Headers(init.headers);
		if (init.token) headers.set('authorization', `Bearer ${s.tokens[init.token]}`);
		const res = await fetch(s.url + path, { ...init, headers });
		const text = await res.text();
		return { status: res.status, type: res.headers.get('content-type'), allow: res.headers.get('allow'), text, body: JSON.parse(text) };
	}
	const json = { 'content-type': 'application/json' };

	it.each([
		['401 without a token', 401, 'unauthenticated', () => raw('/api/v1/units')],
		['401 with a wrong token', 401, 'unauthenticated', () => raw('/api/v1/units', { headers: { authorization: 'Bearer tdo_sai' } })],
		['403 outside one’s district', 403, 'forbidden', () => raw(`${CAMPAIGN}/progress?level=commune&parent=343`, { token: 'vuthu' })],
		['404 for an unknown path', 404, 'not_found', () => raw('/api/v1/khong-co', { headers: { accept: 'text/html' } })],
		['404 for an unknown path, with a token', 404, 'not_found', () => raw('/api/v2/campaigns', { token: 'lanhdao', method: 'POST' })],
		['404 for an unknown campaign', 404, 'not_found', () => raw('/api/v1/campaigns/khong-co/progress', { token: 'lanhdao' })],
		['405 for a method the route lacks', 405, 'method_not_allowed', () => raw('/api/v1/units', { token: 'lanhdao', method: 'DELETE' })],
		[
			'413 above the API’s body limit',
			413,
			'too_large',
			() => raw('/api/v1/campaigns', { token: 'quantri', method: 'POST', headers: json, body: ' '.repeat(4 * 1024 * 1024 + 1) })
		],
		[
			'415 for a body that is not JSON',
			415,
			'unsupported_media_type',
			() => raw('/api/v1/campaigns', { token: 'quantri', method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' })
		],
		['400 for invalid JSON', 400, 'invalid_json', () => raw('/api/v1/campaigns', { token: 'quantri', method: 'POST', headers: json, body: '{"code": ' })]
	])('%s is in the error shape with a Vietnamese message', async (_, status, code, request) => {
		const res = await request();
		expect(res.status).toBe(status);
		expect(res.type).toContain('application/json');
		expect(Object.keys(res.body)).toEqual(['error']);
		expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
		expect(res.body.error.code).toBe(code);
		expect(res.body.error.message).toMatch(VIETNAMESE);
	});

	it('says which methods a route takes, and which path is unknown', async () => {
		const wrong = await raw('/api/v1/units', { token: 'lanhdao', method: 'DELETE' });
		expect(wrong.allow).toContain('GET');
		expect(wrong.body.error.message).toBe(`Địa chỉ /api/v1/units không nhận phương thức DELETE; dùng: ${wrong.allow}.`);
		expect((await raw('/api/v1/khong-co')).body.error.message).toBe('Không có địa chỉ /api/v1/khong-co trong API (xem /api/v1/openapi.json).');
	});

	it('answers an unexpected failure with 500, an id that is in the server’s log, and nothing written', async () => {
		// The database refuses the audit of any write, in a way the server does not expect.
		await sql`create trigger refuse_audit before insert on audit_log begin select raise(abort, 'refused by the test trigger'); end`.execute(s.db);
		try {
			const before = [await count('audit_log'), await count('unit_deadlines')];
			const res = await raw(`${CAMPAIGN}/deadlines`, { token: 'quantri', method: 'PUT', headers: json, body: JSON.stringify([{ unit: '344', deadline: '2024-12-16' }]) });
			expect(res.status).toBe(500);
			expect(res.body.error.code).toBe('internal');
			const id = /^Lỗi máy chủ, mã lỗi ([0-9A-F]{8})\.$/.exec(res.body.error.message)?.[1];
			expect(id).toBeDefined();
			expect(res.body.error.details).toEqual({ id });
			const log = s.output();
			expect(log).toContain(`error ${id} on PUT ${CAMPAIGN}/deadlines:`);
			expect(log.slice(log.indexOf(`error ${id}`))).toMatch(/refused by the test trigger[\s\S]*\n\s+at /);
			expect(log).not.toContain('cannot rollback');
			expect([await count('audit_log'), await count('unit_deadlines')]).toEqual(before);
		} finally {
			await sql`drop trigger refuse_audit`.execute(s.db);
		}
	});
});
