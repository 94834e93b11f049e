import { requireRole } from '$lib/server/auth/guard';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { settingsFromForm } from '$lib/server/campaigns/form';
import { formatDateTime } from '$lib/domain/format';
import { campaignSettings, snapshotTimeHistory, updateCampaignSettings } from '$lib/server/campaigns/service';
import { capacitiesInForce } from '$lib/server/capacity/in-force';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.runCampaign);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	const history = await snapshotTimeHistory(db, campaign);
	// Newest first: the times in force now, then each earlier setting.
	const snapshotTimes = history.map((p) => ({ from: formatDateTime(p.from, campaign.timeZone), times: p.times.join(', ') })).reverse();
	const capacity = (await capacitiesInForce(db, campaign.id, new Date().toISOString())).default;
	return { code: campaign.code, values: await campaignSettings(db, campaign), snapshotTimes, capacity };
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, MAY.runCampaign);
		const db = await getDb();
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		return formAction(async () => {
			await updateCampaignSettings(db, actor, campaign, settingsFromForm(await request.formData()), 'form');
			return { saved: true };
		});
	}
};
