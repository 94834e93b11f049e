/**
 * Checking a batch of reported counts (DESIGN §4, §8) before anything is written: every
 * entry is validated against the campaign and the cell's previous value, and each problem
 * says where it is. Pure: the caller loads the campaign, the sender's communes and the
 * values in force.
 */
import type { Problem } from './errors';
import { formatCount } from './format';
import { isCorrection } from './progress';

export const MAX_REPORTED_VALUE = 10_000_000;
export const MAX_TARGET = 10_000_000;
export const MAX_TARGET_MULTIPLE = 10;
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_BATCH = 20_000;
const MAX_NOTE = 500;

export interface ReportContext {
	now: Date;
	campaignStart: Date;
	recordTypes: Set<string>;
	stages: Set<string>;
	defaultStage: string;
	/** Every commune of the campaign by code; `mine` when the sender may report for it. */
	communes: Map<string, { id: number; name: string; mine: boolean }>;
	keys: CellKeys;
	/** The value in force before this batch, by `keys.cell`, and the target by `keys.target`. */
	previous: Map<number, number>;
	targets: Map<number, number>;
}

/**
 * Numbers naming a campaign's cells (commune × record type × stage) and target cells
 * (commune × record type), for maps: a national batch looks up 120.000 of them, and a
 * number, unlike a joined string, costs nothing to build. Undefined for a record type or
 * a stage that is not the campaign's.
 */
export interface CellKeys {
	cell(communeId: number, recordType: string, stage: string): number | undefined;
	target(communeId: number, recordType: string): number | undefined;
}

export function cellKeys(recordTypes: readonly string[], stages: readonly string[]): CellKeys {
	const typeIndex = new Map(recordTypes.map((code, i) => [code, i]));
	const stageIndex = new Map(stages.map((code, i) => [code, i]));
	const target = (communeId: number, recordType: string) => {
		const t = typeIndex.get(recordType);
		return t === undefined ? undefined : communeId * recordTypes.length + t;
	};
	return {
		target,
		cell(communeId, recordType, stage) {
			const t = target(communeId, recordType);
			const s = stageIndex.get(stage);
			return t === undefined || s === undefined ? undefined : t * stages.length + s;
		}
	};
}

export interface CheckedReport {
	communeId: number;
	communeCode: string;
	recordType: string;
	stage: string;
	asOf: string; // ISO, UTC
	cumulative: number;
	delta: number | null;
	previous: number | null;
	note: string | null;
}

