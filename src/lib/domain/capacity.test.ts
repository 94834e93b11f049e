import { describe, expect, it } from 'vitest';
import type { CampaignCalendar } from './calendar';
import {
	capacitiesAt,
	capacityHeadline,
	capacityOf,
	capacityProblems,
	communePlan,
	DEFAULT_CAPACITY,
	neededMachineShifts,
	paceWith,
	parentPlan,
	planAdvice,
	planTree,
	projectedFinishWith,
	ratePerMachineShift,
	type CapacityRevision
} from './capacity';
import { evaluateCampaign, TOTAL, type CellInput, type ProgressRow, type UnitNode } from './evaluate';
import { DEFAULT_THRESHOLDS, projectedFinish } from './progress';

const cal: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
const AT = '2024-12-10T04:30:00.000Z'; // 11:30 on 10/12: 12 days left, pace window 7 days

const units: UnitNode[] = [
	{ key: 'p', code: '34', name: 'Tỉnh Thái Bình', level: 'province', parentKey: null, deadline: null },
	{ key: 'd', code: '338', name: 'Huyện Vũ Thư', level: 'district', parentKey: 'p', deadline: null },
	{ key: 'a', code: '12967', name: 'Xã A', level: 'commune', parentKey: 'd', deadline: null },
	{ key: 'b', code: '12970', name: 'Xã B', level: 'commune', parentKey: 'd', deadline: null },
	{ key: 'c', code: '12973', name: 'Xã C', level: 'commune', parentKey: 'd', deadline: null },
	{ key: 'e', code: '12976', name: 'Xã E', level: 'commune', parentKey: 'd', deadline: '2024-12-08' }
];

function cell(communeKey: string, target: number, done: number, doneBefore: number): CellInput {
	return {
		communeKey,
		recordType: 'khai_sinh',
		target,
		done,
		doneBefore,
		finishedAt: done >= target ? '2024-12-09T03:00:00.000Z' : null,
		lastReportAt: done > 0 ? '2024-12-09T03:00:00.000Z' : null
	};
}

/** The §4 evaluation at AT: a pace p and quota q for each commune. */
function evaluated(cells: CellInput[]): Map<string, ProgressRow> {
	const rows = evaluateCampaign({ at: new Date(AT), calendar: cal, thresholds: DEFAULT_THRESHOLDS, recordTypes: ['khai_sinh'], units, cells });
	return new Map(rows.filter((r) => r.recordType === TOTAL).map((r) => [r.unitKey, r]));
}

