import { error } from '@sveltejs/kit';
import { readerOf } from '$lib/domain/access';
import { requireSignedIn } from '$lib/server/auth/guard';
import { publicOrReadableCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { leaderboardRequest, leaderboardView } from '$lib/server/leaderboard/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const db = await getDb();
	const campaign = await orPageError(publicOrReadableCampaign(db, locals.actor, params.code));
	if (!campaign) {
		requireSignedIn(locals.actor, url); // not public: anonymous visitors sign in first
		error(404);
	}
	const view = await orPageError(leaderboardView(db, locals.actor, campaign, leaderboardRequest(url)));
	// Communes and the snapshot choice are for the province's own users; the public reads the middle level.
	const reader = readerOf(locals.actor, { provinceId: campaign.provinceId });
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		readsCommunes: reader !== null,
		national: campaign.provinceId === null,
		// The snapshot picker fetches its list when opened (/dot/[code]/lan-chot).
		picksSnapshot: reader !== null,
		...view
	};
};
