/**
 * A campaign as the domain sees it: the `campaigns` row read once by the campaigns
 * repository (`toCampaign`), its JSON columns parsed and its flags booleans. Services and
 * routes use this shape, never the row.
 */
import type { CampaignCalendar } from './calendar';

export interface Campaign extends CampaignCalendar {
	id: number;
	code: string;
	name: string;
	hierarchyId: number;
	/**
	 * Null: a national campaign over every province of its hierarchy version (issue 29). A
	 * province's part of one (`provincePartOf`) carries that province's id.
	 */
	provinceId: number | null;
	/** The times of day (HH:MM, local) of the scheduled snapshots now in force. */
	snapshotTimes: string[];
	/** p ≥ onTrackRatio·q is on track; atRiskRatio·q ≤ p < onTrackRatio·q is at risk. */
	onTrackRatio: number;
	atRiskRatio: number;
	isPublic: boolean;
	isActive: boolean;
	/** ISO instants. */
	createdAt: string;
	updatedAt: string;
	/** The latest asOf of the campaign's values in force (null: no report yet). */
	latestValueAsOf: string | null;
	/** The time of the campaign's latest target revision (null: none yet). */
	latestTargetAt: string | null;
	/** Raised with every write to the campaign's data; keys every cache of it. */
	dataVersion: number;
	/** When `dataVersion` was last raised (null: never). */
	dataChangedAt: string | null;
	/** Ascending backlog thresholds of the size brackets ([]: none). */
	bracketThresholds: number[];
}
