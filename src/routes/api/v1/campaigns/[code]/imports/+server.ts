import { json } from '@sveltejs/kit';
import { api, requireActor } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { getDb } from '$lib/server/db/instance';
import { beforeBody, fileFromRequest, importByApi, importKind } from '$lib/server/ingest/api';
import { assertMayUpload } from '$lib/server/campaigns/scope';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request, url, locals }) =>
	api(async () => {
		const { actor, kind, db, campaign } = await beforeBody(request, async () => {
			const actor = requireActor(locals.actor);
			const kind = importKind(url.searchParams.get('kind'));
			const db = await getDb();
			const campaign = await visibleCampaign(db, actor, params.code);
			assertMayUpload(actor, campaign, kind);
			return { actor, kind, db, campaign };
		});
		const file = await fileFromRequest(request);
		return json(await importByApi(db, actor, campaign, kind, file), { status: 201 });
	});
