/**
 * Many phones at once on one cell, against the production server and its SQLite file:
 * every accepted report counts once, and the log reads as the reports applied one after
 * another in the order they were committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
beforeAll(async () => {
	s = await startDemoServer();
});
afterAll(() => s.stop());

const REPORTS = '/api/v1/campaigns/thaibinh-186/reports';
const COMMUNE = '13192';

let keys = 0;
async function post(token: string, entry: Record<string, unknown>) {
	const res = await fetch(s.url + REPORTS, {
		method: 'POST',
		headers: { authorization: `Bearer ${s.tokens[token]}`, 'content-type': 'application/json', 'idempotency-key': `concurrency-${Date.now()}-${keys++}` },
		body: JSON.stringify({ reports: [{ commune: COMMUNE, ...entry }] })
	});
	return { status: res.status, body: await res.json() };
}

/** The cell's reports in commit order (ids are given in order of commit), and its value in force. */
async function cell(recordType: string) {
	const reports = await s.db
		.selectFrom('reports as r')
		.innerJoin('units as u', 'u.id', 'r.commune_id')
		.select(['r.id', 'r.cumulative', 'r.delta', 'r.note'])
		.where('u.code', '=', COMMUNE)
		.where('r.record_type', '=', recordType)
		.orderBy('r.id')
		.execute();
	const current = await s.db
		.selectFrom('current_values as v')
		.innerJoin('units as u', 'u.id', 'v.commune_id')
		.select(['v.cumulative', 'v.report_id'])
		.where('u.code', '=', COMMUNE)
		.where('v.record_type', '=', recordType)
		.executeTakeFirstOrThrow();
	return { reports, current };
}

describe('concurrent reports on one cell', () => {
	it('counts every one of 50 simultaneous increments, from a clerk and the district head', async () => {
		const before = await cell('khai_sinh');
		const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 ? 'vuthu' : 'canbo.13192', { recordType: 'khai_sinh', delta: 1 })));
		expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));

		const after = await cell('khai_sinh');
		expect(after.current.cumulative).toBe(before.current.cumulative + 50);
		// Each new report in commit order is the one before it plus one: no two share a previous value.
		const added = after.reports.slice(before.reports.length);
		expect(added).toHaveLength(50);
		added.forEach((r, i) => expect(r.cumulative).toBe(before.current.cumulative + i + 1));
		expect(after.current.report_id).toBe(added.at(-1)!.id);
		// Each receipt's previous value is the value it was added to.
		const previous = results.map((r) => r.body.reports[0].previous as number).sort((a, b) => a - b);
		expect(previous).toEqual(added.map((r) => r.cumulative - 1));
	});

	it('ends mixed cumulative values, increments and corrections where a serial replay in commit order ends', async () => {
		const before = await cell('ket_hon');
		const base = before.current.cumulative;
		const entries: Record<string, unknown>[] = Array.from({ length: 40 }, (_, i) => {
			if (i % 4 === 0) return { recordType: 'ket_hon', cumulative: base + 10 + i }; // may be lower than the value then in force: refused without a note
			if (i % 4 === 1) return { recordType: 'ket_hon', cumulative: base + i, note: 'Đính chính theo sổ' };
			return { recordType: 'ket_hon', delta: (i % 3) + 1 };
		});
		const results = await Promise.all(entries.map((entry, i) => post(i % 2 ? 'vuthu' : 'canbo.13192', entry)));
		for (const r of results) expect([201, 400]).toContain(r.status);

		const after = await cell('ket_hon');
		const added = after.reports.slice(before.reports.length);
		expect(added).toHaveLength(results.filter((r) => r.status === 201).length);
		// Replay the accepted reports one after another in commit order.
		let value = base;
		for (const r of added) {
			const next = r.delta === null ? r.cumulative : value + r.delta;
			expect(r.cumulative).toBe(next);
			if (next < value) expect(r.note).not.toBeNull(); // a lower value was let through only with its reason
			value = next;
		}
		expect(after.current.cumulative).toBe(value);
		// Refusals are the cumulative values without a note that were lower than the value in force.
		for (const [i, r] of results.entries()) {
			if (r.status === 400) {
				expect(entries[i].note).toBeUndefined();
				expect(r.body.error.details[0].field).toBe('reports[0].note');
			}
		}
	});
});
