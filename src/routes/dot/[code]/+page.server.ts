import { canAdminister } from '$lib/domain/access';
import { getDb } from '$lib/server/db/instance';
import { adminTasks } from '$lib/server/dashboard/admin-tasks';
import { campaignForPage, dashboardPage } from '$lib/server/dashboard/page';
import type { PageServerLoad } from './$types';
import { orPageError } from '$lib/server/forms';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const db = await getDb();
	const campaign = await orPageError(campaignForPage(db, locals.actor, params.code), url);
	const page = await orPageError(dashboardPage(db, locals.actor, campaign, null, url));
	// The admin's first screen: the province with the tasks of the day (figures as they are now).
	const tasks = canAdminister(locals.actor, campaign.provinceId) && page.d.moment.kind === 'now' ? await adminTasks(db, campaign, page.d) : null;
	return { ...page, tasks };
};
