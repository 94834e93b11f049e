/**
 * POST /api/v1/campaigns/{code}/reports on the production server: all or nothing, every
 * bad entry named in Vietnamese, idempotent, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
beforeAll(async () => {
	s = await startDemoServer();
});
afterAll(() => s.stop());

const REPORTS = '/api/v1/campaigns/thaibinh-186/reports';
let keyCounter = 0;
const newKey = () => `test-key-${Date.now()}-${keyCounter++}`;

async function post(body: unknown, opts: { token?: string; key?: string | null } = {}) {
	const headers: Record<string, string> = { authorization: `Bearer ${s.tokens[opts.token ?? 'canbo.13192']}`, 'content-type': 'application/json' };
	const key = opts.key === undefined ? newKey() : opts.key;
	if (key !== null) headers['idempotency-key'] = key;
	const res = await fetch(s.url + REPORTS, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
	return { status: res.status, headers: res.headers, body: await res.json() };
}

async function reportCount() {
	return Number(
		(
			await s.db
				.selectFrom('reports')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
}

async function current(commune: string, recordType: string) {
	const row = await s.db
		.selectFrom('current_values as v')
		.innerJoin('units as u', 'u.id', 'v.commune_id')
		.select(['v.cumulative'])
		.where('u.code', '=', commune)
		.where('v.record_type', '=', recordType)
		.executeTakeFirst();
	return row?.cumulative ?? null;
}

describe('POST /campaigns/{code}/reports', () => {
	it('takes cumulative values and increments, and audits each with its previous value and source', async () => {
		const before = (await current('13192', 'khai_sinh'))!;
		const res = await post({
			reports: [
				{ commune: '13192', recordType: 'khai_sinh', delta: 5 },
				{ commune: '13192', recordType: 'ket_hon', cumulative: (await current('13192', 'ket_hon'))! + 2 }
			]
		});
		expect(res.status).toBe(201);
		expect(res.body.accepted).toBe(2);
		expect(res.body.reports[0]).toMatchObject({ commune: '13192', recordType: 'khai_sinh', stage: 'nhap_lieu', previous: before, cumulative: before + 5 });
		expect(await current('13192', 'khai_sinh')).toBe(before + 5);
		const audit = await s.db.selectFrom('audit_log').selectAll().where('entity', '=', 'report').orderBy('id', 'desc').limit(2).execute();
		expect(audit.map((a) => [a.actor, a.source, JSON.parse(a.before!).cumulative])).toContainEqual(['canbo.13192', 'api', before]);
	});

	it('needs a reason for a lower value (a correction), and records it', async () => {
		const now = (await current('13192', 'khai_tu'))!;
		const refused = await post({ reports: [{ commune: '13192', recordType: 'khai_tu', cumulative: now - 1 }] });
		expect(refused.status).toBe(400);
		expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'reports[0].note', message: expect.stringContaining('cần ghi lý do') })]);
		const ok = await post({ reports: [{ commune: '13192', recordType: 'khai_tu', cumulative: now - 1, note: 'Nhập trùng 1 hồ sơ hôm qua' }] });
		expect(ok.status).toBe(201);
		const audit = await s.db.selectFrom('audit_log').select(['action', 'reason']).where('entity', '=', 'report').orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(audit).toEqual({ action: 'correct_report', reason: 'Nhập trùng 1 hồ sơ hôm qua' });
	});

	it.each([
		['an unknown commune', { commune: '99999', recordType: 'khai_sinh', cumulative: 1 }, 'reports[1].commune', 'không có xã mã «99999»'],
		['__proto__ as a code', { commune: '__proto__', recordType: 'khai_sinh', cumulative: 1 }, 'reports[1].commune', 'không có xã mã'],
		['an unknown record type', { commune: '13192', recordType: 'constructor', cumulative: 1 }, 'reports[1].recordType', 'không thuộc đợt này'],
		['a negative value', { commune: '13192', recordType: 'ket_hon', cumulative: -3 }, 'reports[1].cumulative', 'không được âm'],
		['a fraction', { commune: '13192', recordType: 'ket_hon', cumulative: 12.5 }, 'reports[1].cumulative', 'không có phần thập phân'],
		['text', { commune: '13192', recordType: 'ket_hon', cumulative: '12' }, 'reports[1].cumulative', 'phải là một số nguyên'],
		['NaN as text', { commune: '13192', recordType: 'ket_hon', cumulative: 'NaN' }, 'reports[1].cumulative', 'phải là một số nguyên'],
		['1e308', { commune: '13192', recordType: 'ket_hon', cumulative: 1e308 }, 'reports[1].cumulative', 'quá lớn'],
		['no value', { commune: '13192', recordType: 'ket_hon' }, 'reports[1]', 'cumulative (lũy kế) hoặc delta'],
		['both value kinds', { commune: '13192', recordType: 'ket_hon', cumulative: 1, delta: 1 }, 'reports[1]', 'cumulative (lũy kế) hoặc delta'],
		['more than 10 million', { commune: '13192', recordType: 'ket_hon', cumulative: 10_000_001 }, 'reports[1].cumulative', 'vượt mức tối đa 10.000.000'],
		['an asOf before the start', { commune: '13192', recordType: 'ket_hon', delta: 1, asOf: '2024-11-30T23:00:00+07:00' }, 'reports[1].asOf', 'trước ngày bắt đầu'],
		['an asOf in the future', { commune: '13192', recordType: 'ket_hon', delta: 1, asOf: new Date(Date.now() + 3_600_000).toISOString() }, 'reports[1].asOf', 'tương lai'],
		['an asOf without a zone', { commune: '13192', recordType: 'ket_hon', delta: 1, asOf: '2024-12-10T10:00:00' }, 'reports[1].asOf', 'ISO 8601'],
		['the same cell twice', { commune: '13192', recordType: 'khai_sinh', delta: 1 }, 'reports[1]', 'đã có ở reports[0]']
	])('refuses %s, naming the field, and writes nothing of the batch', async (_, bad, field, message) => {
		const count = await reportCount();
		const res = await post({ reports: [{ commune: '13192', recordType: 'khai_sinh', delta: 1 }, bad] });
		expect(res.status).toBe(400);
		expect(res.body.error.message).toBe('Báo cáo không hợp lệ; không có gì được ghi.');
		expect(res.body.error.details).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
		expect(await reportCount()).toBe(count);
	});

	it('refuses a value above 10 × target', async () => {
		const target = (
			await s.db
				.selectFrom('current_targets as t')
				.innerJoin('units as u', 'u.id', 't.commune_id')
				.select('t.target')
				.where('u.code', '=', '13192')
				.where('t.record_type', '=', 'ket_hon')
				.executeTakeFirstOrThrow()
		).target;
		const res = await post({ reports: [{ commune: '13192', recordType: 'ket_hon', cumulative: target * 10 + 1 }] });
		expect(res.status).toBe(400);
		expect(res.body.error.details[0].message).toContain('lớn hơn 10 lần chỉ tiêu');
	});

	it("refuses a commune outside the sender's scope with 403, writing nothing", async () => {
		const count = await reportCount();
		const res = await post({
			reports: [
				{ commune: '13192', recordType: 'khai_sinh', delta: 1 },
				{ commune: '13075', recordType: 'khai_sinh', delta: 1 }
			]
		});
		expect(res.status).toBe(403);
		expect(res.body.error.message).toContain('reports[1].commune');
		expect(await reportCount()).toBe(count);
		expect((await post({ reports: [{ commune: '13075', recordType: 'khai_sinh', delta: 1 }] }, { token: 'vuthu' })).status).toBe(403);
		expect((await post({ reports: [{ commune: '13192', recordType: 'khai_sinh', delta: 1 }] }, { token: 'lanhdao' })).status).toBe(403);
	});

	it('counts a resent batch once, refuses the key for another body, and counts two identical batches sent at once once', async () => {
		const key = newKey();
		const body = { reports: [{ commune: '13192', recordType: 'ket_hon', delta: 3 }] };
		const before = (await current('13192', 'ket_hon')) ?? 0;
		const first = await post(body, { key });
		const again = await post(body, { key });
		expect(first.status).toBe(201);
		expect(again.status).toBe(201);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body).toEqual(first.body);
		expect(await current('13192', 'ket_hon')).toBe(before + 3);
		const other = await post({ reports: [{ commune: '13192', recordType: 'ket_hon', delta: 4 }] }, { key });
		expect(other.status).toBe(409);
		expect(other.body.error.message).toContain('Idempotency-Key này đã được dùng');

		const racing = newKey();
		const results = await Promise.all([post(body, { key: racing }), post(body, { key: racing }), post(body, { key: racing })]);
		expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
		expect(await current('13192', 'ket_hon')).toBe(before + 6);
	});

	it('refuses bodies that are not a list of reports', async () => {
		expect((await post('{"reports": [')).status).toBe(400);
		expect((await post({ reports: [] })).body.error.details[0].field).toBe('reports');
		expect((await post({ reports: [{ commune: '13192', recordType: 'ket_hon', delta: 1 }] }, { key: 'short' })).status).toBe(400);
	});
});
