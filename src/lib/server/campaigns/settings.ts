import type { CampaignCalendar } from '$lib/domain/calendar';
import type { StatusThresholds } from '$lib/domain/progress';
import type { SnapshotTimesPeriod } from '$lib/domain/slots';
import type { Campaign } from '$lib/domain/campaign';
import type { CampaignSnapshotTimes } from '../db/schema';

export function calendarOf(c: Campaign): CampaignCalendar {
	return { timeZone: c.timeZone, start: c.start, deadline: c.deadline, dayEndHour: c.dayEndHour, excludedWeekdays: c.excludedWeekdays, holidays: c.holidays };
}

export function thresholdsOf(c: Campaign): StatusThresholds {
	return { onTrack: c.onTrackRatio, atRisk: c.atRiskRatio };
}

/** Whether two lists of snapshot times schedule the same slots (order aside). */
export function sameSnapshotTimes(a: string[], b: string[]): boolean {
	return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/**
 * The campaign's snapshot-time history for the slot rule. A campaign with none recorded
 * (inserted by hand) has had its current times since its creation, as the migration assumes.
 */
export function snapshotTimeHistoryOf(c: Campaign, rows: CampaignSnapshotTimes[]): SnapshotTimesPeriod[] {
	if (rows.length === 0) return [{ from: new Date(c.createdAt), times: c.snapshotTimes }];
	return rows.map((r) => ({ from: new Date(r.effective_from), times: JSON.parse(r.times) as string[] }));
}
