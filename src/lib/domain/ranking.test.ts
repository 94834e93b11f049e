import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareForRanking, sortAndRank, type Rankable } from './ranking';

/** The ranks of `units` in their input order. */
function rankUnits(units: readonly Rankable[]): number[] {
	const ranked = units.map((unit, index) => ({ ...unit, index, rank: 0 }));
	sortAndRank(ranked);
	const ranks = new Array<number>(units.length);
	for (const unit of ranked) ranks[unit.index] = unit.rank;
	return ranks;
}

describe('sortAndRank', () => {
	it('orders by completion, then earlier finish, then credited; full ties share a rank (1, 2, 2, 4)', () => {
		const units = [
			{ credited: 50, target: 100, finishedAt: null }, // 50%
			{ credited: 100, target: 100, finishedAt: '2024-12-05T01:00:00.000Z' }, // 100%, later
			{ credited: 200, target: 200, finishedAt: '2024-12-04T01:00:00.000Z' }, // 100%, first
			{ credited: 100, target: 100, finishedAt: '2024-12-05T01:00:00.000Z' }, // tie with #2
			{ credited: 60, target: 120, finishedAt: null } // 50%, more credited than #1
		];
		expect(rankUnits(units)).toEqual([5, 2, 1, 2, 4]);
	});

	it('puts unfinished units after finished ones at equal completion', () => {
		expect(
			rankUnits([
				{ credited: 0, target: 0, finishedAt: null },
				{ credited: 0, target: 0, finishedAt: 'x' }
			])
		).toEqual([2, 1]);
	});

	it('ranks a zero-target unit as 100%', () => {
		expect(
			rankUnits([
				{ credited: 99, target: 100, finishedAt: null },
				{ credited: 0, target: 0, finishedAt: 's' }
			])
		).toEqual([2, 1]);
	});

	it('is consistent with the ordering keys', () => {
		const unit = fc
			.record({
				target: fc.integer({ min: 0, max: 50 }),
				credited: fc.integer({ min: 0, max: 50 }),
				finishedAt: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null })
			})
			.map((u) => ({ ...u, credited: Math.min(u.credited, u.target) }));
		fc.assert(
			fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
				const ranks = rankUnits(units);
				for (let i = 0; i < units.length; i++) {
					const ahead = units.filter((u) => compareForRanking(u, units[i]) < 0).length;
					expect(ranks[i]).toBe(ahead + 1);
				}
			})
		);
	});
});
