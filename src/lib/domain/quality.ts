/**
 * Data-quality flags (issue 5): what a district head or an admin should look at before
 * trusting the figures. Pure: the caller passes the log of the recent past in force order.
 */
import { formatCount } from './format';
import { isCorrection } from './progress';

export type FlagKind = 'over_target' | 'correction' | 'jump' | 'silent';

export const FLAG_LABELS: Record<FlagKind, string> = {
	over_target: 'Vượt chỉ tiêu',
	correction: 'Đính chính giảm',
	jump: 'Tăng đột biến',
	silent: 'Chưa báo cáo từ lần chốt trước'
};

/** A jump is an increase above JUMP_FACTOR × the cell's usual daily pace and above JUMP_FLOOR records. */
export const JUMP_FACTOR = 5;
export const JUMP_FLOOR = 200;
const DAY = 86_400_000;

export interface QualityFlag {
	kind: FlagKind;
	communeId: number;
	recordType: string | null;
	at: string | null;
	detail: string;
}

export interface QualityInput {
	communeIds: number[];
	/** Targets and values in force now, by `communeId|recordType`. */
	targets: Map<string, number>;
	current: Map<string, number>;
	/** Reports of the counted stage from a little before `since`, in force order. */
	reports: { communeId: number; recordType: string; asOf: string; receivedAt: string; cumulative: number; note: string | null }[];
	/** Corrections and jumps received from this instant on are flagged. */
	since: string;
	/** The roll-call of the newest scheduled snapshot (DESIGN §4): commune id → asOf of its newest figure, null if none. */
	rollCall: Map<number, string | null>;
}

export function qualityFlags(input: QualityInput): QualityFlag[] {
	const flags: QualityFlag[] = [];
	for (const [key, value] of input.current) {
		const target = input.targets.get(key) ?? 0;
		if (value <= target) continue;
		const [communeId, recordType] = key.split('|');
		flags.push({
			kind: 'over_target',
			communeId: Number(communeId),
			recordType,
			at: null,
			detail: `đã nhập ${formatCount(value)}, chỉ tiêu ${formatCount(target)}: chỉ tiêu có thể ước tính thiếu.`
		});
	}

	const series = new Map<string, { asOf: number; cumulative: number }[]>();
	for (const r of input.reports) {
		const key = `${r.communeId}|${r.recordType}`;
		const points = series.get(key) ?? [];
		series.set(key, points);
		const previous = points.at(-1);
		const asOf = Date.parse(r.asOf);
		points.push({ asOf, cumulative: r.cumulative });
		if (!previous || r.receivedAt < input.since) continue;
		if (isCorrection(previous.cumulative, r.cumulative)) {
			flags.push({
				kind: 'correction',
				communeId: r.communeId,
				recordType: r.recordType,
				at: r.receivedAt,
				detail: `${formatCount(previous.cumulative)} → ${formatCount(r.cumulative)}${r.note ? `: ${r.note}` : ''}`
			});
			continue;
		}
		// Usual pace: progress over the week before this report (at least a day of history).
		const weekAgo = points.findLast((p) => p.asOf <= asOf - 7 * DAY) ?? points[0];
		const days = Math.max(1, (previous.asOf - weekAgo.asOf) / DAY);
		const usual = Math.max(0, previous.cumulative - weekAgo.cumulative) / days;
		const change = r.cumulative - previous.cumulative;
		if (change > JUMP_FLOOR && change > JUMP_FACTOR * usual)
			flags.push({
				kind: 'jump',
				communeId: r.communeId,
				recordType: r.recordType,
				at: r.receivedAt,
				detail: `tăng ${formatCount(change)} trong một lần, trong khi bình thường khoảng ${formatCount(Math.round(usual))}/ngày.`
			});
	}

	for (const id of input.communeIds) {
		if (!input.rollCall.has(id)) continue;
		const last = input.rollCall.get(id) ?? null;
		flags.push({ kind: 'silent', communeId: id, recordType: null, at: last, detail: last ? 'còn việc, không gửi báo cáo nào từ lần chốt trước.' : 'còn việc, chưa từng báo cáo.' });
	}
	return flags;
}
