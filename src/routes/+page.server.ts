import { findFeaturedCampaign } from '$lib/server/campaigns/repository';
import { getDb } from '$lib/server/db/instance';
import { currentCampaignTotals } from '$lib/server/progress/current';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	const campaign = await findFeaturedCampaign(db);
	if (!campaign) return { campaign: null };
	const totals = await currentCampaignTotals(db, campaign);
	return {
		campaign: {
			code: campaign.code,
			name: campaign.name,
			start: campaign.start_date,
			deadline: campaign.deadline,
			timeZone: campaign.time_zone
		},
		totals
	};
};