export interface CheckedBatch {
	reports: CheckedReport[];
	problems: Problem[];
	/** Entries naming a commune the sender may not report for: a refusal of the sender, not of the data. */
	outOfScope: Problem[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function wholeNumber(value: unknown): number | string {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 'phải là một số nguyên (không phải chữ, NaN hay vô cực).';
	if (!Number.isInteger(value)) return 'phải là số nguyên, không có phần thập phân.';
	if (!Number.isSafeInteger(value)) return 'quá lớn.';
	return value;
}

/**
 * A batch check that can be run one entry at a time (`check(i)` for i below `size`), so
 * that the server can answer other requests while it checks 60.000 entries.
 */
export interface BatchCheck {
	readonly size: number;
	check(i: number): void;
	result(): CheckedBatch;
}

/** Checks a `{reports: […]}` body; problems name the field, e.g. `reports[3].cumulative`. */
export function checkReportBatch(raw: unknown, ctx: ReportContext, opts?: BatchCheckOptions): CheckedBatch {
	const batch = startBatchCheck(raw, ctx, opts);
	for (let i = 0; i < batch.size; i++) batch.check(i);
	return batch.result();
}

const at = (i: number, name: string) => `reports[${i}]${name ? `.${name}` : ''}`;

/** The check of a batch, entry by entry; `checkReportBatch` runs it whole. */
export interface BatchCheckOptions {
	maxBatch?: number;
	/** Only the problems, no checked reports: a file's preview writes nothing. */
	problemsOnly?: boolean;
}

export function startBatchCheck(raw: unknown, ctx: ReportContext, { maxBatch = MAX_BATCH, problemsOnly = false }: BatchCheckOptions = {}): BatchCheck {
	const problems: Problem[] = [];
	const outOfScope: Problem[] = [];
	const list = isRecord(raw) ? raw.reports : undefined;
	const refused = (message: string): BatchCheck => ({ size: 0, check: () => {}, result: () => ({ reports: [], outOfScope, problems: [{ field: 'reports', message }] }) });
	if (!Array.isArray(list) || list.length === 0) return refused('cần một danh sách báo cáo không rỗng: {"reports": [{commune, recordType, cumulative hoặc delta}]}.');
	if (list.length > maxBatch) return refused(`tối đa ${formatCount(maxBatch)} báo cáo mỗi lần gửi.`);

	const reports: CheckedReport[] = [];
	const seen = new Map<number, number>();
	const nowIso = ctx.now.toISOString();
	// One function for every entry, not a closure per entry: a national file has 60.000.
	const problem = (i: number, name: string, message: string) => problems.push({ field: at(i, name), entry: i, message });
	const check = (i: number) => {
		const entry: unknown = list[i];
		if (!isRecord(entry)) return problem(i, '', 'mỗi báo cáo là một đối tượng {commune, recordType, …}.');

		const code = typeof entry.commune === 'string' ? entry.commune.trim() : '';
		const commune = ctx.communes.get(code);
		if (!commune) return problem(i, 'commune', code ? `không có xã mã «${code}» trong đợt số hóa này.` : 'thiếu mã xã.');
		if (!commune.mine) return void outOfScope.push({ field: at(i, 'commune'), entry: i, message: `bạn không có quyền báo cáo cho ${commune.name} (mã ${code}).` });

		const recordType = typeof entry.recordType === 'string' ? entry.recordType : '';
		if (!ctx.recordTypes.has(recordType))
			return problem(i, 'recordType', `loại việc «${String(entry.recordType ?? '')}» không thuộc đợt này (${[...ctx.recordTypes].join(', ')}).`);
		const stage = entry.stage === undefined ? ctx.defaultStage : String(entry.stage);
		if (!ctx.stages.has(stage)) return problem(i, 'stage', `giai đoạn «${stage}» không thuộc đợt này.`);

		let asOf: Date | null = null;
		if (entry.asOf !== undefined) {
			const text = typeof entry.asOf === 'string' ? entry.asOf : '';
			const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : null;
			if (!parsed || Number.isNaN(parsed.getTime())) return problem(i, 'asOf', 'thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2024-12-10T17:00:00+07:00.');
			if (parsed < ctx.campaignStart) return problem(i, 'asOf', 'thời điểm trước ngày bắt đầu đợt số hóa.');
			if (parsed.getTime() > ctx.now.getTime() + MAX_FUTURE_MS) return problem(i, 'asOf', 'thời điểm ở tương lai (muộn hơn giờ máy chủ quá 5 phút).');
			asOf = parsed;
		}

		const key = ctx.keys.cell(commune.id, recordType, stage)!;
		const repeated = seen.get(key);
		if (repeated !== undefined) return problem(i, '', `xã ${code}, loại việc ${recordType} đã có ở reports[${repeated}]; mỗi ô chỉ gửi một lần.`);
		seen.set(key, i);

		const hasCumulative = entry.cumulative !== undefined && entry.cumulative !== null;
		const hasDelta = entry.delta !== undefined && entry.delta !== null;
		if (hasCumulative === hasDelta) return problem(i, '', 'cần đúng một trong hai: cumulative (lũy kế) hoặc delta (số tăng thêm).');
		const previous = ctx.previous.get(key) ?? null;
		const number = wholeNumber(hasCumulative ? entry.cumulative : entry.delta);
		if (typeof number === 'string') return problem(i, hasCumulative ? 'cumulative' : 'delta', number);
		const cumulative = hasCumulative ? number : (previous ?? 0) + number;
		if (cumulative < 0) return problem(i, hasCumulative ? 'cumulative' : 'delta', hasCumulative ? 'không được âm.' : `lũy kế sau khi cộng (${formatCount(cumulative)}) bị âm.`);
		const target = ctx.targets.get(ctx.keys.target(commune.id, recordType)!) ?? 0;
		if (cumulative > MAX_REPORTED_VALUE)
			return problem(i, hasCumulative ? 'cumulative' : 'delta', `lũy kế ${formatCount(cumulative)} vượt mức tối đa ${formatCount(MAX_REPORTED_VALUE)}.`);
		if (target > 0 && cumulative > MAX_TARGET_MULTIPLE * target)
			return problem(i, hasCumulative ? 'cumulative' : 'delta', `lũy kế ${formatCount(cumulative)} lớn hơn 10 lần chỉ tiêu (${formatCount(target)}); hãy kiểm tra lại.`);

		const note = typeof entry.note === 'string' ? entry.note.normalize('NFC').trim() : '';
		if (note.length > MAX_NOTE) return problem(i, 'note', `ghi chú dài tối đa ${MAX_NOTE} ký tự.`);
		if (isCorrection(previous, cumulative) && !note)
			return problem(i, 'note', `giá trị ${formatCount(cumulative)} thấp hơn trước (${formatCount(previous)}) là một đính chính: cần ghi lý do.`);

		if (!problemsOnly)
			reports.push({
				communeId: commune.id,
				communeCode: code,
				recordType,
				stage,
				asOf: asOf ? asOf.toISOString() : nowIso,
				cumulative,
				delta: hasDelta ? number : null,
				previous,
				note: note || null
			});
	};
	return { size: list.length, check, result: () => ({ reports: problems.length || outOfScope.length ? [] : reports, problems, outOfScope }) };
}
