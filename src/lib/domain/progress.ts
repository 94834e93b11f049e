/**
 * Completion figures of DESIGN §4. Sums run per commune and record type, so one
 * commune's surplus never hides another's deficit.
 */

/** One commune and record type: its target T and raw done D. */
export interface Cell {
	target: number;
	done: number;
}

export interface Totals {
	target: number; // ΣT
	done: number; // ΣD, raw
	credited: number; // ΣC, C = min(D, T)
	remaining: number; // ΣR, R = T − C
	pct: number; // ΣC / ΣT, 1 when ΣT = 0
	overTarget: number; // cells with D > T
}

export function credited(cell: Cell): number {
	return Math.min(cell.done, cell.target);
}

export function remaining(cell: Cell): number {
	return cell.target - credited(cell);
}

export function completion(creditedSum: number, targetSum: number): number {
	return targetSum === 0 ? 1 : creditedSum / targetSum;
}

export function totalsOf(cells: Iterable<Cell>): Totals {
	let target = 0;
	let done = 0;
	let creditedSum = 0;
	let overTarget = 0;
	for (const cell of cells) {
		target += cell.target;
		done += cell.done;
		creditedSum += credited(cell);
		if (cell.done > cell.target) overTarget++;
	}
	return {
		target,
		done,
		credited: creditedSum,
		remaining: target - creditedSum,
		pct: completion(creditedSum, target),
		overTarget
	};
}
