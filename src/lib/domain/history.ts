/**
 * A commune's history: every report and target revision with the value before it, newest
 * first. Pure: the caller passes the log in force order (asOf, receivedAt, id).
 */
import { isCorrection } from './progress';

export type HistoryKind = 'report' | 'correction' | 'target';

export interface HistoryEntry {
	kind: HistoryKind;
	recordType: string;
	stage: string | null;
	at: string; // when it was received (or the target set)
	asOf: string | null; // the instant a report speaks of
	before: number | null;
	after: number;
	delta: number | null;
	source: string;
	author: string | null;
	note: string | null;
}

interface LoggedReport {
	record_type: string;
	stage: string;
	as_of: string;
	cumulative: number;
	delta: number | null;
	received_at: string;
	source: string;
	note: string | null;
	author: string | null;
}

interface LoggedTarget {
	record_type: string;
	target: number;
	created_at: string;
	source: string;
	note: string | null;
	author: string | null;
}

export function communeHistory(reports: LoggedReport[], targets: LoggedTarget[]): HistoryEntry[] {
	const entries: HistoryEntry[] = [];
	const inForce = new Map<string, number>();
	for (const r of reports) {
		const key = `${r.record_type}|${r.stage}`;
		const before = inForce.get(key) ?? null;
		inForce.set(key, r.cumulative);
		const kind = isCorrection(before, r.cumulative) ? 'correction' : 'report';
		entries.push({
			kind,
			recordType: r.record_type,
			stage: r.stage,
			at: r.received_at,
			asOf: r.as_of,
			before,
			after: r.cumulative,
			delta: r.delta,
			source: r.source,
			author: r.author,
			note: r.note
		});
	}
	const targetOf = new Map<string, number>();
	for (const t of targets) {
		const before = targetOf.get(t.record_type) ?? null;
		targetOf.set(t.record_type, t.target);
		entries.push({
			kind: 'target',
			recordType: t.record_type,
			stage: null,
			at: t.created_at,
			asOf: null,
			before,
			after: t.target,
			delta: null,
			source: t.source,
			author: t.author,
			note: t.note
		});
	}
	return entries.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));
}

export const HISTORY_LABELS: Record<HistoryKind, string> = { report: 'Báo cáo', correction: 'Đính chính giảm', target: 'Chỉ tiêu' };
