/** What the snapshot pages, the API and the downloads read (issue 6), scoped to the reader. */
import { isOwnUnit, may, readerOf, visibleUnitKeys, type Actor } from '$lib/domain/access';
import { NotFoundError, ForbiddenError } from '$lib/domain/errors';
import { figureOf, middleLevel, rootUnit, snapshotFileName, topLevel, unitsOf, type SnapshotData, type SnapshotFigure, type SnapshotUnit } from '$lib/domain/snapshot';
import type { Level } from '$lib/domain/evaluate';
import { wordsOfMiddle } from '$lib/domain/levels';
import type { Database } from '../db';
import { instantJson, progressRowJson } from '../progress/api-rows';
import type { Campaign } from '$lib/domain/campaign';
import type { Snapshot } from '../db/schema';
import { buildDistrictReport, buildNationReport, buildProvinceReport } from '$reports/snapshot-report';
import { readCampaign } from '../campaigns/access';
import { findSnapshot, listSnapshots, scheduledSnapshotAt } from './repository';
import { snapshotData } from './view';

export interface ArchiveRow {
	id: number;
	slotAt: string;
	kind: string;
	takenAt: string;
	durationMs: number;
	pct: number | null;
	credited: number | null;
	target: number | null;
	/** Credited records gained since the next older snapshot in the list. */
	change: number | null;
}

/** The archive, newest first, with the province figure and its change since the scheduled snapshot before. */
export async function snapshotArchive(db: Database, campaign: Campaign): Promise<ArchiveRow[]> {
	const entries = await listSnapshots(db, campaign);
	const rows: ArchiveRow[] = [];
	let older: number | null = null; // credited of the latest scheduled snapshot seen, walking from the oldest
	for (let i = entries.length - 1; i >= 0; i--) {
		const e = entries[i];
		rows[i] = {
			id: e.id,
			slotAt: e.slot_at,
			kind: e.kind,
			takenAt: e.taken_at,
			durationMs: e.duration_ms,
			pct: e.pct,
			credited: e.credited,
			target: e.target,
			change: older !== null && e.credited !== null ? e.credited - older : null
		};
		if (e.kind !== 'adhoc' && e.credited !== null) older = e.credited;
	}
	return rows;
}

export async function readableSnapshot(db: Database, campaign: Campaign, id: string | number): Promise<Snapshot> {
	const n = Number(id);
	const snapshot = Number.isInteger(n) && n > 0 ? await findSnapshot(db, campaign.id, n) : undefined;
	if (!snapshot) throw new NotFoundError(`Không có lần chốt số liệu #${id} trong đợt này.`);
	return snapshot;
}

/** A snapshot of a campaign of the reader's province, holding only the units the reader may see. */
export async function snapshotForReader(db: Database, actor: Actor, campaignCode: string, id: string) {
	const campaign = await readCampaign(db, actor, campaignCode);
	const snapshot = await readableSnapshot(db, campaign, id);
	return { campaign, snapshot, data: visibleData(await snapshotData(db, campaign, snapshot), actor) };
}

/** Only the units the reader may see: the province and middle level always, communes under their own unit. */
export function visibleData(data: SnapshotData, actor: Actor | null): SnapshotData {
	const visible = visibleUnitKeys(data.units, actor);
	const keep = (u: SnapshotUnit) => u.level !== 'commune' || visible.has(u.key);
	return { ...data, units: data.units.filter(keep) };
}

/**
 * The snapshot whose roll-call a page of a moment that is no snapshot shows (now, or a past
 * instant): the newest scheduled one at or before it, within what the reader may see.
 */
export async function rollCallSnapshot(db: Database, actor: Actor | null, campaign: Campaign, at: string): Promise<SnapshotData | null> {
	const snapshot = await scheduledSnapshotAt(db, campaign.id, at);
	return snapshot ? visibleData(await snapshotData(db, campaign, snapshot, { recordType: '' }), actor) : null;
}

export interface UnitLine extends SnapshotFigure {
	code: string;
	name: string;
}

function lines(data: SnapshotData, units: SnapshotUnit[], recordType = ''): UnitLine[] {
	return units.flatMap((u) => {
		const f = figureOf(data, u.key, recordType);
		return f ? [{ ...f, code: u.code, name: u.name }] : [];
	});
}

