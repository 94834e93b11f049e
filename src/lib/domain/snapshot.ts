/**
 * What a snapshot adds to the figures of an instant (DESIGN §4): the change since the
 * previous snapshot and the flag for units with no report since then. Pure.
 */
import type { ProgressRow } from './evaluate';
import type { Capacity } from './capacity';
import { fileStamp } from './time';

export interface PreviousFigure {
	credited: number;
	rank: number | null;
}

export interface SnapshotFigure extends ProgressRow {
	/** Credited records gained since the previous snapshot; null without one. */
	creditedChange: number | null;
	/** Places gained since the previous snapshot (2 = up two places); null when new. */
	rankChange: number | null;
	noReportSincePrevious: boolean;
}

export const figureKey = (unitKey: string, recordType: string) => `${unitKey}|${recordType}`;

/**
 * Adds the changes since the previous scheduled snapshot, and the roll-call flag (DESIGN §4
 * "Roll-call"): a unit is flagged when none of its communes is in `reported`, the units
 * from which a report was received since the previous scheduled snapshot (see
 * `reportedUnits`). Without `reported` nothing is flagged.
 */
export function withChanges(
	rows: ProgressRow[],
	previous: { slotAt: string; figures: Map<string, PreviousFigure> } | null,
	reported: ReadonlySet<string> | null
): SnapshotFigure[] {
	return rows.map((r) => {
		const before = previous?.figures.get(figureKey(r.unitKey, r.recordType));
		return {
			...r,
			creditedChange: before ? r.credited - before.credited : null,
			rankChange: before && before.rank !== null ? before.rank - r.rank : null,
			noReportSincePrevious: reported !== null && !reported.has(r.unitKey)
		};
	});
}

export interface SnapshotUnit {
	key: string;
	code: string;
	name: string;
	level: ProgressRow['level'];
	parentKey: string | null;
}

/** One stored snapshot with its units, as report builders and pages read it. */
export interface SnapshotData {
	id: number;
	campaignCode: string;
	campaignName: string;
	provinceName: string;
	timeZone: string;
	slotAt: string;
	kind: string; // scheduled, late, adhoc
	takenAt: string;
	durationMs: number;
	previousSlotAt: string | null;
	recordTypes: { code: string; name: string }[];
	/** Province, middle level, communes, each in code order. */
	units: SnapshotUnit[];
	/** By figureKey(unitKey, recordType); the total has record type ''. */
	figures: Map<string, SnapshotFigure>;
	/** Machines × shifts in force at the slot, by commune key ('' for the campaign's default), when loaded (issue 27). */
	capacities?: ReadonlyMap<string, Capacity>;
}

/**
 * A campaign's figures at an instant (not a stored snapshot), shaped like a snapshot's,
 * with the change since `previous`: what the pages show when a reader travels in time.
 */
export function instantSnapshot(input: {
	campaign: { code: string; name: string; timeZone: string };
	provinceName: string;
	at: Date;
	progress: { rows: ProgressRow[]; recordTypes: { code: string; name: string }[]; units: SnapshotUnit[] };
	previous: { slotAt: string; figures: Map<string, PreviousFigure> } | null;
}): SnapshotData {
	const { campaign, progress, previous } = input;
	const figures = new Map<string, SnapshotFigure>();
	for (const f of withChanges(progress.rows, previous, null)) figures.set(figureKey(f.unitKey, f.recordType), f);
	return {
		id: 0,
		campaignCode: campaign.code,
		campaignName: campaign.name,
		provinceName: input.provinceName,
		timeZone: campaign.timeZone,
		slotAt: input.at.toISOString(),
		kind: 'instant',
		takenAt: new Date().toISOString(),
		durationMs: 0,
		previousSlotAt: previous?.slotAt ?? null,
		recordTypes: progress.recordTypes.map((t) => ({ code: t.code, name: t.name })),
		units: progress.units.map((u) => ({ key: u.key, code: u.code, name: u.name, level: u.level, parentKey: u.parentKey })),
		figures
	};
}

export const KIND_LABELS: Record<string, string> = { scheduled: 'Theo lịch', late: 'Chốt muộn', adhoc: 'Chốt đột xuất' };

/** The units of a level, optionally under one parent, in code order. */
export function unitsOf(data: SnapshotData, level: ProgressRow['level'], parentKey?: string): SnapshotUnit[] {
	return data.units.filter((u) => u.level === level && (parentKey === undefined || u.parentKey === parentKey));
}

/** The root of a snapshot's units: its province, or the nation of a national campaign (issue 29). */
export function rootUnit(data: SnapshotData): SnapshotUnit | undefined {
	return data.units.find((u) => u.parentKey === null);
}

/** The level under the root: the provinces of a national campaign, else the middle level. */
export function topLevel(data: SnapshotData): 'province' | 'district' | 'group' {
	return rootUnit(data)?.level === 'nation' ? 'province' : middleLevel(data);
}

/** The middle level of a snapshot: districts, or groups in a 2-level province. */
export function middleLevel(data: SnapshotData): 'district' | 'group' {
	return data.units.some((u) => u.level === 'group') ? 'group' : 'district';
}

export function figureOf(data: SnapshotData, unitKey: string, recordType = ''): SnapshotFigure | undefined {
	return data.figures.get(figureKey(unitKey, recordType));
}

/** "▲2", "▼1", "=" or "mới". */
export function movementLabel(rankChange: number | null): string {
	if (rankChange === null) return 'mới';
	if (rankChange > 0) return `▲${rankChange}`;
	if (rankChange < 0) return `▼${-rankChange}`;
	return '=';
}

/**
 * The name of a file made from a snapshot, stamped in the campaign's local time:
 * `bao-cao-thaibinh-186-2024-12-10-1130.xlsx`, or with the unit's code for a district's or group's.
 */
export function snapshotFileName(data: Pick<SnapshotData, 'campaignCode' | 'slotAt' | 'timeZone'>, unitCode: string | null, ext: string, prefix = 'bao-cao'): string {
	return `${prefix}-${data.campaignCode}${unitCode ? `-${unitCode}` : ''}-${fileStamp(data.slotAt, data.timeZone)}.${ext}`;
}
