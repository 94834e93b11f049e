import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from './apportion';

describe('apportion', () => {
	it('splits a total exactly', () => {
		expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
		expect(apportion(765_311, [2, 1]).reduce((a, b) => a + b)).toBe(765_311);
	});

	it('always sums to the total with parts near their share', () => {
		fc.assert(
			fc.property(fc.nat(10_000_000), fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }), (total, weights) => {
				const parts = apportion(total, weights);
				const sum = weights.reduce((a, w) => a + w, 0);
				expect(parts.reduce((a, p) => a + p, 0)).toBe(total);
				parts.forEach((p, i) => expect(Math.abs(p - (total * weights[i]) / sum)).toBeLessThan(1 + 1e-6));
			})
		);
	});
});
