import { describe, expect, it } from 'vitest';
import { bracketLabel, bracketOf, bracketRanks, bracketThresholdsFromText, checkBracketThresholds, improvementLabel, improvements, parseStoredThresholds } from './emulation';
import { leaderboard } from './leaderboard';
import { figureKey } from './snapshot';
import { cell, snapshot } from './testing/snapshot-fixture';

describe('improvements', () => {
	const before = (credited: number, target: number) => ({ credited, target });

	it('ranks percentage points gained, desc; ties share a rank and the next skips', () => {
		const res = improvements([
			{ key: 'a', credited: 50, target: 100, before: before(20, 100) }, // +30
			{ key: 'b', credited: 30, target: 300, before: before(0, 300) }, // +10
			{ key: 'c', credited: 20, target: 200, before: before(0, 200) }, // +10, exactly as b
			{ key: 'd', credited: 5, target: 100, before: before(5, 100) } // +0
		]);
		expect([...res].map(([k, v]) => [k, v.rank])).toEqual([
			['a', 1],
			['b', 2],
			['c', 2],
			['d', 4]
		]);
		expect(res.get('a')!.points).toBeCloseTo(30, 10);
		expect(res.get('d')!.points).toBe(0);
	});

	it('ties exactly even where floating point would not: 0,3 − 0,1 and 0,5 − 0,3', () => {
		const res = improvements([
			{ key: 'x', credited: 3, target: 10, before: before(1, 10) },
			{ key: 'y', credited: 5, target: 10, before: before(3, 10) }
		]);
		expect([res.get('x')!.rank, res.get('y')!.rank]).toEqual([1, 1]);
	});

	it('does not rank units with T = 0, nor units without a previous figure', () => {
		const res = improvements([
			{ key: 'zero', credited: 0, target: 0, before: before(0, 0) },
			{ key: 'new', credited: 10, target: 100, before: null },
			{ key: 'a', credited: 10, target: 100, before: before(0, 100) }
		]);
		expect(res.get('zero')).toEqual({ points: 0, rank: null });
		expect(res.get('new')).toEqual({ points: null, rank: null });
		expect(res.get('a')!.rank).toBe(1);
	});

	it('measures against the previous completion, a target revised in between included', () => {
		// 50/100 then 50/200: −25 points.
		expect(improvements([{ key: 'a', credited: 50, target: 200, before: before(50, 100) }]).get('a')!.points).toBeCloseTo(-25, 10);
	});

	it('labels points in vi-VN with their sign', () => {
		expect(improvementLabel(3.24)).toBe('+3,2 điểm %');
		expect(improvementLabel(-0.5)).toBe('−0,5 điểm %');
		expect(improvementLabel(0)).toBe('0 điểm %');
		expect(improvementLabel(12)).toBe('+12 điểm %');
		expect(improvementLabel(null)).toBe('');
	});
});

