import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/instance';
import { dashboardPage, homeCampaign, otherPublicCampaigns } from '$lib/server/dashboard/page';
import { firstScreenOf } from '$lib/server/dashboard/landing';
import type { PageServerLoad } from './$types';
import { orPageError } from '$lib/server/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	// A signed-in user's home is their role's first screen (after login too: it goes here).
	const first = locals.actor && (await firstScreenOf(db, locals.actor));
	if (first) redirect(303, first);
	const campaign = await homeCampaign(db, locals.actor);
	const others = await otherPublicCampaigns(db, campaign);
	return campaign ? { ...(await orPageError(dashboardPage(db, locals.actor, campaign, null, url))), others } : { d: null, path: url.pathname, links: [], others };
};
