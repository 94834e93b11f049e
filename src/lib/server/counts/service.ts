/**
 * Entering counts (DESIGN §4, §8): a batch is checked in full against the campaign, the
 * sender's scope and the values in force, then written in one transaction with its audit
 * entries, or not at all. An idempotency key makes a resent batch count once.
 */
import { createHash } from 'node:crypto';
import { canReport, may, unitPaths, type Actor } from '$lib/domain/access';
import { campaignStartInstant } from '$lib/domain/calendar';
import { ConflictError, describeProblems, ForbiddenError, ValidationError } from '$lib/domain/errors';
import { cellKeys, startBatchCheck, type BatchCheckOptions, type CheckedBatch, type CheckedReport, type ReportContext } from '$lib/domain/report-input';
import { recordAuditMany } from '../audit/repository';
import { listCampaignRecordTypes, listCampaignStages, raiseDataVersion } from '../campaigns/repository';
import { calendarOf } from '../campaigns/settings';
import type { Conn, Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { campaignUnits, campaignUnitsNamed, communeGroupCodes, eachCellNow, type CampaignUnit } from '../progress/repository';
import { inSlices, mapByInSlices, mapInSlices, SLICE, stringifyInSlices, yieldToEventLoop } from '../event-loop';
import { findIdempotencyKey, insertIdempotencyKey } from './idempotency';
import { appendReports } from './repository';
import { isCorrection } from '$lib/domain/progress';

export type ReportSource = 'form' | 'excel' | 'csv' | 'api';

export interface ReportReceipt {
	accepted: number;
	reports: { commune: string; recordType: string; stage: string; asOf: string; previous: number | null; cumulative: number }[];
}

/** A batch naming a few communes loads only those; a large one loads the whole campaign. */
const SCOPED_CONTEXT_MAX = 500;

function namedCommunes(raw: unknown): string[] | undefined {
	const list = typeof raw === 'object' && raw !== null ? (raw as { reports?: unknown }).reports : undefined;
	if (!Array.isArray(list)) return [];
	const codes = new Set<string>();
	for (const r of list) {
		const code = typeof r === 'object' && r !== null ? (r as { commune?: unknown }).commune : undefined;
		if (typeof code === 'string') codes.add(code.trim());
		if (codes.size > SCOPED_CONTEXT_MAX) return undefined;
	}
	return [...codes];
}

/**
 * The units a batch can name: only the communes it names when it names few, else the whole
 * campaign. A hierarchy version's units never change, so they may be read outside a write.
 */
function reportingUnits(db: Database, campaign: Campaign, communeCodes: string[] | undefined): Promise<readonly Readonly<CampaignUnit>[]> {
	return communeCodes ? campaignUnitsNamed(db, campaign, communeCodes) : campaignUnits(db, campaign);
}

/**
 * What the sender may report for: communes whose unit or an ancestor is the sender's unit,
 * with their targets and values in force; only the named communes when `communeCodes` is given.
 */
export async function reportingContext(db: Database, actor: Actor, campaign: Campaign, now: Date, communeCodes?: string[]) {
	return contextOf(db, actor, campaign, now, await reportingUnits(db, campaign, communeCodes));
}

/**
 * The context of a check, read through `conn`: inside a write, its transaction, so that the
 * values, targets, record types and stages the check rests on are those the write sees.
 */
async function contextOf(conn: Conn, actor: Actor, campaign: Campaign, now: Date, units: readonly Readonly<CampaignUnit>[]): Promise<ReportContext> {
	const [recordTypes, stages] = await Promise.all([listCampaignRecordTypes(conn, campaign.id), listCampaignStages(conn, campaign.id)]);
	const communeUnits = units.filter((u) => u.level === 'commune');
	// A national campaign has 10.000 communes and 60.000 cells: built a slice at a time.
	const pathOf = unitPaths(units, await communeGroupCodes(conn, campaign.id));
	const communes = await mapByInSlices(
		communeUnits,
		(u) => u.code,
		(u) => ({ id: u.id, name: u.name, mine: canReport(actor, pathOf(u.id)) })
	);
	const keys = cellKeys(
		recordTypes.map((r) => r.code),
		stages.map((s) => s.code)
	);
	const previous = new Map<number, number>();
	const targets = new Map<number, number>();
	await eachCellNow(
		conn,
		campaign.id,
		communeUnits.map((u) => u.id),
		{
			target(communeId, recordType, target) {
				const key = keys.target(communeId, recordType);
				if (key !== undefined) targets.set(key, target);
			},
			value(communeId, recordType, stage, cumulative) {
				const key = keys.cell(communeId, recordType, stage);
				if (key !== undefined) previous.set(key, cumulative);
			}
		}
	);
	return {
		now,
		campaignStart: campaignStartInstant(calendarOf(campaign)),
		recordTypes: new Set(recordTypes.map((r) => r.code)),
		stages: new Set(stages.map((s) => s.code)),
		defaultStage: stages[0]?.code ?? 'nhap_lieu',
		communes,
		keys,
		previous,
		targets
	};
}

/** Checks a batch a slice at a time, so that checking a national file does not hold the event loop. */
export async function checkBatchInSlices(raw: unknown, ctx: ReportContext, opts?: BatchCheckOptions) {
	const batch = startBatchCheck(raw, ctx, opts);
	await inSlices(batch.size, (i) => batch.check(i));
	return batch.result();
}

/** The checked reports of a batch, or the refusal of the whole batch. */
function acceptedOrThrow(checked: CheckedBatch): CheckedReport[] {
	if (checked.outOfScope.length) throw new ForbiddenError(`Có xã ngoài phạm vi của bạn; không có gì được ghi.\n${describeProblems(checked.outOfScope)}`);
	if (checked.problems.length) throw new ValidationError('Báo cáo không hợp lệ; không có gì được ghi.', checked.problems);
	return checked.reports;
}

/** Counts are entered by the province's own users, and not by its leaders. */
function refuseNonReporter(actor: Actor, campaign: Campaign): void {
	// Not `readerOf`: a province that absorbed this one reads its campaigns but enters nothing.
	if (actor.provinceId !== campaign.provinceId) throw new ForbiddenError('Đợt số hóa này không thuộc tỉnh của bạn.');
	if (!may(actor.role, 'report')) throw new ForbiddenError('Lãnh đạo chỉ xem số liệu, không nhập báo cáo.');
}

/** Checks a batch against the campaign and the values in force, writing nothing; throws when it is refused. */
export async function checkReports(db: Database, actor: Actor, campaign: Campaign, raw: unknown, now = new Date(), maxBatch?: number) {
	refuseNonReporter(actor, campaign);
	return acceptedOrThrow(await checkBatchInSlices(raw, await reportingContext(db, actor, campaign, now, namedCommunes(raw)), { maxBatch }));
}

async function receiptOf(reports: CheckedReport[], countOnly: boolean): Promise<ReportReceipt> {
	return {
		accepted: reports.length,
		reports: countOnly
			? []
			: await mapInSlices(reports, (r) => ({ commune: r.communeCode, recordType: r.recordType, stage: r.stage, asOf: r.asOf, previous: r.previous, cumulative: r.cumulative }))
	};
}

/**
 * Checks and writes a batch. With an idempotency key, a batch already written under that key
 * returns its first receipt (`replayed`) and writes nothing; the same key with another body
 * is refused.
 */
export async function submitReports(
	db: Database,
	actor: Actor,
	campaign: Campaign,
	raw: unknown,
	opts: {
		source: ReportSource;
		idempotencyKey: string | null;
		now?: Date;
		maxBatch?: number;
		/** The caller's digest of the body, when it has one. */ requestHash?: string;
		/** The receipt holds only the count (a file's 60.000 rows need no list of them back). */ countOnly?: boolean;
	}
): Promise<{ receipt: ReportReceipt; replayed: boolean }> {
	const key = opts.idempotencyKey;
	if (key !== null && !/^[\x21-\x7e]{8,200}$/.test(key))
		throw new ValidationError('Idempotency-Key gồm 8–200 ký tự ASCII in được, ví dụ một UUID.', [{ field: 'Idempotency-Key', message: 'không hợp lệ.' }]);
	const requestHash = opts.requestHash ?? createHash('sha256').update(JSON.stringify(raw)).digest('hex');
	if (key !== null) {
		const earlier = await findIdempotencyKey(db, campaign.id, key);
		if (earlier) return replay(earlier, requestHash);
	}

	refuseNonReporter(actor, campaign);
	const units = await reportingUnits(db, campaign, namedCommunes(raw));
	// Checked first outside the write, so that a refused batch never waits for the write lock
	// nor holds it; only its problems are kept.
	acceptedOrThrow(await checkBatchInSlices(raw, await contextOf(db, actor, campaign, opts.now ?? new Date(), units), { maxBatch: opts.maxBatch, problemsOnly: true }));
	return db.transaction().execute(async (tx) => {
		// Received when the write holds the lock: reports on one cell take their force order
		// (asOf, then receipt) in the order they are committed.
		const now = opts.now ?? new Date();
		const receivedAt = now.toISOString();
		// Checked again inside the transaction: of two identical batches sent at once, one writes.
		if (key !== null) {
			const earlier = await findIdempotencyKey(tx, campaign.id, key);
			if (earlier) return replay(earlier, requestHash);
		}
		// Every value the write rests on is read here, inside it: an increment adds to the value
		// in force at its commit, and the correction and target checks see the same values.
		const checked = acceptedOrThrow(await checkBatchInSlices(raw, await contextOf(tx, actor, campaign, now, units), { maxBatch: opts.maxBatch }));
		const receipt = await receiptOf(checked, opts.countOnly ?? false);
		const responseText = `{"accepted":${receipt.accepted},"reports":${await stringifyInSlices(receipt.reports)}}`;
		// Written a slice at a time, all in this one transaction: a national file's 60.000
		// reports never need all their rows, current values and audit entries in memory at once.
		for (let i = 0; i < checked.length; i += SLICE) {
			const slice = checked.slice(i, i + SLICE);
			const ids = await appendReports(
				tx,
				slice.map((r) => ({
					campaign_id: campaign.id,
					commune_id: r.communeId,
					record_type: r.recordType,
					stage: r.stage,
					as_of: r.asOf,
					cumulative: r.cumulative,
					delta: r.delta,
					received_at: receivedAt,
					source: opts.source,
					author_id: actor.userId,
					note: r.note,
					idempotency_key: key
				}))
			);
			await recordAuditMany(
				tx,
				slice.map((r, j) => ({
					actor: actor.username,
					userId: actor.userId,
					action: isCorrection(r.previous, r.cumulative) ? 'correct_report' : 'report',
					entity: 'report',
					entityId: ids[j],
					campaignId: campaign.id,
					unitId: r.communeId,
					source: opts.source,
					before: { cumulative: r.previous },
					after: { recordType: r.recordType, stage: r.stage, asOf: r.asOf, cumulative: r.cumulative },
					reason: r.note,
					at: receivedAt
				}))
			);
		}
		await yieldToEventLoop();
		if (key !== null) await insertIdempotencyKey(tx, { campaignId: campaign.id, key, userId: actor.userId, requestHash, response: responseText, at: receivedAt });
		if (checked.length) await raiseDataVersion(tx, campaign.id, receivedAt);
		return { receipt, replayed: false };
	});
}

function replay(earlier: { request_hash: string; response: string }, requestHash: string) {
	if (earlier.request_hash !== requestHash) throw new ConflictError('Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy tạo khóa mới cho mỗi lần gửi.');
	return { receipt: JSON.parse(earlier.response) as ReportReceipt, replayed: true };
}
