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

/** Ranks units 1, 2, 2, 4: sorts the given array into rank order and sets each unit's rank. */
export function sortAndRank<T extends Rankable & { rank: number }>(units: T[]): void {
	units.sort(compareForRanking);
	for (let i = 0; i < units.length; i++) {
		units[i].rank = i > 0 && compareForRanking(units[i - 1], units[i]) === 0 ? units[i - 1].rank : i + 1;
	}
}
