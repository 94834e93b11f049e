import { getDb } from '$lib/server/db/instance';
import { dashboardPage, homeCampaign, otherPublicCampaigns } from '$lib/server/dashboard/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const campaign = await homeCampaign(db, locals.actor);
	const others = await otherPublicCampaigns(db, campaign);
	return campaign ? { ...(await dashboardPage(db, locals.actor, campaign, null, url)), others } : { d: null, path: url.pathname, links: [], others };
};
