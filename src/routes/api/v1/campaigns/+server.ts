import { json } from '@sveltejs/kit';
import { canSeeCampaign } from '$lib/domain/access';
import { api, readJson, requireActor } from '$lib/server/api/http';
import { listCampaigns } from '$lib/server/campaigns/repository';
import { campaignJson } from '$lib/server/campaigns/json';
import { createCampaign } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(async () => {
		const db = await getDb();
		const visible = (await listCampaigns(db)).filter((c) => canSeeCampaign(locals.actor, { provinceId: c.province_id, isPublic: c.is_public === 1 }));
		return json({ campaigns: await Promise.all(visible.map((c) => campaignJson(db, c))) });
	});

export const POST: RequestHandler = ({ request, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await createCampaign(db, actor, await readJson(request));
		return json(await campaignJson(db, campaign), { status: 201 });
	});
