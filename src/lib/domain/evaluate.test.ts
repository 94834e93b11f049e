import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CampaignCalendar } from './calendar';
import { evaluateCampaign, TOTAL, type CellInput, type EvaluationInput, type ProgressRow, type UnitNode } from './evaluate';
import { DEFAULT_THRESHOLDS } from './progress';
import { compareForRanking } from './ranking';

const cal: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
const START = '2024-11-30T17:00:00.000Z';

function tree(districts: number[], overrides: Record<string, string> = {}): UnitNode[] {
	const units: UnitNode[] = [{ key: 'p', code: '34', name: 'Tỉnh', level: 'province', parentKey: null, deadline: overrides.p ?? null }];
	districts.forEach((communes, d) => {
		units.push({ key: `d${d}`, code: `30${d}`, name: `Huyện ${d}`, level: 'district', parentKey: 'p', deadline: overrides[`d${d}`] ?? null });
		for (let c = 0; c < communes; c++)
			units.push({ key: `c${d}.${c}`, code: `1${d}${c}`, name: `Xã ${d}.${c}`, level: 'commune', parentKey: `d${d}`, deadline: overrides[`c${d}.${c}`] ?? null });
	});
	return units;
}

function cell(communeKey: string, recordType: string, target: number, done: number, extra: Partial<CellInput> = {}): CellInput {
	return {
		communeKey,
		recordType,
		target,
		done,
		doneBefore: 0,
		finishedAt: done >= target ? '2024-12-05T03:00:00.000Z' : null,
		lastReportAt: done > 0 ? '2024-12-05T03:00:00.000Z' : null,
		...extra
	};
}

function input(units: UnitNode[], cells: CellInput[], at = '2024-12-10T04:30:00.000Z'): EvaluationInput {
	return { at: new Date(at), calendar: cal, thresholds: DEFAULT_THRESHOLDS, recordTypes: ['khai_sinh', 'ket_hon'], units, cells };
}

const row = (rows: ProgressRow[], unitKey: string, recordType = TOTAL) => rows.find((r) => r.unitKey === unitKey && r.recordType === recordType)!;

describe('evaluateCampaign', () => {
	it('sums per commune and type up the tree', () => {
		const rows = evaluateCampaign(input(tree([2, 1]), [cell('c0.0', 'khai_sinh', 100, 150), cell('c0.1', 'khai_sinh', 100, 20), cell('c1.0', 'ket_hon', 50, 10)]));
		expect(row(rows, 'd0')).toMatchObject({ target: 200, done: 170, credited: 120, remaining: 80, overTarget: 1, pct: 0.6 });
		expect(row(rows, 'p')).toMatchObject({ target: 250, credited: 130, remaining: 120 });
		expect(row(rows, 'p', 'ket_hon')).toMatchObject({ target: 50, credited: 10 });
	});

	it('gives a commune with no cells 100% and done, finished at the start', () => {
		const rows = evaluateCampaign(input(tree([2]), [cell('c0.0', 'khai_sinh', 100, 10)]));
		expect(row(rows, 'c0.1')).toMatchObject({ target: 0, pct: 1, status: 'done', finishedAt: START, dailyQuota: 0 });
	});

	it('shows a commune with no report yet as 0 done and behind', () => {
		const rows = evaluateCampaign(input(tree([1]), [cell('c0.0', 'khai_sinh', 100, 0)]));
		expect(row(rows, 'c0.0')).toMatchObject({ done: 0, pct: 0, lastReportAt: null, status: 'behind', dailyQuota: 9, pace: 0, projectedFinish: null });
	});

	it('follows a district’s own deadline, and its communes inherit it', () => {
		const units = tree([1, 1], { d0: '2024-12-15' });
		const rows = evaluateCampaign(input(units, [cell('c0.0', 'khai_sinh', 1200, 0), cell('c1.0', 'khai_sinh', 1200, 0)]));
		expect(row(rows, 'd0')).toMatchObject({ deadline: '2024-12-15', daysLeft: 6, dailyQuota: 200 });
		expect(row(rows, 'c0.0')).toMatchObject({ deadline: '2024-12-15', daysLeft: 6 });
		expect(row(rows, 'd1')).toMatchObject({ deadline: '2024-12-21', daysLeft: 12, dailyQuota: 100 });
		expect(row(rows, 'p')).toMatchObject({ deadline: '2024-12-21', dailyQuota: 200 });
	});

	it('is overdue after the deadline and not started before the start', () => {
		const cells = [cell('c0.0', 'khai_sinh', 100, 10)];
		expect(row(evaluateCampaign(input(tree([1]), cells, '2024-12-22T02:00:00.000Z')), 'p')).toMatchObject({ status: 'overdue', daysLeft: 0, dailyQuota: null });
		expect(row(evaluateCampaign(input(tree([1]), cells, '2024-11-29T02:00:00.000Z')), 'p')).toMatchObject({ status: 'not_started', daysLeft: 21 });
	});

	it('computes pace over the window and the projected finish', () => {
		// At 11:30 on 10/12 the window is 7 days; 700 credited in it is 100 a day.
		const rows = evaluateCampaign(input(tree([1]), [cell('c0.0', 'khai_sinh', 2000, 900, { doneBefore: 200 })]));
		expect(row(rows, 'c0.0')).toMatchObject({ pace: 100, dailyQuota: 92, status: 'on_track', projectedFinish: '2024-12-21' });
	});

	it('finishes a unit only when every cell has, at the latest finish', () => {
		const rows = evaluateCampaign(
			input(tree([2]), [
				cell('c0.0', 'khai_sinh', 100, 100, { finishedAt: '2024-12-03T01:00:00.000Z' }),
				cell('c0.1', 'khai_sinh', 100, 120, { finishedAt: '2024-12-06T01:00:00.000Z' })
			])
		);
		expect(row(rows, 'd0').finishedAt).toBe('2024-12-06T01:00:00.000Z');
		expect(row(rows, 'c0.0').finishedAt).toBe('2024-12-03T01:00:00.000Z');
		expect(row(rows, 'c0.0').rank).toBe(1);
	});
});

