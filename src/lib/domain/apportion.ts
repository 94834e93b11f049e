/**
 * Splits a whole number into whole parts proportional to weights, summing exactly to the
 * total (largest remainder). Ties go to the earlier weight.
 */
export function apportion(total: number, weights: number[]): number[] {
	if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a whole number ≥ 0');
	const sum = weights.reduce((a, w) => a + w, 0);
	if (weights.length === 0 || sum <= 0) throw new RangeError('weights must have a positive sum');
	const exact = weights.map((w) => (total * w) / sum);
	const parts = exact.map(Math.floor);
	let left = total - parts.reduce((a, p) => a + p, 0);
	const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
	for (let k = 0; left > 0; k++, left--) parts[order[k % order.length].i]++;
	return parts;
}
