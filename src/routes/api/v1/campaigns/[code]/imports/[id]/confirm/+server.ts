import { json } from '@sveltejs/kit';
import { api, requireActor } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { getDb } from '$lib/server/db/instance';
import { assertMayUpload } from '$lib/server/campaigns/scope';
import { confirmUpload } from '$lib/server/ingest/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await visibleCampaign(db, actor, params.code);
		// Leaders send no files; the upload itself says the rest (only its sender may confirm it).
		assertMayUpload(actor, campaign, 'reports');
		const { accepted, replayed } = await confirmUpload(db, actor, campaign, params.id);
		return json({ id: params.id, accepted, replayed }, { headers: replayed ? { 'idempotent-replayed': 'true' } : {} });
	});
