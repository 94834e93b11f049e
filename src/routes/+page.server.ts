import { findFeaturedCampaign } from '$lib/server/campaigns/repository';
import { getDb } from '$lib/server/db/instance';
import { evaluateCampaignAt } from '$lib/server/progress/evaluate';
import { provinceSummary } from '$lib/server/progress/summary';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	const campaign = await findFeaturedCampaign(db);
	if (!campaign) return { campaign: null };
	const progress = await evaluateCampaignAt(db, campaign);
	return {
		campaign: {
			code: campaign.code,
			name: campaign.name,
			start: campaign.start_date,
			deadline: campaign.deadline,
			timeZone: campaign.time_zone
		},
		summary: provinceSummary(progress)
	};
};
