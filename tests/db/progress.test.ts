import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db';
import { findCampaignByCode, setCampaignRecordTypes } from '../../src/lib/server/campaigns/repository';
import { setTargets } from '../../src/lib/server/campaigns/targets';
import { TOTAL, evaluateCampaign, type CellInput } from '../../src/lib/domain/evaluate';
import { cellFinishTime, paceWindowMs } from '../../src/lib/domain/progress';
import { campaignStartInstant } from '../../src/lib/domain/calendar';
import { calendarOf, thresholdsOf } from '../../src/lib/server/campaigns/settings';
import { campaignTree, evaluateCampaignAt } from '../../src/lib/server/progress/evaluate';
import { campaignUnits } from '../../src/lib/server/progress/repository';
import { appendReports } from '../../src/lib/server/counts/repository';
import { createTestDb, type TestDb } from '../helpers/db';
import { seedCampaign } from '../helpers/factories';

let t: TestDb;
afterEach(() => t?.close());

interface R {
	commune: number;
	type?: string;
	asOf: string;
	value: number;
	receivedAt?: string;
}

async function report(db: Database, campaignId: number, reports: R[]) {
	await db.transaction().execute((tx) =>
		appendReports(
			tx,
			reports.map((r) => ({
				campaign_id: campaignId,
				commune_id: r.commune,
				record_type: r.type ?? 'khai_sinh',
				stage: 'nhap_lieu',
				as_of: r.asOf,
				cumulative: r.value,
				received_at: r.receivedAt ?? r.asOf,
				source: 'api'
			}))
		)
	);
}

async function evaluate(db: Database, at?: string, receivedByAt = false) {
	const campaign = (await findCampaignByCode(db, 'test'))!;
	const progress = await evaluateCampaignAt(db, campaign, { at: at ? new Date(at) : undefined, receivedByAt });
	const codeOf = new Map(progress.units.map((u) => [u.key, u.code]));
	return (code: string, recordType = TOTAL) => progress.rows.find((r) => codeOf.get(r.unitKey) === code && r.recordType === recordType)!;
}

// Factory campaign: 01/12 → 21/12/2024; communes 13192 and 13195 in district 344, 13078 in 343;
// targets khai_sinh 100 and ket_hon 50 for each commune.

describe("a campaign's units", () => {
	it('are read once per database and kept frozen; a transaction reads them afresh', async () => {
		t = await createTestDb();
		await seedCampaign(t.db);
		const campaign = (await findCampaignByCode(t.db, 'test'))!;
		const first = await campaignUnits(t.db, campaign);
		expect(first.length).toBeGreaterThan(3);
		expect(await campaignUnits(t.db, campaign)).toBe(first);
		expect(Object.isFrozen(first) && first.every((u) => Object.isFrozen(u))).toBe(true);
		const inTransaction = await t.db.transaction().execute((tx) => campaignUnits(tx, campaign));
		expect(inTransaction).not.toBe(first);
		expect(inTransaction).toEqual(first);
	});
});

