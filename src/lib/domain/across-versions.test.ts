import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionWithin, estimateKeys, mapCells, markEstimates, splitsOf } from './across-versions';
import type { CampaignCalendar } from './calendar';
import { evaluateCampaign, TOTAL, type CellInput, type UnitNode } from './evaluate';
import type { HierarchyLink } from './mapping';
import { DEFAULT_THRESHOLDS } from './progress';

const whole = (oldCode: string, newCode: string): HierarchyLink => ({ oldCode, newCode, whole: true, share: null });
const part = (oldCode: string, newCode: string, share: number | null = null): HierarchyLink => ({ oldCode, newCode, whole: false, share });

function cell(communeKey: string, recordType: string, target: number, done: number, extra: Partial<CellInput> = {}): CellInput {
	return {
		communeKey,
		recordType,
		target,
		done,
		doneBefore: 0,
		finishedAt: done >= target ? '2024-12-05T03:00:00.000Z' : null,
		lastReportAt: '2024-12-05T03:00:00.000Z',
		...extra
	};
}

const sum = <T>(items: T[], f: (x: T) => number) => items.reduce((a, x) => a + f(x), 0);
const on = <C extends { communeKey: string; recordType: string }>(cells: C[], code: string, type = 'khai_sinh') =>
	cells.filter((c) => c.communeKey === code && c.recordType === type);

describe('mapCells', () => {
	it('adds up whole links, each old cell a cell of its new commune', () => {
		const splits = splitsOf([whole('a', 'X'), whole('b', 'X'), whole('c', 'Y')]);
		const { cells, unmapped } = mapCells(splits, [cell('a', 'khai_sinh', 100, 150), cell('b', 'khai_sinh', 100, 20), cell('c', 'khai_sinh', 7, 7), cell('z', 'khai_sinh', 5, 1)]);
		const x = on(cells, 'X');
		expect(sum(x, (c) => c.target)).toBe(200);
		expect(sum(x, (c) => c.done)).toBe(170);
		// The surplus of a never hides the deficit of b: credited 100 + 20.
		expect(sum(x, (c) => Math.min(c.done, c.target))).toBe(120);
		expect(on(cells, 'Y')).toMatchObject([{ target: 7, done: 7, finishedAt: '2024-12-05T03:00:00.000Z', estimate: false }]);
		expect(cells.every((c) => !c.estimate)).toBe(true);
		expect(unmapped).toEqual(['z']);
	});

	it('shares a split commune by its declared shares, exactly', () => {
		const splits = splitsOf([part('a', 'X', 0.7), part('a', 'Y', 0.3)]);
		const { cells } = mapCells(splits, [cell('a', 'khai_sinh', 1001, 500, { doneBefore: 101 })]);
		expect(on(cells, 'X')).toMatchObject([{ target: 701, done: 350, doneBefore: 71, estimate: false }]);
		expect(on(cells, 'Y')).toMatchObject([{ target: 300, done: 150, doneBefore: 30, estimate: false }]);
	});

	it('shares a split commune without declared shares equally by the largest remainder, and marks it an estimate', () => {
		const splits = splitsOf([part('a', 'X'), part('a', 'Y'), part('a', 'Z'), whole('b', 'Z')]);
		const { cells } = mapCells(splits, [cell('a', 'khai_sinh', 10, 11), cell('b', 'khai_sinh', 4, 0)]);
		expect(on(cells, 'X')).toMatchObject([{ target: 4, done: 4 + 1, estimate: true }]);
		expect(on(cells, 'Y')).toMatchObject([{ target: 3, done: 3, estimate: true }]);
		expect(on(cells, 'Z')).toMatchObject([
			{ target: 3, done: 3, oldCode: 'a', estimate: true },
			{ target: 4, done: 0, oldCode: 'b', estimate: false }
		]);
		expect(
			sum(
				cells.filter((c) => c.oldCode === 'a'),
				(c) => c.done
			)
		).toBe(11);
		// A part at its target finished when the old cell did.
		expect(on(cells, 'Y')[0].finishedAt).toBe('2024-12-05T03:00:00.000Z');
	});

	it('marks no estimate where an undeclared split has nothing to share', () => {
		const { cells } = mapCells(splitsOf([part('a', 'X'), part('a', 'Y')]), [cell('a', 'khai_sinh', 0, 0, { finishedAt: null })]);
		expect(cells.map((c) => c.estimate)).toEqual([false, false]);
	});

	it('keeps each old commune’s T, D and C exactly, and C′ = min(D′, T′) in every part', () => {
		const shares = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 });
		fc.assert(
			fc.property(shares, fc.boolean(), fc.nat(100_000), fc.nat(100_000), fc.nat(100_000), (weights, declared, target, done, before) => {
				const total = sum(weights, (w) => w);
				const links = weights.map((w, i) => (weights.length === 1 ? whole('a', `N${i}`) : part('a', `N${i}`, declared ? w / total : null)));
				const { cells } = mapCells(splitsOf(links), [cell('a', 'khai_sinh', target, done, { doneBefore: before })]);
				expect(sum(cells, (c) => c.target)).toBe(target);
				expect(sum(cells, (c) => c.done)).toBe(done);
				expect(sum(cells, (c) => Math.min(c.done, c.target))).toBe(Math.min(done, target));
				expect(sum(cells, (c) => c.doneBefore)).toBe(before);
				expect(sum(cells, (c) => Math.min(c.doneBefore, c.target))).toBe(Math.min(before, target));
			})
		);
	});
});

