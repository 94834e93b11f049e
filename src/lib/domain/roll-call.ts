/**
 * The roll-call (DESIGN §4 "Roll-call", issue 25 item 5): at a snapshot, the communes with
 * work left from which no report was received since the previous scheduled snapshot (since
 * the campaign's start for the first). The one definition behind every page, file, text and
 * mail that says "chưa báo cáo". Pure.
 */
import { TOTAL } from './evaluate';
import { formatCount, formatDate } from './format';
import { wordsOfMiddle } from './levels';
import { figureOf, unitsOf, type SnapshotData, type SnapshotUnit } from './snapshot';
import { localDateOf, localParts } from './time';

/**
 * The units from which a report was received in the window: the reporting communes and
 * every unit above them. What a snapshot's flag (`withChanges`) is computed from.
 */
export function reportedUnits(units: readonly { key: string; parentKey: string | null }[], reportingCommunes: Iterable<string>): Set<string> {
	const parentOf = new Map(units.map((u) => [u.key, u.parentKey]));
	const reported = new Set<string>();
	for (const commune of reportingCommunes) {
		for (let k: string | null | undefined = commune; k && !reported.has(k); k = parentOf.get(k)) reported.add(k);
	}
	return reported;
}

export interface RollCallCommune {
	key: string;
	code: string;
	name: string;
	parentName: string | null;
	/** The asOf of its newest figure in force at the snapshot; null when it never reported. */
	lastReportAt: string | null;
}

export interface RollCall {
	/** The snapshot it belongs to. */
	snapshotId: number;
	slotAt: string;
	/** The previous scheduled snapshot's slot; null: since the campaign's start. */
	since: string | null;
	/** Communes with work left, under the unit (M of "N/M"). */
	pending: number;
	/** Those of them silent since `since` (N), in their parent's and then their own code order. */
	missing: RollCallCommune[];
}

/** The roll-call of a snapshot, for the whole province or under one unit. */
export function rollCallOf(data: SnapshotData, unitKey?: string): RollCall {
	const byKey = new Map(data.units.map((u) => [u.key, u]));
	const under = (u: SnapshotUnit) => {
		if (unitKey === undefined) return true;
		for (let k: string | null = u.key; k; k = byKey.get(k)?.parentKey ?? null) if (k === unitKey) return true;
		return false;
	};
	let pending = 0;
	const missing: RollCallCommune[] = [];
	// Communes come in code order; grouping by parent keeps a district's communes together.
	const parents = new Map<string | null, SnapshotUnit[]>();
	for (const c of unitsOf(data, 'commune')) {
		if (!under(c)) continue;
		const list = parents.get(c.parentKey) ?? [];
		list.push(c);
		parents.set(c.parentKey, list);
	}
	const parentOrder = [...parents.keys()].sort((a, b) => (byKey.get(a ?? '')?.code ?? '').localeCompare(byKey.get(b ?? '')?.code ?? ''));
	for (const parentKey of parentOrder) {
		for (const c of parents.get(parentKey)!) {
			const f = figureOf(data, c.key, TOTAL);
			if (!f || f.remaining <= 0) continue;
			pending++;
			if (f.noReportSincePrevious)
				missing.push({ key: c.key, code: c.code, name: c.name, parentName: parentKey ? (byKey.get(parentKey)?.name ?? null) : null, lastReportAt: f.lastReportAt });
		}
	}
	return { snapshotId: data.id, slotAt: data.slotAt, since: data.previousSlotAt, pending, missing };
}

/** "06:00" when `since` falls on the slot's local day, else "23:00 ngày 09/12/2024"; "đầu đợt" for the first. */
export function sinceLabel(rollCall: Pick<RollCall, 'since' | 'slotAt'>, timeZone: string): string {
	if (rollCall.since === null) return 'đầu đợt';
	const since = new Date(rollCall.since);
	const p = localParts(since, timeZone);
	const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
	const day = localDateOf(since, timeZone);
	return day === localDateOf(new Date(rollCall.slotAt), timeZone) ? time : `${time} ngày ${formatDate(day)}`;
}

/**
 * The roll-call's headline, without a full stop: "Còn 3/130 xã chưa báo cáo từ 06:00", or that
 * every commune with work left has reported, or that none has work left.
 */
export function rollCallHeadline(
	rollCall: Pick<RollCall, 'since' | 'slotAt' | 'pending'> & { missing: number | unknown[] },
	timeZone: string,
	middle: 'district' | 'group' = 'district'
): string {
	const w = wordsOfMiddle(middle);
	const since = sinceLabel(rollCall, timeZone);
	const missing = typeof rollCall.missing === 'number' ? rollCall.missing : rollCall.missing.length;
	if (rollCall.pending === 0) return `Tất cả các ${w.commune} đã hoàn thành`;
	if (missing === 0) return `Cả ${formatCount(rollCall.pending)} ${w.commune} còn việc đều đã báo cáo từ ${since}`;
	return `Còn ${formatCount(missing)}/${formatCount(rollCall.pending)} ${w.commune} chưa báo cáo từ ${since}`;
}
