import { requireSignedIn } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { snapshotShare } from '$lib/server/snapshots/outputs';
import { readsProvince, snapshotForReader, snapshotPageData } from '$lib/server/snapshots/pages';
import { findUnitById } from '$lib/server/units/repository';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const { campaign, data } = await orPageError(snapshotForReader(db, actor, params.code, params.id));
	// A district head opens on their own district's communes.
	const own = actor.role === 'district' ? (await findUnitById(db, actor.unitId))?.code : undefined;
	const page = snapshotPageData(data, url.searchParams.get('don-vi') ?? own ?? null);
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		readsProvince: readsProvince(actor, campaign),
		// The chat texts this reader sends: the province's, and the selected district's or group's.
		share: { province: snapshotShare(actor, campaign, data, null), selected: page.selected && snapshotShare(actor, campaign, data, page.selected.code) },
		...page
	};
};