describe('evaluateCampaign properties', () => {
	const campaign = fc
		.record({
			districts: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
			hour: fc.integer({ min: -48, max: 24 * 25 })
		})
		.chain(({ districts, hour }) => {
			const units = tree(districts);
			const communes = units.filter((u) => u.level === 'commune').map((u) => u.key);
			const cells = fc.array(
				fc.record({
					communeKey: fc.constantFrom(...communes),
					recordType: fc.constantFrom('khai_sinh', 'ket_hon'),
					target: fc.integer({ min: 0, max: 5000 }),
					done: fc.integer({ min: 0, max: 6000 }),
					doneBefore: fc.integer({ min: 0, max: 6000 })
				}),
				{ maxLength: 30 }
			);
			return fc.tuple(fc.constant(units), cells, fc.constant(new Date(Date.parse(START) + hour * 3_600_000).toISOString()));
		})
		.map(([units, raw, at]) => {
			const seen = new Set<string>();
			const cells = raw
				.filter((c) => !seen.has(`${c.communeKey}|${c.recordType}`) && seen.add(`${c.communeKey}|${c.recordType}`))
				.map((c) => cell(c.communeKey, c.recordType, c.target, c.done, { doneBefore: c.doneBefore }));
			return { units, cells, at };
		});

	it('keeps remaining additive, pct in [0, 1], quota × days left ≥ remaining, ranks consistent', () => {
		fc.assert(
			fc.property(campaign, ({ units, cells, at }) => {
				const rows = evaluateCampaign(input(units, cells, at));
				for (const r of rows) {
					expect(r.pct).toBeGreaterThanOrEqual(0);
					expect(r.pct).toBeLessThanOrEqual(1);
					expect(r.remaining).toBe(r.target - r.credited);
					if (r.dailyQuota !== null && r.remaining > 0) expect(r.dailyQuota * r.daysLeft).toBeGreaterThanOrEqual(r.remaining);
					if (r.dailyQuota === null) expect(r.status).toBe('overdue');
					const children = units.filter((u) => u.parentKey === r.unitKey).map((u) => row(rows, u.key, r.recordType));
					if (children.length) {
						expect(r.remaining).toBe(children.reduce((a, c) => a + c.remaining, 0));
						expect(r.target).toBe(children.reduce((a, c) => a + c.target, 0));
					}
					const peers = rows.filter((p) => p.level === r.level && p.recordType === r.recordType);
					expect(r.rank).toBe(peers.filter((p) => compareForRanking(p, r) < 0).length + 1);
				}
			}),
			{ numRuns: 200 }
		);
	});
});

describe('a national campaign (issue 29)', () => {
	it('rolls provinces up into the nation and ranks the provinces among themselves', () => {
		const nation: UnitNode = { key: 'n:0', code: '', name: 'Toàn quốc', level: 'nation', parentKey: null, deadline: null };
		const units: UnitNode[] = [nation];
		for (const p of ['a', 'b']) {
			units.push({ key: p, code: p, name: `Tỉnh ${p}`, level: 'province', parentKey: 'n:0', deadline: null });
			for (const c of [0, 1]) units.push({ key: `${p}${c}`, code: `${p}${c}`, name: `Xã ${p}${c}`, level: 'commune', parentKey: p, deadline: null });
		}
		const rows = evaluateCampaign(input(units, [cell('a0', 'khai_sinh', 100, 100), cell('a1', 'khai_sinh', 100, 20), cell('b0', 'ket_hon', 50, 10), cell('b1', 'ket_hon', 50, 0)]));
		expect(row(rows, 'n:0')).toMatchObject({ level: 'nation', target: 300, credited: 130, remaining: 170 });
		expect(row(rows, 'n:0', 'ket_hon')).toMatchObject({ target: 100, credited: 10 });
		expect([row(rows, 'a').rank, row(rows, 'b').rank]).toEqual([1, 2]);
	});
});
