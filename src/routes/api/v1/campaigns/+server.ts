import { json } from '@sveltejs/kit';
import { api, readJson, requireActor } from '$lib/server/api/http';
import { campaignListFilter } from '$lib/server/campaigns/access';
import { campaignJson, campaignsJson } from '$lib/server/campaigns/json';
import { createCampaign } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(async () => {
		const db = await getDb();
		return json({ campaigns: await campaignsJson(db, await campaignListFilter(db, locals.actor)) });
	});

export const POST: RequestHandler = ({ request, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await createCampaign(db, actor, await readJson(request));
		return json(await campaignJson(db, campaign), { status: 201 });
	});