/** One snapshot as its page shows it: summary, middle level, and the communes of one unit. */
export function snapshotPageData(data: SnapshotData, communesOf: string | null) {
	const level = topLevel(data);
	const province = rootUnit(data);
	const middle = lines(data, unitsOf(data, level));
	const selected = middle.find((m) => m.code === communesOf) ?? null;
	return {
		snapshot: { id: data.id, slotAt: data.slotAt, kind: data.kind, takenAt: data.takenAt, durationMs: data.durationMs, previousSlotAt: data.previousSlotAt },
		level,
		total: province ? (lines(data, [province])[0] ?? null) : null,
		byRecordType: data.recordTypes.map((t) => ({ ...t, figure: province ? (figureOf(data, province.key, t.code) ?? null) : null })),
		middle,
		/** Units whose communes the reader may open. */
		openable: middle.filter((m) => unitsOf(data, 'commune', m.unitKey).length > 0).map((m) => m.code),
		selected: selected ? { code: selected.code, name: selected.name, communes: lines(data, unitsOf(data, 'commune', selected.unitKey)) } : null
	};
}

/** Leaders and admins of the campaign's province (or of the province that absorbed it) read its whole report. */
export function readsProvince(actor: Actor | null, campaign: Campaign): boolean {
	const reader = readerOf(actor, { provinceId: campaign.provinceId });
	return reader !== null && may(reader.role, 'readProvince');
}

/**
 * The unit of a snapshot's report, text, picture or PDF: the province (`unitCode` null) for
 * those who read the whole province, a district or group for its head and for them.
 */
export function reportUnit(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null): SnapshotUnit {
	const w = wordsOfMiddle(middleLevel(data));
	if (unitCode === null) {
		if (!readsProvince(actor, campaign)) throw new ForbiddenError(`Báo cáo toàn tỉnh dành cho lãnh đạo và quản trị; hãy chọn báo cáo của ${w.middleNoun}.`);
		return rootUnit(data)!;
	}
	const unit = unitsOf(data, topLevel(data)).find((u) => u.code === unitCode);
	if (!unit) throw new NotFoundError(`Không có ${w.middleNoun} mã «${unitCode}» trong lần chốt này.`);
	// A unit's report is for its head and for those who read the whole province.
	const readsUnit = may(actor.role, 'readProvince') || isOwnUnit(actor, unit);
	if (!readsUnit)
		throw new ForbiddenError(`Báo cáo của ${unit.name} dành cho ${unit.level === 'group' ? 'trưởng cụm' : `trưởng phòng Tư pháp ${unit.name}`}, lãnh đạo và quản trị.`);
	return unit;
}

/** The Excel report of a snapshot for the province or one district or group (see `reportUnit`). */
export async function snapshotWorkbook(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null) {
	const unit = reportUnit(actor, campaign, data, unitCode);
	if (unit.level === 'nation') return { name: snapshotFileName(data, null, 'xlsx'), workbook: buildNationReport(data) };
	if (unit.parentKey === null) return { name: snapshotFileName(data, null, 'xlsx'), workbook: buildProvinceReport(data) };
	return { name: snapshotFileName(data, unit.code, 'xlsx'), workbook: buildDistrictReport(data, unit.key) };
}

export interface SnapshotHeader {
	id: number;
	slotAt: string;
	kind: string;
	takenAt: string;
	durationMs: number;
}

export function headerOf(s: Snapshot): SnapshotHeader {
	return { id: s.id, slotAt: s.slot_at, kind: s.kind, takenAt: s.taken_at, durationMs: s.duration_ms };
}

/** A snapshot's header in the API's shape (DESIGN §8). */
export function snapshotJson(s: SnapshotHeader, timeZone: string) {
	return { id: s.id, at: instantJson(s.slotAt, timeZone), kind: s.kind, takenAt: instantJson(s.takenAt, timeZone), durationMs: s.durationMs };
}

/** A snapshot's rows in the API's shape, the progress endpoint's fields plus the changes. */
export function snapshotRowsJson(data: SnapshotData, opts: { level?: Level; recordType?: string }) {
	const recordType = opts.recordType ?? '';
	return data.units
		.filter((u) => opts.level === undefined || u.level === opts.level)
		.flatMap((u) => {
			const r = figureOf(data, u.key, recordType);
			if (!r) return [];
			return [{ ...progressRowJson(u, r, data.timeZone), creditedChange: r.creditedChange, rankChange: r.rankChange, noReportSincePrevious: r.noReportSincePrevious }];
		});
}
