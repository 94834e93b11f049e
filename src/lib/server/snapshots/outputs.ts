/**
 * What a snapshot gives the chat groups and the desk (issue 25): the summary text, the
 * picture of the standings and the one-page PDF, for the province or one district or group,
 * each within the reader's reach (`reportUnit`) and named in the campaign's local time.
 */
import type { Actor } from '../../domain/access';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { snapshotFileName, type SnapshotData } from '../../domain/snapshot';
import { summaryText } from '../../domain/summary-text';
import type { Campaign } from '../db/schema';
import { reportUnit } from './pages';

export interface SnapshotFile {
	name: string;
	bytes: Uint8Array;
}

/** The chat text of a snapshot for `unitCode` (null: the province). */
export function snapshotText(actor: Actor, campaign: Campaign, data: SnapshotData, unitCode: string | null): SnapshotFile & { text: string } {
	const unit = reportUnit(actor, campaign, data, unitCode);
	const text = summaryText(data, unit.key);
	return { name: snapshotFileName(data, unit.level === 'province' ? null : unit.code, 'txt', 'tin-nhan'), bytes: new TextEncoder().encode(text), text };
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
