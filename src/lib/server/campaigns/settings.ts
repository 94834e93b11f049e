import type { CampaignCalendar } from '$lib/domain/calendar';
import type { StatusThresholds } from '$lib/domain/progress';
import type { SnapshotTimesPeriod } from '$lib/domain/slots';
import type { Campaign, CampaignSnapshotTimes } from '../db/schema';

export function calendarOf(c: Campaign): CampaignCalendar {
	return {
		timeZone: c.time_zone,
		start: c.start_date,
		deadline: c.deadline,
		dayEndHour: c.day_end_hour,
		excludedWeekdays: JSON.parse(c.excluded_weekdays) as number[],
		holidays: JSON.parse(c.holidays) as string[]
	};
}

export function thresholdsOf(c: Campaign): StatusThresholds {
	return { onTrack: c.on_track_ratio, atRisk: c.at_risk_ratio };
}

export function snapshotTimesOf(c: Campaign): string[] {
	return JSON.parse(c.snapshot_times) as string[];
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
	if (rows.length === 0) return [{ from: new Date(c.created_at), times: snapshotTimesOf(c) }];
	return rows.map((r) => ({ from: new Date(r.effective_from), times: JSON.parse(r.times) as string[] }));
}
