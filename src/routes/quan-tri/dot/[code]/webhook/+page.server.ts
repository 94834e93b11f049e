import { requireRole } from '$lib/server/auth/guard';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { getDb } from '$lib/server/db/instance';
import { listWebhooks, registerWebhook, removeWebhook } from '$lib/server/delivery/webhooks';
import { formAction, formText, orPageError } from '$lib/server/forms';
import { campaignWords } from '$lib/server/groups/service';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.runCampaign);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	return { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone, words: await campaignWords(db, campaign), webhooks: await listWebhooks(db, actor, campaign) };
};

export const actions: Actions = {
	/** Registers an address; the secret comes back in this answer only. */
	create: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, MAY.runCampaign);
		const db = await getDb();
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		const address = formText(await request.formData(), 'url');
		return formAction(async () => ({ created: await registerWebhook(db, actor, campaign, address, 'web') }), { url: address });
	},
	remove: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, MAY.runCampaign);
		const db = await getDb();
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		const id = formText(await request.formData(), 'id');
		return formAction(async () => {
			await removeWebhook(db, actor, campaign, id, 'web');
			return { removed: true };
		});
	}
};
