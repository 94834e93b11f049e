import { getDb } from '$lib/server/db/instance';
import { dashboardPage, homeCampaign } from '$lib/server/dashboard/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const campaign = await homeCampaign(db, locals.actor);
	return campaign ? dashboardPage(db, locals.actor, campaign, null, url) : { d: null, path: url.pathname, links: [] };
};
