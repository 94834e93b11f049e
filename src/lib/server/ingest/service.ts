/**
 * The file round trip (DESIGN §6: Excel is the lingua franca): a template for a scope, an
 * upload read in a worker and checked in full, a preview of every change and every
 * problem, and a confirmation that writes everything in one transaction or nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '$lib/domain/access';
import { HEADERS, isCountHeader, MAX_SHEET_ROWS, sheetReader, type ReadSheet, type SheetSpec } from '$lib/domain/count-sheet';
import { skippedNote } from '$lib/domain/sheet-layout';
import { LimitError, NotFoundError, ValidationError, type Problem } from '$lib/domain/errors';
import { formatCount, formatDateTime } from '$lib/domain/format';
import { CONFIRMED_UPLOAD_KEPT_MS, MAX_UPLOAD_BYTES, megabytes, pendingUploadRefusal, UNCONFIRMED_UPLOAD_KEPT_MS } from '$lib/domain/limits';
import { MAX_TARGET } from '$lib/domain/report-input';
import { localDateOf } from '$lib/domain/time';
import { buildCountTemplate, TEMPLATE_HEADER_ROW, TEMPLATE_SHEETS, type TemplateKind } from '$reports/count-template';
import { recordAudit } from '../audit/repository';
import { primaryStage } from '../campaigns/repository';
import { setCampaignTargets } from '../campaigns/service';
import type { Conn, Database } from '../db';
import { packItems, unpackItems } from '../perf/packed';
import type { Campaign } from '$lib/domain/campaign';
import { inSlices, mapInSlices, yieldToEventLoop } from '../event-loop';
import { campaignCellsNow } from '../progress/repository';
import { checkBatchInSlices, reportingContext, submitReports } from '../counts/service';
import { enterUpload } from './gate';
import { campaignScope } from '../campaigns/scope';
import { fileProblem, isCsv, readUploadRows, type ReadProgress, type UploadedFile } from './read';
import { deleteOldUploads, findUpload, insertUpload, markUploadConfirmed, pendingUploads } from './repository';
import { runWorkbookTask } from './workbook-worker';
import { isCorrection } from '$lib/domain/progress';

/** The preview's verdict on its page: an upload and its confirmation land there, not at the top. */
export const PREVIEW_ANCHOR = 'xem-truoc';

/** A file may change every cell of its rows: up to 20.000 communes × 7 record types. */
const MAX_FILE_CHANGES = MAX_SHEET_ROWS * 7;

export interface UploadChange {
	row: number;
	column: string;
	communeCode: string;
	communeName: string;
	recordType: string;
	before: number | null;
	after: number;
	target: number | null;
	note: string | null;
}

