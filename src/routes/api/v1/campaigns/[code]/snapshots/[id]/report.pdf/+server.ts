import { api, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { snapshotPdf } from '$lib/server/snapshots/outputs';
import { snapshotForReader } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

/** The one-page report of a snapshot as a PDF, for the province or `?unit=` (issue 25). */
export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const { campaign, data } = await snapshotForReader(db, actor, params.code, params.id);
		const file = await snapshotPdf(actor, campaign, data, url.searchParams.get('unit'));
		return downloadResponse(file.name, file.bytes);
	});