describe('communePlan', () => {
	// A: R = 12.000 → q = 1.000/day; 4.200 credited over the 7-day window → p = 600/day.
	const rows = evaluated([cell('a', 20_000, 8_000, 3_800), cell('b', 5_000, 0, 0), cell('c', 1_000, 1_000, 400), cell('e', 900, 300, 100)]);

	it('measures ρ = p/(m·s) and needs n = ceil(q/ρ) machine-shifts; short by ceil(n/s) − m machines or ceil(n/m) − s shifts', () => {
		const a = rows.get('a')!;
		expect(a).toMatchObject({ dailyQuota: 1000, pace: 600 });
		const plan = communePlan(a, { machines: 2, shiftsPerDay: 3 });
		expect(plan.ratePerMachineShift).toBe(100);
		expect(plan).toMatchObject({ machineShifts: 6, neededMachineShifts: 10, verdict: 'short', extraMachines: 2, extraShifts: 2, shortCommunes: 1 });
		expect(planAdvice(plan)).toBe('cần thêm 2 máy');
		// At 4 machines and 2 shifts the same pace is ρ = 75: n = ceil(1000/75) = 14 > 8.
		expect(communePlan(a, { machines: 4, shiftsPerDay: 2 })).toMatchObject({ ratePerMachineShift: 75, neededMachineShifts: 14, extraMachines: 3, extraShifts: 2 });
		expect(planAdvice(communePlan(a, { machines: 4, shiftsPerDay: 2 }))).toBe('cần thêm 3 máy hoặc 2 ca/ngày');
	});

	it('is enough when n ≤ m·s', () => {
		const plan = communePlan({ dailyQuota: 500, pace: 600 }, { machines: 2, shiftsPerDay: 3 });
		expect(plan).toMatchObject({ neededMachineShifts: 5, verdict: 'enough', extraMachines: 0, extraShifts: 0 });
		expect(planAdvice(plan)).toBe('đủ máy (cần 5/6 ca máy mỗi ngày)');
	});

	it('has no rate for a commune with no report: unknown, "chưa đủ dữ liệu"', () => {
		const b = rows.get('b')!;
		expect(b).toMatchObject({ pace: 0, lastReportAt: null });
		const plan = communePlan(b, DEFAULT_CAPACITY);
		expect(plan).toMatchObject({ ratePerMachineShift: null, neededMachineShifts: null, verdict: 'unknown', extraMachines: null, unknownCommunes: 1 });
		expect(planAdvice(plan)).toMatch(/^chưa đủ dữ liệu/);
	});

	it('has no rate with zero machines: unknown while something is due', () => {
		expect(ratePerMachineShift(600, { machines: 0, shiftsPerDay: 3 })).toBeNull();
		expect(communePlan(rows.get('a')!, { machines: 0, shiftsPerDay: 3 })).toMatchObject({ machineShifts: 0, verdict: 'unknown', extraShifts: null });
		expect(planAdvice(communePlan(rows.get('a')!, { machines: 0, shiftsPerDay: 3 }))).toBe('chưa đủ dữ liệu (chưa có máy)');
	});

	it('needs nothing once the quota is met, rate or none', () => {
		const c = rows.get('c')!;
		expect(c).toMatchObject({ dailyQuota: 0, status: 'done' });
		expect(communePlan(c, DEFAULT_CAPACITY)).toMatchObject({ neededMachineShifts: 0, verdict: 'enough', extraMachines: 0 });
		expect(communePlan(c, { machines: 0, shiftsPerDay: 1 })).toMatchObject({ neededMachineShifts: 0, verdict: 'enough' });
		expect(neededMachineShifts(0, null)).toBe(0);
	});

	it('gives an overdue commune no verdict', () => {
		const e = rows.get('e')!;
		expect(e).toMatchObject({ status: 'overdue', dailyQuota: null });
		const plan = communePlan(e, DEFAULT_CAPACITY);
		expect(plan).toMatchObject({ verdict: null, neededMachineShifts: null, extraMachines: null, overdueCommunes: 1 });
		expect(plan.ratePerMachineShift).toBeCloseTo(200 / 7 / 6);
	});

	it('does not round a whole quotient up', () => {
		// p = 70/7 per day over 3·1 machine-shifts; q = 30 → n = 9 exactly.
		const rate = ratePerMachineShift(70 / 7, { machines: 3, shiftsPerDay: 1 });
		expect(neededMachineShifts(30, rate)).toBe(9);
	});
});

describe('parentPlan and planTree', () => {
	it('sums m·s, n and extra machines; an unknown commune makes the parent unknown and is counted', () => {
		const rows = evaluated([cell('a', 20_000, 8_000, 3_800), cell('b', 5_000, 0, 0), cell('c', 1_000, 1_000, 400), cell('e', 900, 300, 100)]);
		const caps: Record<string, { machines: number; shiftsPerDay: number }> = {
			a: { machines: 2, shiftsPerDay: 3 },
			b: { machines: 1, shiftsPerDay: 2 },
			c: DEFAULT_CAPACITY,
			e: DEFAULT_CAPACITY
		};
		const plans = planTree(units, rows, (k) => caps[k]);
		expect(plans.get('d')).toMatchObject({
			machines: 7,
			machineShifts: 6 + 2 + 6 + 6,
			neededMachineShifts: 10 + 0,
			extraMachines: 2,
			verdict: 'unknown',
			unknownCommunes: 1,
			shortCommunes: 1,
			overdueCommunes: 1,
			shiftsPerDay: null
		});
		expect(plans.get('p')).toMatchObject({ machineShifts: 20, verdict: 'unknown', unknownCommunes: 1 });
		expect(capacityHeadline(plans.get('d')!)).toBe('Năng lực: thiếu 2 máy ở 1 xã; chưa đủ dữ liệu ở 1 xã.');
	});

	it('is short when any commune is short, enough when none is, and has no verdict when overdue', () => {
		const enough = communePlan({ dailyQuota: 100, pace: 600 }, DEFAULT_CAPACITY);
		const short = communePlan({ dailyQuota: 1000, pace: 600 }, DEFAULT_CAPACITY);
		expect(parentPlan({ dailyQuota: 1100, pace: 1200 }, [enough, short])).toMatchObject({
			verdict: 'short',
			extraMachines: 2,
			neededMachineShifts: 11,
			machineShifts: 12,
			ratePerMachineShift: 100
		});
		expect(parentPlan({ dailyQuota: 200, pace: 1200 }, [enough, enough])).toMatchObject({ verdict: 'enough', extraMachines: 0 });
		expect(capacityHeadline(parentPlan({ dailyQuota: 200, pace: 1200 }, [enough, enough]))).toBe('Năng lực: đủ máy.');
		expect(parentPlan({ dailyQuota: null, pace: 1200 }, [short]).verdict).toBeNull();
	});
});