describe('apportionWithin', () => {
	it('moves what a cap holds back to the parts with room', () => {
		expect(apportionWithin(5, [1, 1, 1], [1, 5, 5])).toEqual([1, 2, 2]);
		expect(() => apportionWithin(5, [1, 1], [1, 1])).toThrow(RangeError);
	});
});

describe('estimates on the other tree', () => {
	const cal: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
	// Province 33 → groups G1 (X, Y) and G2 (Z).
	const units: UnitNode[] = [
		{ key: 'p', code: '33', name: 'Tỉnh Hưng Yên', level: 'province', parentKey: null, deadline: null },
		{ key: 'g1', code: 'G1', name: 'Cụm 1', level: 'group', parentKey: 'p', deadline: null },
		{ key: 'g2', code: 'G2', name: 'Cụm 2', level: 'group', parentKey: 'p', deadline: null },
		{ key: 'x', code: 'X', name: 'Xã X', level: 'commune', parentKey: 'g1', deadline: null },
		{ key: 'y', code: 'Y', name: 'Xã Y', level: 'commune', parentKey: 'g1', deadline: null },
		{ key: 'z', code: 'Z', name: 'Xã Z', level: 'commune', parentKey: 'g2', deadline: null }
	];
	const keyOf = (code: string) => units.find((u) => u.code === code && u.level === 'commune')?.key;

	it('marks the new communes holding a part, and a parent only when the parts fall outside it', () => {
		// a splits within G1 (no share declared); b splits across G1 and G2 (no share); c splits with declared shares.
		const splits = splitsOf([part('a', 'X'), part('a', 'Y'), part('b', 'Y'), part('b', 'Z'), part('c', 'X', 0.5), part('c', 'Z', 0.5), whole('d', 'Z')]);
		const old = [cell('a', 'khai_sinh', 9, 3), cell('b', 'ket_hon', 5, 5), cell('c', 'khai_sinh', 8, 2), cell('d', 'khai_sinh', 6, 6)];
		const mapped = mapCells(splits, old);
		const keys = estimateKeys(splits, mapped.cells, units, keyOf);
		expect([...keys].sort()).toEqual(['g1|', 'g1|ket_hon', 'g2|', 'g2|ket_hon', 'x|', 'x|khai_sinh', 'y|', 'y|ket_hon', 'y|khai_sinh', 'z|', 'z|ket_hon'].sort());

		const rows = markEstimates(
			evaluateCampaign({
				at: new Date('2024-12-10T04:30:00Z'),
				calendar: cal,
				thresholds: DEFAULT_THRESHOLDS,
				recordTypes: ['khai_sinh', 'ket_hon'],
				units,
				cells: mapped.cells.map((c) => ({ ...c, communeKey: keyOf(c.communeKey)! }))
			}),
			keys
		);
		const row = (key: string, type = TOTAL) => rows.find((r) => r.unitKey === key && r.recordType === type)!;
		// The province holds every part: exact, and its totals are the old ones.
		expect(row('p')).toMatchObject({ estimate: false, target: 28, done: 16, credited: 3 + 5 + 2 + 6 });
		expect(row('z', 'khai_sinh')).toMatchObject({ estimate: false, target: 4 + 6, credited: 1 + 6 });
		expect(row('g1', 'khai_sinh')).toMatchObject({ estimate: false, target: 9 + 4 });
		expect(row('x')).toMatchObject({ estimate: true });
	});
});
