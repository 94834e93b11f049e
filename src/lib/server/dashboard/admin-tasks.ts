/** The admin's tasks of the day on the province page (issue 23 item 5), from the data the product holds. */
import { adminTasksOf, FAILED_DELIVERIES_DAYS, type AdminTask } from '$lib/domain/admin-tasks';
import type { DashboardPageData } from '$lib/domain/dashboard';
import { UNCONFIRMED_UPLOAD_KEPT_MS } from '$lib/domain/limits';
import { rollCallHeadline } from '$lib/domain/roll-call';
import { slotsBetween } from '$lib/domain/slots';
import { snapshotTimeHistory } from '../campaigns/service';
import { calendarOf } from '../campaigns/settings';
import { countCommunesWithoutTarget } from '../campaigns/targets';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { countFailedDeliveries } from '../delivery/repository';
import { countUnconfirmedUploads } from '../ingest/repository';

const DAY_MS = 86_400_000;

/** The tasks, for the province page `d` of the campaign as it is now. */
export async function adminTasks(db: Database, campaign: Campaign, d: DashboardPageData, now = new Date()): Promise<AdminTask[]> {
	const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
	const [communesWithoutTarget, unconfirmedUploads, failedDeliveries, history] = await Promise.all([
		countCommunesWithoutTarget(db, campaign),
		countUnconfirmedUploads(db, campaign.id, ago(UNCONFIRMED_UPLOAD_KEPT_MS)),
		countFailedDeliveries(db, campaign.id, ago(FAILED_DELIVERIES_DAYS * DAY_MS)),
		snapshotTimeHistory(db, campaign)
	]);
	const silent = d.rollCall && d.silentCount > 0 ? rollCallHeadline({ ...d.rollCall, missing: d.silentCount }, campaign.timeZone, d.rollCall.middle) : null;
	const nextSnapshotAt = slotsBetween(now, new Date(now.getTime() + 3 * DAY_MS), history, calendarOf(campaign))[0] ?? null;
	return adminTasksOf({ campaignCode: campaign.code, timeZone: campaign.timeZone, now, silent, communesWithoutTarget, unconfirmedUploads, failedDeliveries, nextSnapshotAt });
}
