/**
 * A campaign's figures read on another hierarchy version (DESIGN §4 "Figures across
 * hierarchy versions"): the cells of the old communes carried onto the new communes they
 * went into, whole or in part, so that the same evaluation (R, pct, quota, pace, status,
 * rank) runs on the other tree. Pure.
 */
import { apportion } from './apportion';
import { TOTAL, type CellInput, type ProgressRow, type UnitNode } from './evaluate';
import type { HierarchyLink } from './mapping';
import { credited } from './progress';

/** Where one old commune went: its parts, their weights, and whether the weights were declared. */
export interface Split {
	oldCode: string;
	/** The new communes, in the order of the links. */
	parts: string[];
	weights: number[];
	/** Split in parts whose shares were not declared: its figures on the new communes are estimates. */
	undeclared: boolean;
}

/**
 * Each old commune's split. A whole link weighs 1; the parts of a split commune weigh their
 * declared shares when every part declares one, else equal parts (and the split is undeclared).
 */
export function splitsOf(links: readonly HierarchyLink[]): Map<string, Split> {
	const byOld = new Map<string, HierarchyLink[]>();
	for (const l of links) {
		const list = byOld.get(l.oldCode);
		if (list) list.push(l);
		else byOld.set(l.oldCode, [l]);
	}
	const splits = new Map<string, Split>();
	for (const [oldCode, list] of byOld) {
		const undeclared = list.some((l) => !l.whole && l.share === null);
		const weights = undeclared ? list.map(() => 1) : list.map((l) => (l.whole ? 1 : l.share!));
		// Declared shares of zero everywhere would leave nothing to weigh by: equal parts then.
		const usable = weights.some((w) => w > 0) ? weights : list.map(() => 1);
		splits.set(oldCode, { oldCode, parts: list.map((l) => l.newCode), weights: usable, undeclared });
	}
	return splits;
}

/**
 * Splits `total` by `weights` (largest remainder) with no part above its cap; the caps add
 * up to at least `total`. Keeps credited records within each part's target whatever the
 * rounding does (largest remainder is not monotone in its total with unequal weights).
 */
export function apportionWithin(total: number, weights: number[], caps: number[]): number[] {
	const parts = apportion(total, weights);
	let excess = 0;
	for (let i = 0; i < parts.length; i++) {
		if (parts[i] > caps[i]) {
			excess += parts[i] - caps[i];
			parts[i] = caps[i];
		}
	}
	if (excess === 0) return parts;
	// Give the excess to the parts with room, those whose exact share was furthest above their part first.
	const sum = weights.reduce((a, w) => a + w, 0);
	const order = weights.map((w, i) => ({ i, gap: (total * w) / sum - parts[i] })).sort((a, b) => b.gap - a.gap || a.i - b.i);
	for (const { i } of order) {
		const room = Math.min(caps[i] - parts[i], excess);
		parts[i] += room;
		excess -= room;
		if (excess === 0) break;
	}
	if (excess > 0) throw new RangeError('caps below the total');
	return parts;
}

/** One part of an old commune's cell on a new commune: a cell of the new commune for the evaluation. */
export interface MappedCell extends CellInput {
	/** The old commune this part comes from. */
	oldCode: string;
	/** The part rests on an undeclared share (and the old cell holds records to share). */
	estimate: boolean;
}

export interface MappedCells {
	/** Cells keyed by the new commune's code (`communeKey`), one per old cell and part. */
	cells: MappedCell[];
	/** Old communes with figures and no link: their figures are on no new commune. */
	unmapped: string[];
}

/**
 * Carries the cells of old communes (`communeKey` = old code) onto the new communes. For
 * each old cell and record type, target T, credited C = min(D, T) and the surplus D − C are
 * each apportioned over the parts (C within each part's T), so every part keeps C' =
 * min(D', T') and the old commune's T, D and C are kept exactly; the same for the values at
 * the start of the pace window. A part is a separate cell of its new commune, so that the
 * surplus of one old commune never hides the deficit of another within a new one.
 */
