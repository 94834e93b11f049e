import { requireRole } from '$lib/server/auth/guard';
import { readableCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { qualityReport } from '$lib/server/counts/quality';
import type { PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.reviewQuality);
	const db = await getDb();
	const campaign = await orPageError(readableCampaign(db, actor, params.code));
	const report = await orPageError(qualityReport(db, actor, campaign));
	return { campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone }, ...report };
};
