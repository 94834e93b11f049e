/**
 * What a snapshot gives the chat groups and the desk (issue 25): the summary text, the
 * picture of the standings and the one-page PDF, for the province or one district or group,
 * each within the reader's reach (`reportUnit`) and named in the campaign's local time.
 */
import type { Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError } from '$lib/domain/errors';
import { snapshotFileName, type SnapshotData } from '$lib/domain/snapshot';
import { summaryText } from '$lib/domain/summary-text';
import { onePageReport, type OnePageReport } from '$lib/domain/one-page';
import { buildSnapshotPdf } from '$reports/snapshot-pdf';
import { picturePng } from '$reports/summary-picture';
import type { Campaign } from '$lib/domain/campaign';
import { reportUnit } from './pages';

export interface SnapshotFile {
	name: string;
	bytes: Uint8Array;
}

/** The chat text of a snapshot for `unitCode` (null: the province). */
export function snapshotText(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null): SnapshotFile & { text: string } {
	const unit = reportUnit(actor, campaign, data, unitCode);
	const text = summaryText(data, unit.key);
	return { name: snapshotFileName(data, unit.parentKey === null ? null : unit.code, 'txt', 'tin-nhan'), bytes: new TextEncoder().encode(text), text };
}

export interface Share {
	snapshotId: number;
	slotAt: string;
	/** null: the province. */
	unitCode: string | null;
	unitName: string;
	text: string;
}

/**
 * What the "Sao chép tin nhắn" and "Tải ảnh" buttons of a page give for a unit: its chat
 * text at the snapshot; null when the unit has none (a commune) or is not the reader's to send.
 */
export function snapshotShare(actor: Actor | null, campaign: Campaign, data: SnapshotData | null, unitCode: string | null): Share | null {
	if (!actor || !data) return null;
	try {
		const unit = reportUnit(actor, campaign, data, unitCode);
		return { snapshotId: data.id, slotAt: data.slotAt, unitCode, unitName: unit.name, text: summaryText(data, unit.key) };
	} catch (e) {
		if (e instanceof ForbiddenError || e instanceof NotFoundError) return null;
		throw e;
	}
}

/** The one-page report of a snapshot as a PDF for `unitCode` (null: the province), appendix from page 2. */
export async function snapshotPdf(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null): Promise<SnapshotFile> {
	const unit = reportUnit(actor, campaign, data, unitCode);
	return { name: snapshotFileName(data, unit.parentKey === null ? null : unit.code, 'pdf'), bytes: await pdfOf(data, unit.key) };
}

/** The PDF of a unit's one-page report: also what the director's mail attaches. */
export function pdfOf(data: SnapshotData, unitKey: string): Promise<Uint8Array> {
	const report = onePageReport(data, unitKey);
	return buildSnapshotPdf(report, { title: `${report.title} — ${report.subtitle.at(-1)}`, created: new Date(data.takenAt) });
}

/** The one-page report for the print page, within the reader's reach. */
export async function printedReport(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null): Promise<OnePageReport> {
	return onePageReport(data, reportUnit(actor, campaign, data, unitCode).key);
}

/** The picture of the standings for `unitCode` (null: the province), as a PNG 1080 px wide. */
export async function snapshotPicture(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null): Promise<SnapshotFile> {
	const unit = reportUnit(actor, campaign, data, unitCode);
	const { png } = await picturePng(data, unit.key);
	return { name: snapshotFileName(data, unit.parentKey === null ? null : unit.code, 'png', 'xep-hang'), bytes: png };
}
