import { requireSignedIn } from '$lib/server/auth/guard';
import { frozenList } from '$lib/server/awards/service';
import { readCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { AWARD_SIGNERS, awardListDateLine, awardListSubtitle } from '$reports/awards';
import { issuerOf } from '$reports/snapshot-report';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const campaign = await orPageError(readCampaign(db, actor, params.code));
	const list = await orPageError(frozenList(db, actor, campaign, params.id));
	const header = { campaignName: campaign.name, timeZone: campaign.timeZone, list };
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		list,
		issuer: issuerOf(list.provinceName),
		subtitle: awardListSubtitle(header),
		dateLine: awardListDateLine(list.provinceName, list.frozenAt, campaign.timeZone),
		signers: AWARD_SIGNERS
	};
};
