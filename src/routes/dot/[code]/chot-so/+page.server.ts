import { redirect } from '@sveltejs/kit';
import { requireSignedIn } from '$lib/server/auth/guard';
import { ownCampaign, readCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { snapshotArchive } from '$lib/server/snapshots/pages';
import { takeAdhocSnapshot } from '$lib/server/snapshots/service';
import type { Actions, PageServerLoad } from './$types';
import { canRunCampaign } from '$lib/server/campaigns/part';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const campaign = await orPageError(readCampaign(db, actor, params.code));
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone, snapshotTimes: campaign.snapshotTimes },
		canTake: canRunCampaign(actor, campaign),
		archive: await snapshotArchive(db, campaign)
	};
};

export const actions: Actions = {
	take: async ({ locals, url, params }) => {
		const actor = requireSignedIn(locals.actor, url);
		const db = await getDb();
		const campaign = await orPageError(ownCampaign(db, actor, params.code));
		const snapshot = await formAction(() => takeAdhocSnapshot(db, actor, campaign, null, 'web'));
		if ('id' in snapshot) redirect(303, `/dot/${campaign.code}/chot-so/${snapshot.id}`);
		return snapshot;
	}
};