export function mapCells(splits: ReadonlyMap<string, Split>, cells: readonly CellInput[]): MappedCells {
	const mapped: MappedCell[] = [];
	const unmapped = new Set<string>();
	for (const cell of cells) {
		const split = splits.get(cell.communeKey);
		if (!split) {
			if (cell.target > 0 || cell.done > 0) unmapped.add(cell.communeKey);
			continue;
		}
		const { parts, weights } = split;
		const estimate = split.undeclared && (cell.target > 0 || cell.done > 0 || cell.doneBefore > 0);
		if (parts.length === 1) {
			mapped.push({ ...cell, communeKey: parts[0], oldCode: split.oldCode, estimate });
			continue;
		}
		const creditedNow = credited(cell);
		const creditedBefore = credited({ done: cell.doneBefore, target: cell.target });
		const targets = apportion(cell.target, weights);
		const creditedParts = apportionWithin(creditedNow, weights, targets);
		const surplus = apportion(cell.done - creditedNow, weights);
		const creditedBeforeParts = apportionWithin(creditedBefore, weights, targets);
		const surplusBefore = apportion(Math.max(0, cell.doneBefore - creditedBefore), weights);
		parts.forEach((newCode, i) => {
			const done = creditedParts[i] + surplus[i];
			const target = targets[i];
			// A part at its target finished when the old cell did (or, rounded there before it, at its last report).
			const finishedAt = target > 0 && done >= target ? (cell.done >= cell.target ? cell.finishedAt : cell.lastReportAt) : null;
			mapped.push({
				communeKey: newCode,
				recordType: cell.recordType,
				target,
				done,
				doneBefore: creditedBeforeParts[i] + surplusBefore[i],
				finishedAt,
				lastReportAt: cell.lastReportAt,
				oldCode: split.oldCode,
				estimate
			});
		});
	}
	return { cells: mapped, unmapped: [...unmapped].sort() };
}

/**
 * The rows resting on an undeclared share, as `unitKey|recordType` keys (the total is
 * `unitKey|`): a unit's figure of a record type is an estimate when it holds a part of an
 * undeclared split old commune's records but not all of its parts. So a new commune holding
 * a part is an estimate, while a group or province holding every part of it is exact.
 * `communeUnitKey` turns a new commune's code into its unit key in `units`.
 */
export function estimateKeys(
	splits: ReadonlyMap<string, Split>,
	cells: readonly MappedCell[],
	units: readonly UnitNode[],
	communeUnitKey: (code: string) => string | undefined
): Set<string> {
	const parentOf = new Map(units.map((u) => [u.key, u.parentKey]));
	const keys = new Set<string>();
	const seen = new Set<string>();
	for (const cell of cells) {
		if (!cell.estimate) continue;
		const once = `${cell.oldCode}|${cell.recordType}`;
		if (seen.has(once)) continue;
		seen.add(once);
		const parts = splits.get(cell.oldCode)!.parts;
		// How many of the split's parts each unit holds, up the tree.
		const held = new Map<string, number>();
		for (const code of parts) {
			for (let key = communeUnitKey(code) ?? null; key !== null; key = parentOf.get(key) ?? null) held.set(key, (held.get(key) ?? 0) + 1);
		}
		for (const [key, count] of held) {
			if (count < parts.length) {
				keys.add(`${key}|${cell.recordType}`);
				keys.add(`${key}|${TOTAL}`);
			}
		}
	}
	return keys;
}

/** The rows with their estimate mark (`estimate: true` where `keys` holds them, false elsewhere). */
export function markEstimates(rows: ProgressRow[], keys: ReadonlySet<string>): ProgressRow[] {
	return rows.map((r) => ({ ...r, estimate: keys.has(`${r.unitKey}|${r.recordType}`) }));
}

/** The mark beside a figure resting on an undeclared share, and its footnote (pages and files alike). */
export const ESTIMATE_MARK = 'ước tính*';
export const ESTIMATE_NOTE =
	'* Ước tính: số liệu gồm phần của xã cũ được chia cho nhiều xã mới mà tỷ lệ chia chưa được công bố, nên tạm chia đều (làm tròn theo phần dư lớn nhất, giữ đúng tổng của xã cũ).';

/**
 * What is left to do on each new commune, per record type: Σ over its parts of T′ − C′
 * (the targets of a campaign carrying the backlog over), with the estimate mark. Over all
 * new communes it adds up to each old commune's remaining exactly.
 */
export function remainingByCommune(cells: readonly MappedCell[]): Map<string, Map<string, { remaining: number; estimate: boolean }>> {
	const result = new Map<string, Map<string, { remaining: number; estimate: boolean }>>();
	for (const c of cells) {
		let byType = result.get(c.communeKey);
		if (!byType) result.set(c.communeKey, (byType = new Map<string, { remaining: number; estimate: boolean }>()));
		const left = c.target - credited(c);
		const entry = byType.get(c.recordType);
		if (entry) {
			entry.remaining += left;
			entry.estimate ||= c.estimate && left > 0;
		} else byType.set(c.recordType, { remaining: left, estimate: c.estimate && left > 0 });
	}
	return result;
}
