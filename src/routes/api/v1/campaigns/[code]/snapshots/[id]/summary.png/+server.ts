import { api, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { snapshotPicture } from '$lib/server/snapshots/outputs';
import { snapshotForReader } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

/** The picture of the standings of a snapshot (PNG, 1080 px wide), for the province or `?unit=` (issue 25). */
export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const { campaign, data } = await snapshotForReader(db, actor, params.code, params.id);
		const file = await snapshotPicture(actor, campaign, data, url.searchParams.get('unit'));
		return downloadResponse(file.name, file.bytes, { inline: true });
	});
