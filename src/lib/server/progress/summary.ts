import { TOTAL, type ProgressRow } from '$lib/domain/evaluate';
import type { CampaignProgress } from './evaluate';

export interface NamedRow extends ProgressRow {
	code: string;
	name: string;
	parentKey: string | null;
}

/** Rows of one level and record type (TOTAL for all types), named, in code order. */
export function rowsOf(progress: CampaignProgress, level: ProgressRow['level'], recordType = TOTAL): NamedRow[] {
	const units = new Map(progress.units.map((u) => [u.key, u]));
	return progress.rows
		.filter((r) => r.level === level && r.recordType === recordType)
		.map((r) => {
			const u = units.get(r.unitKey)!;
			return { ...r, code: u.code, name: u.name, parentKey: u.parentKey };
		});
}

/** The province row in total and per record type. */
export function provinceSummary(progress: CampaignProgress) {
	const [total] = rowsOf(progress, 'province');
	const byRecordType = progress.recordTypes.map((t) => ({ ...rowsOf(progress, 'province', t.code)[0], code: t.code, name: t.name }));
	return { total, byRecordType };
}
