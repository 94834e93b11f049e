import { json } from '@sveltejs/kit';
import { api, readJson, requireActor } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { setUnitDeadlines } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = ({ params, request, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await visibleCampaign(db, actor, params.code);
		return json(await setUnitDeadlines(db, actor, campaign, await readJson(request), 'api'));
	});