describe('evaluating a campaign from the log', () => {
	it('caps credit above target and flags it', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		await report(t.db, campaignId, [{ commune: communes[0].id, asOf: '2024-12-03T03:00:00.000Z', value: 130 }]);
		const row = await evaluate(t.db, '2024-12-04T00:00:00.000Z');
		const code = communes[0].code;
		expect(row(code, 'khai_sinh')).toMatchObject({ target: 100, done: 130, credited: 100, remaining: 0, overTarget: 1, status: 'done', finishedAt: '2024-12-03T03:00:00.000Z' });
		expect(row('34')).toMatchObject({ target: 450, done: 130, credited: 100, overTarget: 1 });
	});

	it('reopens a finished unit on a correction downward, clearing its finish time', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		const c = communes[0];
		await report(t.db, campaignId, [
			{ commune: c.id, asOf: '2024-12-03T03:00:00.000Z', value: 100 },
			{ commune: c.id, type: 'ket_hon', asOf: '2024-12-03T04:00:00.000Z', value: 50 }
		]);
		expect((await evaluate(t.db))(c.code)).toMatchObject({ status: 'done', finishedAt: '2024-12-03T04:00:00.000Z' });
		await report(t.db, campaignId, [{ commune: c.id, asOf: '2024-12-04T03:00:00.000Z', value: 80 }]);
		const reopened = (await evaluate(t.db))(c.code);
		expect(reopened).toMatchObject({ remaining: 20, finishedAt: null });
		expect(reopened.status).not.toBe('done');
		// Before the correction it was finished, and still shows so at that instant.
		expect((await evaluate(t.db, '2024-12-03T12:00:00.000Z'))(c.code).finishedAt).toBe('2024-12-03T04:00:00.000Z');
		await report(t.db, campaignId, [{ commune: c.id, asOf: '2024-12-05T03:00:00.000Z', value: 100 }]);
		expect((await evaluate(t.db))(c.code).finishedAt).toBe('2024-12-05T03:00:00.000Z');
	});

	it('shows a commune with no report yet', async () => {
		t = await createTestDb();
		const { communes } = await seedCampaign(t.db);
		expect((await evaluate(t.db, '2024-12-10T04:30:00.000Z'))(communes[2].code)).toMatchObject({ done: 0, credited: 0, pct: 0, lastReportAt: null, daysLeft: 12, dailyQuota: 13 });
	});

	it('gives a zero target 100% and done', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		await t.db.transaction().execute((tx) =>
			setTargets(
				tx,
				campaignId,
				[
					{ communeId: communes[2].id, recordType: 'khai_sinh', target: 0 },
					{ communeId: communes[2].id, recordType: 'ket_hon', target: 0 }
				],
				{ at: '2024-11-30T02:00:00.000Z', authorId: null, source: 'api' }
			)
		);
		expect((await evaluate(t.db, '2024-12-10T04:30:00.000Z'))(communes[2].code)).toMatchObject({ target: 0, pct: 1, status: 'done', dailyQuota: 0, rank: 1 });
	});

	it('counts a cell reported without any target as target 0, now and at a past instant', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		await setCampaignRecordTypes(t.db, campaignId, ['khai_sinh', 'ket_hon', 'khai_tu']);
		const c = communes[0];
		await report(t.db, campaignId, [
			{ commune: c.id, type: 'khai_tu', asOf: '2024-12-03T03:00:00.000Z', value: 7 },
			{ commune: c.id, asOf: '2024-12-03T03:00:00.000Z', value: 40 }
		]);
		for (const at of [undefined, '2024-12-04T00:00:00.000Z']) {
			const row = await evaluate(t.db, at);
			expect(row(c.code, 'khai_tu')).toMatchObject({ target: 0, done: 7, credited: 0, overTarget: 1, pct: 1, lastReportAt: '2024-12-03T03:00:00.000Z' });
			expect(row(c.code)).toMatchObject({ target: 150, done: 47, credited: 40 });
		}
	});

	it('keeps a late-entered report out of a scheduled snapshot’s figures but in the past-instant view', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		const c = communes[0];
		await report(t.db, campaignId, [{ commune: c.id, asOf: '2024-12-05T03:00:00.000Z', value: 40, receivedAt: '2024-12-06T09:00:00.000Z' }]);
		const slot = '2024-12-05T04:30:00.000Z';
		expect((await evaluate(t.db, slot))(c.code, 'khai_sinh').done).toBe(40);
		expect((await evaluate(t.db, slot, true))(c.code, 'khai_sinh').done).toBe(0);
	});

	it('uses the target in force at the instant', async () => {
		t = await createTestDb();
		const { campaignId, communes } = await seedCampaign(t.db);
		await t.db.transaction().execute((tx) =>
			setTargets(tx, campaignId, [{ communeId: communes[0].id, recordType: 'khai_sinh', target: 80 }], {
				at: '2024-12-08T02:00:00.000Z',
				authorId: null,
				source: 'api',
				note: 'rà soát lại sổ'
			})
		);
		expect((await evaluate(t.db, '2024-12-07T00:00:00.000Z'))(communes[0].code, 'khai_sinh').target).toBe(100);
		expect((await evaluate(t.db, '2024-12-09T00:00:00.000Z'))(communes[0].code, 'khai_sinh').target).toBe(80);
	});

	it('follows a district’s earlier deadline (Tuy Phước: May before the province’s June)', async () => {
		t = await createTestDb();
		const { campaignId } = await seedCampaign(t.db);
		const district = (await t.db.selectFrom('units').select('id').where('code', '=', '344').executeTakeFirstOrThrow()).id;
		await t.db.insertInto('unit_deadlines').values({ campaign_id: campaignId, unit_id: district, deadline: '2024-12-15', set_at: '2024-12-01T00:00:00.000Z' }).execute();
		const row = await evaluate(t.db, '2024-12-10T04:30:00.000Z');
		expect(row('344')).toMatchObject({ deadline: '2024-12-15', daysLeft: 6, dailyQuota: 50 }); // 300 left / 6
		expect(row('13192')).toMatchObject({ deadline: '2024-12-15', daysLeft: 6, dailyQuota: 25 }); // 150 left / 6 days
		expect(row('343')).toMatchObject({ deadline: '2024-12-21', daysLeft: 12, dailyQuota: 13 });
		const after = await evaluate(t.db, '2024-12-16T04:30:00.000Z');
		expect(after('344')).toMatchObject({ status: 'overdue', dailyQuota: null });
		expect(after('343').status).not.toBe('overdue');
	});
});

/** The table of values in force, cell by cell. */
async function currentValues(db: Database) {
	const rows = await db
		.selectFrom('current_values')
		.select(['commune_id', 'record_type', 'cumulative', 'report_id', 'finished_at'])
		.orderBy('commune_id')
		.orderBy('record_type')
		.execute();
	return rows.map((r) => ({ cell: `${r.commune_id}|${r.record_type}`, cumulative: r.cumulative, reportId: r.report_id, finishedAt: r.finished_at }));
}

