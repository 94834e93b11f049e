import { requireSignedIn } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { printData, snapshotForReader } from '$lib/server/snapshots/pages';
import { issuerOf, snapshotTitleLine } from '$reports/snapshot-report';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const { campaign, snapshot, data } = await orPageError(snapshotForReader(db, actor, params.code, params.id));
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.time_zone },
		snapshotId: snapshot.id,
		issuer: issuerOf(data.provinceName),
		titleLine: snapshotTitleLine(data),
		provinceName: data.provinceName,
		...printData(data)
	};
};
