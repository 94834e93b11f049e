import { api, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { snapshotText } from '$lib/server/snapshots/outputs';
import { snapshotForReader } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

/** The chat text of a snapshot with its roll-call, for the province or `?unit=` (issue 25). */
export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const { campaign, data } = await snapshotForReader(db, actor, params.code, params.id);
		const file = snapshotText(actor, campaign, data, url.searchParams.get('unit'));
		return downloadResponse(file.name, file.bytes, { inline: true });
	});