/** The same from the whole log: the last report in force order, and the start of its cell's last stretch at or above target. */
async function valuesInForceFromLog(db: Database) {
	const log = await db.selectFrom('reports').selectAll().orderBy('as_of').orderBy('received_at').orderBy('id').execute();
	const targets = new Map((await db.selectFrom('current_targets').selectAll().execute()).map((t) => [`${t.commune_id}|${t.record_type}`, t.target]));
	const cells = [...new Set(log.map((r) => `${r.commune_id}|${r.record_type}`))].sort((a, b) => Number(a.split('|')[0]) - Number(b.split('|')[0]) || a.localeCompare(b));
	return cells.map((cell) => {
		const series = log.filter((r) => `${r.commune_id}|${r.record_type}` === cell);
		const last = series.at(-1)!;
		const target = targets.get(cell) ?? 0;
		return {
			cell,
			cumulative: last.cumulative,
			reportId: last.id,
			finishedAt:
				target > 0
					? cellFinishTime(
							series.map((r) => ({ asOf: r.as_of, cumulative: r.cumulative })),
							target,
							''
						)
					: null
		};
	});
}

/** A naive reference: evaluate from the log truncated at t, with no table or index shortcuts. */
async function fromTruncatedLog(db: Database, at: string) {
	const campaign = (await findCampaignByCode(db, 'test'))!;
	const calendar = calendarOf(campaign);
	const log = await db.selectFrom('reports').selectAll().where('as_of', '<=', at).orderBy('as_of').orderBy('received_at').orderBy('id').execute();
	const targets = await db.selectFrom('current_targets').selectAll().execute();
	const before = new Date(Date.parse(at) - paceWindowMs(new Date(at), campaignStartInstant(calendar))).toISOString();
	const cells: CellInput[] = targets.map((tg) => {
		const series = log.filter((r) => r.commune_id === tg.commune_id && r.record_type === tg.record_type).map((r) => ({ asOf: r.as_of, cumulative: r.cumulative }));
		const last = series.at(-1);
		const lastBefore = series.filter((p) => p.asOf <= before).at(-1);
		return {
			communeKey: `u:${tg.commune_id}`,
			recordType: tg.record_type,
			target: tg.target,
			done: last?.cumulative ?? 0,
			doneBefore: lastBefore?.cumulative ?? 0,
			finishedAt: cellFinishTime(series, tg.target, ''),
			lastReportAt: last?.asOf ?? null
		};
	});
	return evaluateCampaign({
		at: new Date(at),
		calendar,
		thresholds: thresholdsOf(campaign),
		recordTypes: ['khai_sinh', 'ket_hon'],
		units: await campaignTree(db, campaign),
		cells
	});
}

describe('evaluation at any instant', () => {
	it('equals evaluating the log truncated at that instant, for random logs and instants', async () => {
		const DAY = 86_400_000;
		const start = Date.parse('2024-11-30T17:00:00.000Z');
		const reportArb = fc.record({
			commune: fc.integer({ min: 0, max: 2 }),
			type: fc.constantFrom('khai_sinh', 'ket_hon'),
			hour: fc.integer({ min: -24, max: 24 * 22 }),
			value: fc.integer({ min: 0, max: 130 }),
			lateBy: fc.integer({ min: 0, max: 30 })
		});
		await fc.assert(
			fc.asyncProperty(
				fc.array(reportArb, { minLength: 1, maxLength: 40 }),
				fc.array(fc.integer({ min: -24, max: 24 * 23 }), { minLength: 1, maxLength: 4 }),
				fc.constantFrom(1, 2, 5, 40),
				async (reports, hours, batchSize) => {
					const db = await createTestDb();
					try {
						const { campaignId, communes } = await seedCampaign(db.db);
						const entries = reports.map((r) => ({
							commune: communes[r.commune].id,
							type: r.type,
							asOf: new Date(start + r.hour * 3_600_000).toISOString(),
							value: r.value,
							receivedAt: new Date(start + r.hour * 3_600_000 + r.lateBy * 3_600_000).toISOString()
						}));
						// In batches of every size: one report per cell goes another way than several.
						for (let i = 0; i < entries.length; i += batchSize) await report(db.db, campaignId, entries.slice(i, i + batchSize));
						expect(await currentValues(db.db)).toEqual(await valuesInForceFromLog(db.db));
						// After every report the current table answers ("now"); right after the last one its pace window still holds reports.
						const lastHour = Math.max(...reports.map((r) => r.hour));
						for (const h of [...hours, lastHour + 1, 24 * 30]) {
							const at = new Date(start + h * 3_600_000 + (h % 7) * (DAY / 24 / 7)).toISOString();
							const campaign = (await findCampaignByCode(db.db, 'test'))!;
							const actual = (await evaluateCampaignAt(db.db, campaign, { at: new Date(at) })).rows;
							expect(actual).toEqual(await fromTruncatedLog(db.db, at));
						}
					} finally {
						await db.close();
					}
				}
			),
			{ numRuns: 25 }
		);
	});
});
