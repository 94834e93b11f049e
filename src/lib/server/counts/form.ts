/**
 * The commune form (issue 5): one field per record type, a cumulative value or an
 * increment, a preview of before → after, then a confirmation carrying the form's
 * idempotency key, so that a double tap or a resent form counts once.
 */
import type { Actor } from '$lib/domain/access';
import { parseCount } from '$lib/domain/count-sheet';
import { ValidationError, type Problem } from '$lib/domain/errors';
import { completion, credited, isCorrection } from '$lib/domain/progress';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { CampaignCommune } from '../campaigns/access';
import { listCampaignRecordTypes, primaryStage } from '../campaigns/repository';
import { communeCells } from './repository';
import { checkReports, submitReports } from './service';

export type EntryMode = 'cumulative' | 'delta';

export interface FormEntry {
	mode: EntryMode;
	values: Record<string, string>; // as typed, by record type
	note: string;
	key: string;
	/** When an entry made offline was made (ISO); empty for an entry sent as it is made. */
	asOf: string;
}

/** What the form shows for each record type: target, value in force and when it was reported. */
export async function communeSheet(db: Database, campaign: Campaign, commune: CampaignCommune) {
	const stage = await primaryStage(db, campaign.id);
	const [recordTypes, cells] = await Promise.all([listCampaignRecordTypes(db, campaign.id), communeCells(db, campaign.id, commune.id, stage)]);
	const targetOf = new Map(cells.targets.map((t) => [t.record_type, t.target]));
	const valueOf = new Map(cells.values.map((v) => [v.record_type, v]));
	return recordTypes.map((r) => {
		const v = valueOf.get(r.code);
		return {
			code: r.code,
			name: r.name,
			target: targetOf.get(r.code) ?? 0,
			current: v?.cumulative ?? null,
			asOf: v?.as_of ?? null,
			author: v?.author ?? null,
			source: v?.source ?? null
		};
	});
}

/** The posted form: one `v:<record type>` field per type; fields of unknown types are ignored later. */
export function readEntry(form: FormData): FormEntry {
	const values: Record<string, string> = {};
	for (const [name, value] of form) if (name.startsWith('v:') && typeof value === 'string') values[name.slice(2)] = value.trim();
	return {
		mode: form.get('mode') === 'delta' ? 'delta' : 'cumulative',
		values,
		note: String(form.get('note') ?? ''),
		key: String(form.get('key') ?? ''),
		asOf: String(form.get('asOf') ?? '').trim()
	};
}

/** The form as a report batch; problems name the field of the record type. */
function batchOf(entry: FormEntry, commune: CampaignCommune, recordTypes: { code: string; name: string }[]) {
	const problems: Problem[] = [];
	const reports: { commune: string; recordType: string; cumulative?: number; delta?: number; note?: string; asOf?: string }[] = [];
	for (const r of recordTypes) {
		const text = entry.values[r.code] ?? '';
		if (text === '') continue;
		const value = parseCount(text);
		if (typeof value === 'string') problems.push({ field: `v:${r.code}`, message: `${r.name}: ${value}` });
		else
			reports.push({
				commune: commune.code,
				recordType: r.code,
				[entry.mode]: value,
				...(entry.note.trim() ? { note: entry.note } : {}),
				...(entry.asOf ? { asOf: entry.asOf } : {})
			});
	}
	if (problems.length) throw new ValidationError('Có ô chưa đúng; chưa có gì được ghi.', problems);
	if (reports.length === 0) throw new ValidationError('Chưa nhập số nào: hãy điền ít nhất một loại việc.');
	return { reports, recordTypeAt: (i: number) => recordTypes.find((r) => r.code === reports[i]?.recordType) };
}

/** Runs a check or a write, naming the record type in each refusal. */
async function withTypeNames<T>(batch: ReturnType<typeof batchOf>, body: () => Promise<T>): Promise<T> {
	try {
		return await body();
	} catch (e) {
		if (!(e instanceof ValidationError)) throw e;
		throw new ValidationError(
			'Chưa có gì được ghi: hãy sửa các ô dưới đây.',
			e.problems.map((p) => {
				const r = p.entry === undefined ? undefined : batch.recordTypeAt(p.entry);
				return r ? { field: p.field?.endsWith('.note') ? 'note' : p.field?.endsWith('.asOf') ? undefined : `v:${r.code}`, message: `${r.name}: ${p.message}` } : p;
			})
		);
	}
}

export async function previewEntry(db: Database, actor: Actor, campaign: Campaign, commune: CampaignCommune, entry: FormEntry) {
	const sheet = await communeSheet(db, campaign, commune);
	const batch = batchOf(entry, commune, sheet);
	const checked = await withTypeNames(batch, () => checkReports(db, actor, campaign, { reports: batch.reports }));
	return checked.map((c) => {
		const row = sheet.find((s) => s.code === c.recordType)!;
		return {
			code: c.recordType,
			name: row.name,
			before: c.previous,
			after: c.cumulative,
			pct: completion(credited({ done: c.cumulative, target: row.target }), row.target),
			correction: isCorrection(c.previous, c.cumulative)
		};
	});
}

export async function submitEntry(db: Database, actor: Actor, campaign: Campaign, commune: CampaignCommune, entry: FormEntry) {
	const recordTypes = await listCampaignRecordTypes(db, campaign.id);
	const batch = batchOf(entry, commune, recordTypes);
	return withTypeNames(batch, () => submitReports(db, actor, campaign, { reports: batch.reports }, { source: 'form', idempotencyKey: entry.key }));
}
