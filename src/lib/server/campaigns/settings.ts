import type { CampaignCalendar } from '../../domain/calendar';
import type { StatusThresholds } from '../../domain/progress';
import type { Campaign } from '../db/schema';

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
