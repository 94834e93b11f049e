import { api, requireActor } from '$lib/server/api/http';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { removeWebhook } from '$lib/server/delivery/webhooks';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		await removeWebhook(db, actor, await ownCampaign(db, actor, params.code), params.id, 'api');
		return new Response(null, { status: 204 });
	});
