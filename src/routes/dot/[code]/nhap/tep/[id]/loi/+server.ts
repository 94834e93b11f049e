import { error } from '@sveltejs/kit';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { uploadWithErrors } from '$lib/server/ingest/service';
import type { RequestHandler } from './$types';

/** The uploaded file again, with a column naming what is wrong on each row. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, locals.actor, params.code));
	const file = await orPageError(uploadWithErrors(db, locals.actor, campaign, params.id));
	return downloadResponse(file.name, file.bytes);
};
