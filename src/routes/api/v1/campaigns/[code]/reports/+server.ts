import { json } from '@sveltejs/kit';
import { api, readJson, requireActor } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { getDb } from '$lib/server/db/instance';
import { submitReports } from '$lib/server/counts/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await visibleCampaign(db, actor, params.code);
		const { receipt, replayed } = await submitReports(db, actor, campaign, await readJson(request), {
			source: 'api',
			idempotencyKey: request.headers.get('idempotency-key')
		});
		return json(receipt, { status: 201, headers: replayed ? { 'idempotent-replayed': 'true' } : {} });
	});
