import { findFeaturedCampaign } from '$lib/server/campaigns/repository';
import { getDb } from '$lib/server/db/instance';
import { evaluateCampaignAt } from '$lib/server/progress/evaluate';
import { provinceSummary, rowsOf } from '$lib/server/progress/summary';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	const campaign = await findFeaturedCampaign(db);
	if (!campaign) return { campaign: null, summary: null, middle: [], middleIsGroups: false };
	const progress = await evaluateCampaignAt(db, campaign);
	return {
		campaign: {
			code: campaign.code,
			name: campaign.name,
			start: campaign.start_date,
			deadline: campaign.deadline,
			timeZone: campaign.time_zone
		},
		summary: provinceSummary(progress),
		middleIsGroups: progress.units.some((u) => u.level === 'group'),
		middle: [...rowsOf(progress, 'district'), ...rowsOf(progress, 'group')].map((r) => ({
			code: r.code,
			name: r.name,
			credited: r.credited,
			target: r.target,
			remaining: r.remaining,
			pct: r.pct,
			daysLeft: r.daysLeft,
			dailyQuota: r.dailyQuota,
			status: r.status,
			rank: r.rank
		})).sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code))
	};
};