describe('capacity in force', () => {
	const revisions: CapacityRevision[] = [
		{ communeId: 7, machines: 1, shiftsPerDay: 2, at: '2024-12-03T01:00:00.000Z' },
		{ communeId: null, machines: 3, shiftsPerDay: 2, at: '2024-12-04T01:00:00.000Z' },
		{ communeId: 7, machines: 4, shiftsPerDay: 3, at: '2024-12-08T01:00:00.000Z' }
	];

	it('takes the latest revision at or before the instant, else the default then, else 2 machines × 3 shifts', () => {
		const early = capacitiesAt(revisions, '2024-12-02T00:00:00.000Z');
		expect(capacityOf(early, 7)).toEqual(DEFAULT_CAPACITY);
		const mid = capacitiesAt(revisions, '2024-12-05T00:00:00.000Z');
		expect(capacityOf(mid, 7)).toEqual({ machines: 1, shiftsPerDay: 2 });
		expect(capacityOf(mid, 8)).toEqual({ machines: 3, shiftsPerDay: 2 });
		expect(capacityOf(capacitiesAt(revisions, '2024-12-08T01:00:00.000Z'), 7)).toEqual({ machines: 4, shiftsPerDay: 3 });
	});

	it('measures a window whose capacity changed mid-way at the capacity in force at the instant', () => {
		// Commune A doubled its machines on 8/12; at 10/12 its 600/day over the window is ρ at 4 × 3.
		const a = { dailyQuota: 1000, pace: 600 };
		const before = communePlan(a, capacityOf(capacitiesAt(revisions, '2024-12-07T00:00:00.000Z'), 7));
		const after = communePlan(a, capacityOf(capacitiesAt(revisions, AT), 7));
		expect(before).toMatchObject({ ratePerMachineShift: 300, neededMachineShifts: 4, verdict: 'short', extraMachines: 1 });
		expect(after).toMatchObject({ ratePerMachineShift: 50, neededMachineShifts: 20, verdict: 'short', extraMachines: 3 });
	});
});

describe('what-if', () => {
	it('keeps the measured rate and changes the verdict and the projected finish with the capacity', () => {
		const f = { dailyQuota: 1000, pace: 600 };
		const now = DEFAULT_CAPACITY;
		const rate = ratePerMachineShift(f.pace, now);
		const more = { machines: 4, shiftsPerDay: 3 };
		expect(communePlan(f, more, rate)).toMatchObject({ verdict: 'enough', neededMachineShifts: 10, extraMachines: 0 });
		expect(paceWith(f.pace, rate, more)).toBe(1200);
		const at = new Date(AT);
		expect(projectedFinishWith(at, 12_000, f.pace, rate, now)).toEqual(projectedFinish(at, 12_000, 600));
		expect(projectedFinishWith(at, 12_000, f.pace, rate, more)).toEqual(projectedFinish(at, 12_000, 1200));
		// Without a rate the what-if cannot tell: the measured pace stands.
		expect(paceWith(0, null, more)).toBe(0);
	});
});

describe('capacityProblems', () => {
	it('accepts whole machines 0..1000 and shifts 1..4', () => {
		expect(capacityProblems(0, 1)).toEqual({});
		expect(capacityProblems(-1, 0)).toEqual({ machines: 'số máy phải là số nguyên từ 0 đến 1.000.', shiftsPerDay: 'số ca mỗi ngày phải là số nguyên từ 1 đến 4.' });
		expect(capacityProblems(1.5, '3')).toHaveProperty('shiftsPerDay');
	});
});
