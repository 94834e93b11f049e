import { requireSignedIn } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { campaignForPage, dashboardPage } from '$lib/server/dashboard/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireSignedIn(locals.actor, url); // a district or group page is never public
	const db = await getDb();
	const campaign = await campaignForPage(db, locals.actor, params.code, url);
	return dashboardPage(db, locals.actor, campaign, params.unit, url);
};
