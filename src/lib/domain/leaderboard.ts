/**
 * Leaderboards for emulation (issue 7): the units of one level ranked as in a snapshot
 * (DESIGN §4: pct, then finish time, then credited; ties share a rank, 1, 2, 2, 4), with
 * their movement since the previous snapshot and marks for the first to finish. Pure.
 */
import type { LevelWords } from './levels';
import type { Level } from './evaluate';
import { figureOf, unitsOf, type SnapshotData, type SnapshotFigure } from './snapshot';

export interface LeaderRow extends SnapshotFigure {
	code: string;
	name: string;
	parentCode: string | null;
	parentName: string | null;
	/** The first unit of its level to finish in the province (all of them on a tie). */
	firstInProvince: boolean;
	/** The first to finish among the units of the same parent (communes of a district). */
	firstInParent: boolean;
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

export function leaderboard(data: SnapshotData, q: LeaderboardQuery): LeaderRow[] {
	const recordType = q.recordType ?? '';
	const byKey = new Map(data.units.map((u) => [u.key, u]));
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
				firstInParent: q.level === 'commune' && f.finishedAt !== null && f.target > 0 && f.finishedAt === first
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
