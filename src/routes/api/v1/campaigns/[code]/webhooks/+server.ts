import { json } from '@sveltejs/kit';
import { api, ApiError, readJson, requireActor } from '$lib/server/api/http';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { listWebhooks, registerWebhook } from '$lib/server/delivery/webhooks';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		return json({ webhooks: await listWebhooks(db, actor, await ownCampaign(db, actor, params.code)) });
	});

/** `{url}` → `{id, url, createdAt, secret}`: the secret is shown this once (DESIGN §8). */
export const POST: RequestHandler = ({ params, request, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const campaign = await ownCampaign(db, actor, params.code);
		const body = await readJson(request);
		if (typeof body !== 'object' || body === null || Array.isArray(body))
			throw new ApiError(400, 'invalid', 'Nội dung phải là một đối tượng JSON, ví dụ {"url": "https://bot.example.gov.vn/tiendo"}.');
		return json(await registerWebhook(db, actor, campaign, (body as { url?: unknown }).url, 'api'), { status: 201 });
	});
