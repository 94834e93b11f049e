/**
 * Ranking within a level (DESIGN §4): completion desc, then finish time asc (unfinished
 * last), then credited desc. Units equal on all three share a rank; the next rank skips.
 */
export interface Rankable {
	credited: number;
	target: number;
	finishedAt: string | null;
}

/** Compares completion exactly (C1/T1 vs C2/T2 by cross-multiplication; ΣT = 0 is 100%). */
function comparePct(a: Rankable, b: Rankable): number {
	const an = a.target === 0 ? 1 : a.credited;
	const ad = a.target === 0 ? 1 : a.target;
	const bn = b.target === 0 ? 1 : b.credited;
	const bd = b.target === 0 ? 1 : b.target;
	return bn * ad - an * bd; // > 0 when b is ahead
}

export function compareForRanking(a: Rankable, b: Rankable): number {
	const byPct = comparePct(a, b);
	if (byPct !== 0) return byPct;
	if (a.finishedAt !== b.finishedAt) {
		if (a.finishedAt === null) return 1;
		if (b.finishedAt === null) return -1;
		return a.finishedAt < b.finishedAt ? -1 : 1;
	}
	return b.credited - a.credited;
}

/** Ranks in input order: 1, 2, 2, 4. */
export function rankUnits(units: readonly Rankable[]): number[] {
	const order = units.map((_, i) => i).sort((i, j) => compareForRanking(units[i], units[j]) || i - j);
	const ranks = new Array<number>(units.length);
	for (let position = 0; position < order.length; position++) {
		const index = order[position];
		const previous = order[position - 1];
		ranks[index] = position > 0 && compareForRanking(units[previous], units[index]) === 0 ? ranks[previous] : position + 1;
	}
	return ranks;
}
