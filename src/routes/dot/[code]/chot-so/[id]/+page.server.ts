import { requireSignedIn } from '$lib/server/auth/guard';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { readableSnapshot, readsProvince, snapshotPageData, visibleData } from '$lib/server/snapshots/pages';
import { snapshotData } from '$lib/server/snapshots/view';
import { findUnitById } from '$lib/server/units/repository';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, actor, params.code));
	const snapshot = await orPageError(readableSnapshot(db, campaign, params.id));
	const data = visibleData(await snapshotData(db, campaign, snapshot), actor);
	// A district head opens on their own district's communes.
	const own = actor.role === 'district' ? (await findUnitById(db, actor.unitId))?.code : undefined;
	const page = snapshotPageData(data, url.searchParams.get('don-vi') ?? own ?? null);
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.time_zone },
		readsProvince: readsProvince(actor, campaign),
		...page
	};
};
