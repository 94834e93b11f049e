import { requireSignedIn } from '$lib/server/auth/guard';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { printData, readableSnapshot, visibleData } from '$lib/server/snapshots/pages';
import { snapshotData } from '$lib/server/snapshots/view';
import { issuerOf, snapshotTitleLine } from '$reports/snapshot-report';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, actor, params.code));
	const snapshot = await orPageError(readableSnapshot(db, campaign, params.id));
	const data = visibleData(await snapshotData(db, campaign, snapshot), actor);
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.time_zone },
		snapshotId: snapshot.id,
		issuer: issuerOf(data.provinceName),
		titleLine: snapshotTitleLine(data),
		provinceName: data.provinceName,
		...printData(data)
	};
};
