/**
 * Leaderboards for emulation (issue 7): the units of one level ranked as in a snapshot
 * (DESIGN §4: pct, then finish time, then credited; ties share a rank, 1, 2, 2, 4), with
 * their movement since the previous snapshot and marks for the first to finish. Pure.
 */
import type { LevelWords } from './levels';
import type { Level } from './evaluate';
import { bracketRanks, improvements } from './emulation';
import { figureKey, figureOf, unitsOf, type SnapshotData, type SnapshotFigure } from './snapshot';

export interface LeaderRow extends SnapshotFigure {
	code: string;
	name: string;
	parentCode: string | null;
	parentName: string | null;
	/** The first unit of its level to finish in the province (all of them on a tie). */
	firstInProvince: boolean;
	/** The first to finish among the units of the same parent (communes of a district). */
	firstInParent: boolean;
	/** Δpct since the previous scheduled snapshot, in percentage points; null without one. */
	improvement: number | null;
	/** Place by improvement (1, 2, 2, 4); null for units with T = 0 or no previous figure. */
	improvementRank: number | null;
	/** Size bracket by ΣT (index from 0); null when the campaign sets no thresholds. */
	bracket: number | null;
	/** Place within the bracket by the ranking rule; null without brackets. */
	bracketRank: number | null;
	/** Consecutive counting days on which the quota was met; null when not computed. */
	streak: number | null;
}

/** What fairer emulation adds to a snapshot's figures (issue 27); all optional. */
export interface EmulationFigures {
	/** The previous scheduled snapshot's figures, by figureKey; null when there is none. */
	previous: ReadonlyMap<string, { credited: number; target: number }> | null;
	/** Ascending backlog thresholds of the size brackets; [] for none. */
	thresholds: readonly number[];
	/** Streaks by figureKey(unitKey, recordType). */
	streaks: ReadonlyMap<string, number> | null;
}

export interface LeaderboardQuery {
	level: Level;
	recordType?: string; // '' or undefined: all types
	/** Only the units under this parent; ranks stay those of the whole level. */
	parentKey?: string;
}

function earliest(rows: SnapshotFigure[]): string | null {
	let first: string | null = null;
	for (const r of rows) if (r.finishedAt && r.target > 0 && (first === null || r.finishedAt < first)) first = r.finishedAt;
	return first;
}

export function leaderboard(data: SnapshotData, q: LeaderboardQuery, emulation?: EmulationFigures): LeaderRow[] {
	const recordType = q.recordType ?? '';
	const byKey = new Map(data.units.map((u) => [u.key, u]));
	// Improvement and bracket places are among all units of the level, seen by the reader or not.
	const level = emulation ? [...data.figures.values()].filter((f) => f.level === q.level && f.recordType === recordType) : [];
	const improved = improvements(
		level.map((f) => ({ key: f.unitKey, credited: f.credited, target: f.target, before: emulation?.previous?.get(figureKey(f.unitKey, recordType)) ?? null }))
	);
	const brackets = bracketRanks(
		level.map((f) => ({ ...f, key: f.unitKey })),
		emulation?.thresholds ?? []
	);
	const all = unitsOf(data, q.level).flatMap((u) => {
		const f = figureOf(data, u.key, recordType);
		return f ? [{ unit: u, f }] : [];
	});
	const firstOverall = earliest(all.map((x) => x.f));
	const firstByParent = new Map<string | null, string | null>();
	for (const parent of new Set(all.map((x) => x.unit.parentKey))) {
		firstByParent.set(parent, earliest(all.filter((x) => x.unit.parentKey === parent).map((x) => x.f)));
	}
	return all
		.filter((x) => q.parentKey === undefined || x.unit.parentKey === q.parentKey)
		.map(({ unit, f }) => {
			const parent = unit.parentKey ? byKey.get(unit.parentKey) : undefined;
			const first = firstByParent.get(unit.parentKey) ?? null;
			return {
				...f,
				code: unit.code,
				name: unit.name,
				parentCode: parent?.code ?? null,
				parentName: parent?.name ?? null,
				firstInProvince: f.finishedAt !== null && f.target > 0 && f.finishedAt === firstOverall,
				firstInParent: q.level === 'commune' && f.finishedAt !== null && f.target > 0 && f.finishedAt === first,
				improvement: improved.get(f.unitKey)?.points ?? null,
				improvementRank: improved.get(f.unitKey)?.rank ?? null,
				bracket: brackets.get(f.unitKey)?.bracket ?? null,
				bracketRank: brackets.get(f.unitKey)?.rank ?? null,
				streak: emulation?.streaks?.get(figureKey(f.unitKey, recordType)) ?? null
			};
		})
		.sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));
}

/** The mark a leaderboard shows beside a unit that finished first. */
export function markOf(r: LeaderRow, words: LevelWords): string {
	if (r.firstInProvince) return 'Về đích đầu tiên toàn tỉnh';
	if (r.firstInParent) return `Về đích đầu tiên của ${words.middleShort}`;
	return '';
}
