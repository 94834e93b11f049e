import { randomUUID } from 'node:crypto';
import { requireSignedIn } from '$lib/server/auth/guard';
import { communeOfCampaign, readableCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { historyOf } from '$lib/server/counts/history';
import { dashboardPage } from '$lib/server/dashboard/page';
import { planPageData } from '$lib/server/capacity/service';
import type { PageServerLoad } from './$types';
import { may } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const campaign = await orPageError(readableCampaign(db, actor, params.code));
	const commune = await orPageError(communeOfCampaign(db, actor, campaign, params.commune, false));
	const [{ entries, typeNames }, page] = await Promise.all([historyOf(db, campaign, commune), orPageError(dashboardPage(db, actor, campaign, commune.code, url))]);
	// The plan (issue 27): the commune's machines × shifts at the page's moment.
	const plan = await planPageData(db, actor, campaign, [commune.code], page.d.moment);
	return {
		...page,
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		commune,
		canReport: may(actor.role, 'report'),
		// The entry form's idempotency key, as on the entry page.
		key: randomUUID(),
		entries: entries.slice(0, 1000),
		total: entries.length,
		typeNames,
		capacity: plan.capacities[commune.code]
	};
};