/** The template of a campaign for the actor's scope, prefilled with current values or targets. */
export async function countTemplate(db: Database, actor: Actor, campaign: Campaign, kind: TemplateKind, now = new Date()) {
	const [scope, stage] = await Promise.all([campaignScope(db, actor, campaign, kind), primaryStage(db, campaign.id)]);
	const mine = scope.communes.filter((c) => c.mine);
	const cells = await campaignCellsNow(
		db,
		campaign.id,
		mine.map((c) => c.id)
	);
	const current = new Map(
		kind === 'targets'
			? cells.targets.map((t) => [`${t.commune_id}|${t.record_type}`, t.target])
			: cells.values.filter((v) => v.stage === stage).map((v) => [`${v.commune_id}|${v.record_type}`, v.cumulative])
	);
	const workbook = buildCountTemplate({
		kind,
		campaignName: campaign.name,
		scopeName: scope.scopeName,
		generatedAt: formatDateTime(now, campaign.timeZone),
		recordTypes: scope.recordTypes,
		rows: mine.map((c) => ({ code: c.code, name: c.name, parent: c.parent, values: scope.recordTypes.map((r) => current.get(`${c.id}|${r.code}`) ?? null) }))
	});
	const stamp = localDateOf(now, campaign.timeZone);
	return { name: `${kind === 'targets' ? 'chi-tieu' : 'so-lieu'}-${campaign.code}-${stamp}.xlsx`, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

/** Reads the sheet of a counts or targets upload, each row checked as it arrives. */
async function readSheet(file: UploadedFile, spec: SheetSpec, onProgress?: ReadProgress): Promise<ReadSheet & { sheet?: string; readNotes: string[] }> {
	const start = (sheet = spec.sheet) => sheetReader({ ...spec, sheet, templateHeaderRow: sheet === spec.sheet && !isCsv(file.name) ? TEMPLATE_HEADER_ROW : undefined });
	let reading = start();
	let restarted = false;
	const read = await readUploadRows(file, spec.sheet ?? '', (row) => reading.add(row), onProgress, {
		isHeader: isCountHeader,
		header: `cột «${HEADERS.code}»`,
		restart: () => {
			restarted = true;
			reading = start('');
		}
	});
	const result = reading.result();
	// Problems name the sheet they are in.
	const problems = restarted ? result.problems.map((p) => ({ ...p, sheet: read.sheet })) : result.problems;
	return { ...result, problems, sheet: read.sheet, readNotes: read.notes };
}

/** Turns a read sheet into the changes it makes, checking reports as the API would. */
async function changesOf(db: Database, actor: Actor, campaign: Campaign, kind: TemplateKind, sheet: ReadSheet, communes: Map<string, { id: number; name: string }>, now: Date) {
	const ctx = await reportingContext(db, actor, campaign, now);
	const problems: Problem[] = [...sheet.problems];
	const changes: UploadChange[] = [];
	await inSlices(sheet.entries.length, (i) => {
		const e = sheet.entries[i];
		const commune = communes.get(e.communeCode)!;
		const target = ctx.targets.get(ctx.keys.target(commune.id, e.recordType)!) ?? null;
		const before = kind === 'targets' ? target : (ctx.previous.get(ctx.keys.cell(commune.id, e.recordType, ctx.defaultStage)!) ?? null);
		// An empty cell was written as 0 in the template: 0 against nothing is no change.
		if (e.value === (before ?? 0)) return;
		if (kind === 'targets' && e.value > MAX_TARGET) problems.push({ row: e.row, column: e.column, message: `chỉ tiêu tối đa ${formatCount(MAX_TARGET)}.` });
		changes.push({
			row: e.row,
			column: e.column,
			communeCode: e.communeCode,
			communeName: commune.name,
			recordType: e.recordType,
			before,
			after: e.value,
			target,
			note: sheet.notes.get(e.communeCode) ?? null
		});
	});
	if (kind === 'reports' && changes.length) {
		const checked = await checkBatchInSlices(await reportBatch(changes), ctx, { maxBatch: MAX_FILE_CHANGES, problemsOnly: true });
		for (const p of [...checked.problems, ...checked.outOfScope]) {
			const change = p.entry === undefined ? undefined : changes[p.entry];
			problems.push({ message: p.message, row: change?.row, column: change?.column });
		}
	}
	return { changes, problems };
}

async function reportBatch(changes: UploadChange[]) {
	return { reports: await mapInSlices(changes, reportEntry) };
}

/** A change as an entry of a report batch (DESIGN §8). */
function reportEntry(c: UploadChange) {
	return { commune: c.communeCode, recordType: c.recordType, cumulative: c.after, ...(c.note ? { note: c.note } : {}) };
}

function targetEntry(c: UploadChange) {
	return { commune: c.communeCode, recordType: c.recordType, target: c.after };
}

/**
 * Reads, checks and keeps an uploaded file for its preview. A file that cannot be read at
 * all is refused at once; problems in its cells are kept for the preview to list.
 */
export async function receiveUpload(
	db: Database,
	actor: Actor,
	campaign: Campaign,
	kind: TemplateKind,
	file: UploadedFile,
	onProgress?: ReadProgress,
	now = new Date()
): Promise<string> {
	const scope = await campaignScope(db, actor, campaign, kind);
	if (file.bytes.length > MAX_UPLOAD_BYTES) throw fileProblem(file.name, `tệp lớn hơn ${megabytes(MAX_UPLOAD_BYTES)}.`);
	const leave = enterUpload(actor.userId);
	try {
		await checkPending(db, actor, file, now);
		const sheetName = TEMPLATE_SHEETS[kind];
		const communes = new Map(scope.communes.map((c) => [c.code, c]));
		const spec = { file: file.name, sheet: isCsv(file.name) ? undefined : sheetName, recordTypes: scope.recordTypes, communes, withNote: kind === 'reports' };
		const sheet = await readSheet(file, spec, onProgress);
		await yieldToEventLoop();
		const { changes, problems } = await changesOf(db, actor, campaign, kind, sheet, communes, now);
		const located = problems.map((p) => ({ ...p, file: file.name, sheet: sheet.sheet }));
		const notes = [skippedNote(sheet.skipped), ...sheet.readNotes].filter((n): n is string => n !== null);
		const id = randomUUID();
		// Packed before the transaction: nothing else is awaited inside one.
		const changesText = await packItems(changes);
		const problemsText = await packItems(located);
		const fileHash = createHash('sha256').update(file.bytes).digest('hex');
		await yieldToEventLoop();
		await db.transaction().execute(async (tx) => {
			await checkPending(tx, actor, file, now);
			await insertUpload(tx, {
				id,
				campaign_id: campaign.id,
				user_id: actor.userId,
				kind,
				format: isCsv(file.name) ? 'csv' : 'excel',
				file_name: file.name.slice(0, 200),
				file_hash: fileHash,
				content: Buffer.from(file.bytes),
				changes: changesText,
				problems: problemsText,
				header_row: sheet.headerRow,
				created_at: now.toISOString(),
				confirmed_at: null,
				receipt: null,
				sheet_name: sheet.sheet ?? null,
				notes: notes.length ? JSON.stringify(notes) : null
			});
		});
		await yieldToEventLoop();
		return id;
	} finally {
		leave();
	}
}

/**
 * Drops the uploads kept too long, then refuses a file that would hold more pending
 * uploads than allowed, for the user or the server (HTTP 429 or 413).
 */
async function checkPending(conn: Conn, actor: Actor, file: UploadedFile, now: Date) {
	const unconfirmedSince = new Date(now.getTime() - UNCONFIRMED_UPLOAD_KEPT_MS).toISOString();
	await deleteOldUploads(conn, new Date(now.getTime() - CONFIRMED_UPLOAD_KEPT_MS).toISOString(), unconfirmedSince);
	const { mine, all } = await pendingUploads(conn, actor.userId, unconfirmedSince);
	const refusal = pendingUploadRefusal(mine, all, file.bytes.length);
	if (refusal) throw new LimitError(refusal.message, refusal.status);
}

async function ownUpload(db: Database, actor: Actor, campaign: Campaign, id: string) {
	const upload = /^[0-9a-f-]{36}$/.test(id) ? await findUpload(db, id) : undefined;
	if (!upload || upload.campaign_id !== campaign.id || upload.user_id !== actor.userId)
		throw new NotFoundError('Không có tệp tải lên này (tệp chưa xác nhận được giữ 2 giờ, tệp đã ghi 7 ngày, và chỉ người tải lên xem được).');
	return upload;
}

/**
 * What an upload would change and what is wrong with it. A national file can hold 60.000
 * changes: `shown` limits the lists, and the counts say how many there are.
 */
export async function uploadPreview(db: Database, actor: Actor, campaign: Campaign, id: string, shown = Infinity) {
	const upload = await ownUpload(db, actor, campaign, id);
	const { items: changes } = await unpackItems<UploadChange>(upload.changes);
	const { items: problems } = await unpackItems<Problem>(upload.problems);
	return {
		id: upload.id,
		kind: upload.kind,
		fileName: upload.file_name,
		createdAt: upload.created_at,
		confirmedAt: upload.confirmed_at,
		changes: changes.slice(0, shown),
		changeCount: changes.length,
		corrections: changes.filter((c) => isCorrection(c.before, c.after)).length,
		problems: problems.slice(0, shown),
		problemCount: problems.length,
		receipt: upload.receipt ? (JSON.parse(upload.receipt) as { accepted: number }) : null,
		/** What the reading left out or how it read the file, e.g. «Đã bỏ qua: cột STT (A); 2 dòng tiêu đề; dòng 45 «Tổng cộng».» */
		notes: upload.notes ? (JSON.parse(upload.notes) as string[]) : []
	};
}

/**
 * Writes an upload's changes in one transaction. Confirming twice, or confirming two
 * uploads of the same changes at the same moment, writes them once: the idempotency key
 * is the hash of the changes and the values they were checked against.
 */
export async function confirmUpload(db: Database, actor: Actor, campaign: Campaign, id: string): Promise<{ accepted: number; replayed: boolean }> {
	const upload = await ownUpload(db, actor, campaign, id);
	if (upload.receipt) return { ...(JSON.parse(upload.receipt) as { accepted: number }), replayed: true };
	if ((await unpackItems<Problem>(upload.problems)).items.length) throw new ValidationError('Tệp còn lỗi; hãy sửa rồi tải lên lại. Không có gì được ghi.');
	let changeCount: number;
	let accepted: number;
	let replayed = false;
	if (upload.kind === 'targets') {
		const { entries } = await storedChanges(upload.changes, targetEntry);
		changeCount = entries.length;
		accepted = (await setCampaignTargets(db, actor, campaign, entries, upload.format)).changed;
	} else {
		// The stored changes name each cell with the value it was checked against and the new one.
		const { entries, digest } = await storedChanges(upload.changes, reportEntry);
		changeCount = entries.length;
		const result = await submitReports(
			db,
			actor,
			campaign,
			{ reports: entries },
			{ source: upload.format, idempotencyKey: `upload:${digest}`, requestHash: digest, countOnly: true, maxBatch: MAX_FILE_CHANGES }
		);
		accepted = result.receipt.accepted;
		replayed = result.replayed;
	}
	const at = new Date().toISOString();
	await db.transaction().execute(async (tx) => {
		await markUploadConfirmed(tx, upload.id, at, JSON.stringify({ accepted, replayed }));
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'confirm_upload',
			entity: 'upload',
			entityId: upload.id,
			campaignId: campaign.id,
			source: upload.format,
			after: { kind: upload.kind, file: upload.file_name, sha256: upload.file_hash, changes: changeCount, accepted, replayed },
			at
		});
	});
	return { accepted, replayed };
}

