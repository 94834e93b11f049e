import { requireSignedIn } from '$lib/server/auth/guard';
import { awardLists } from '$lib/server/awards/service';
import { readCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import type { PageServerLoad } from './$types';
import { canRunCampaign } from '$lib/server/campaigns/part';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const campaign = await orPageError(readCampaign(db, actor, params.code));
	const lists = await orPageError(awardLists(db, actor, campaign));
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		canManage: canRunCampaign(actor, campaign),
		lists: lists.map((l) => ({ id: l.id, name: l.name, kind: l.kind, description: l.description, slotAt: l.slotAt, frozenAt: l.frozenAt, entries: l.entries }))
	};
};