describe('brackets', () => {
	it('puts a unit by its total target: below the first threshold, between, at or above the last', () => {
		const t = [5000, 20000];
		expect([0, 4999, 5000, 19999, 20000, 1_000_000].map((x) => bracketOf(x, t))).toEqual([0, 0, 1, 1, 2, 2]);
		expect(bracketOf(123, [])).toBe(0);
		expect([0, 1, 2].map((b) => bracketLabel(b, t))).toEqual(['Dưới 5.000 hồ sơ', 'Từ 5.000 đến dưới 20.000 hồ sơ', 'Từ 20.000 hồ sơ trở lên']);
	});

	it('ranks within each bracket by the ranking rule, a bracket with one unit included', () => {
		const u = (key: string, credited: number, target: number, finishedAt: string | null = null) => ({ key, credited, target, finishedAt });
		const res = bracketRanks(
			[
				u('small-a', 1000, 1000, '2024-12-05T00:00:00.000Z'),
				u('small-b', 1000, 1000, '2024-12-04T00:00:00.000Z'), // same 100%, finished earlier
				u('small-c', 500, 1000),
				u('mid', 1000, 10000), // alone in its bracket
				u('big-a', 10000, 40000),
				u('big-b', 5000, 20000) // 25% as big-a, and fewer credited
			],
			[5000, 20000]
		);
		expect(Object.fromEntries([...res].map(([k, v]) => [k, [v.bracket, v.rank]]))).toEqual({
			'small-a': [0, 2],
			'small-b': [0, 1],
			'small-c': [0, 3],
			mid: [1, 1],
			'big-a': [2, 1],
			'big-b': [2, 2]
		});
		expect(bracketRanks([u('a', 1, 2)], []).size).toBe(0);
	});

	it('shares a bracket rank between units equal on all three keys', () => {
		const res = bracketRanks(
			[
				{ key: 'a', credited: 10, target: 100, finishedAt: null },
				{ key: 'b', credited: 10, target: 100, finishedAt: null },
				{ key: 'c', credited: 5, target: 100, finishedAt: null }
			],
			[1000]
		);
		expect([...res.values()].map((v) => v.rank)).toEqual([1, 1, 3]);
	});

	it('checks thresholds: ascending positive whole numbers, at most five', () => {
		expect(checkBracketThresholds([5000, 20000])).toEqual({ thresholds: [5000, 20000] });
		expect(checkBracketThresholds([])).toEqual({ thresholds: [] });
		expect(checkBracketThresholds([20000, 5000])).toEqual({ problem: 'các ngưỡng phải tăng dần: 5.000 không lớn hơn 20.000.' });
		expect(checkBracketThresholds([5000, 5000])).toHaveProperty('problem');
		expect(checkBracketThresholds([0])).toEqual({ problem: 'ngưỡng «0» phải là số nguyên dương (hồ sơ).' });
		expect(checkBracketThresholds([1.5])).toHaveProperty('problem');
		expect(checkBracketThresholds(['5000'])).toHaveProperty('problem');
		expect(checkBracketThresholds([1, 2, 3, 4, 5, 6])).toEqual({ problem: 'nhiều nhất 5 ngưỡng (6 nhóm quy mô).' });
		expect(checkBracketThresholds('5000')).toHaveProperty('problem');
		expect(bracketThresholdsFromText('5.000, 20.000')).toEqual([5000, 20000]);
		expect(bracketThresholdsFromText('5000;20000 ')).toEqual([5000, 20000]);
		expect(bracketThresholdsFromText('')).toEqual([]);
		expect(bracketThresholdsFromText('5,5')).toEqual([5, 5]);
		expect(bracketThresholdsFromText('năm')).toEqual(['năm']);
		expect(parseStoredThresholds('[5000,20000]')).toEqual([5000, 20000]);
		expect(parseStoredThresholds('nonsense')).toEqual([]);
	});
});

describe('leaderboard rows carry improvement, brackets and streaks', () => {
	const before = snapshot([cell('a', 100, 20), cell('b', 100, 90), cell('c', 100, 50), cell('d', 1000, 50), cell('e', 1000, 10), cell('f', 0, 0)], null);
	const now = snapshot([cell('a', 100, 60), cell('b', 100, 95), cell('c', 100, 55), cell('d', 1000, 150), cell('e', 1000, 10), cell('f', 0, 0)], before);
	const previous = new Map([...before.figures].map(([k, f]) => [k, { credited: f.credited, target: f.target }]));
	const streaks = new Map([[figureKey('a', ''), 4]]);
	const rows = leaderboard(now, { level: 'commune' }, { previous, thresholds: [500], streaks });
	const by = (name: string) => rows.find((r) => r.name === name)!;

	it('ranks improvement among the level, T = 0 excluded', () => {
		// a +40, d +10, b +5, c +5, e 0; f has no target.
		expect(rows.map((r) => [r.name, r.improvementRank])).toEqual([
			['Xã F', null],
			['Xã B', 3],
			['Xã A', 1],
			['Xã C', 3],
			['Xã D', 2],
			['Xã E', 5]
		]);
		expect(by('Xã A').improvement).toBeCloseTo(40, 10);
	});

	it('places units in brackets by target and ranks within them', () => {
		expect(rows.map((r) => [r.name, r.bracket, r.bracketRank])).toEqual([
			['Xã F', 0, 1],
			['Xã B', 0, 2],
			['Xã A', 0, 3],
			['Xã C', 0, 4],
			['Xã D', 1, 1],
			['Xã E', 1, 2]
		]);
	});

	it('keeps ranks of the whole level when filtered by parent, and streaks by unit', () => {
		const d2 = leaderboard(now, { level: 'commune', parentKey: 'd2' }, { previous, thresholds: [500], streaks });
		expect(d2.map((r) => [r.name, r.improvementRank, r.bracketRank])).toEqual([
			['Xã F', null, 1],
			['Xã D', 2, 1],
			['Xã E', 5, 2]
		]);
		expect([by('Xã A').streak, by('Xã B').streak]).toEqual([4, null]);
		// Without emulation figures nothing is computed.
		expect(leaderboard(now, { level: 'commune' })[0]).toMatchObject({ improvement: null, improvementRank: null, bracket: null, bracketRank: null, streak: null });
	});
});