/**
 * An upload's stored changes, each turned into its entry as its line is read (a national
 * file's 60.000 changes are never in memory twice), and the digest of the stored lines.
 */
async function storedChanges<R>(stored: Buffer, entry: (change: UploadChange) => R) {
	const { items: entries, digest } = await unpackItems(stored, entry);
	if (entries.length === 0) throw new ValidationError('Tệp không có thay đổi nào so với số liệu hiện có; không có gì để ghi.');
	return { entries, digest };
}

/** The uploaded file again, with a column saying what is wrong on each row. */
export async function uploadWithErrors(db: Database, actor: Actor, campaign: Campaign, id: string): Promise<UploadedFile> {
	const upload = await ownUpload(db, actor, campaign, id);
	const { items: problems } = await unpackItems<Problem>(upload.problems);
	const byRow = new Map<number, string[]>();
	const general: string[] = [];
	for (const p of problems) {
		const line = p.column ? `cột ${p.column}: ${p.message}` : p.message;
		if (p.row === undefined) general.push(line);
		else byRow.set(p.row, [...(byRow.get(p.row) ?? []), line]);
	}
	const base = upload.file_name.replace(/\.(xlsx|csv)$/i, '');
	const notes: [number, string][] = [...byRow].map(([row, lines]) => [row, lines.join(' · ')]);
	if (upload.format === 'csv') {
		// Read in the worker as uploads are; cells that a spreadsheet would run as formulas are
		// written as text, and the stored file is left as it was sent.
		const task = { task: 'annotateCsv', bytes: upload.content, headerRow: upload.header_row, title: 'Lỗi', notes, general: general.length ? general.join(' · ') : null } as const;
		return { name: `${base}-loi.csv`, bytes: await runWorkbookTask<Uint8Array>(task) };
	}
	const headerRow = upload.header_row || TEMPLATE_HEADER_ROW;
	if (general.length) notes.push([headerRow, `Lỗi: ${general.join(' · ')}`]);
	const bytes = await runWorkbookTask<Uint8Array>({
		task: 'annotate',
		bytes: upload.content,
		sheetName: upload.sheet_name ?? TEMPLATE_SHEETS[upload.kind],
		headerRow,
		title: 'Lỗi',
		notes
	});
	return { name: `${base}-loi.xlsx`, bytes };
}
