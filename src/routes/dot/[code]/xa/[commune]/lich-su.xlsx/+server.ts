import { error } from '@sveltejs/kit';
import { communeOfCampaign, readableCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { historyWorkbook } from '$lib/server/counts/history';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(readableCampaign(db, locals.actor, params.code));
	const commune = await orPageError(communeOfCampaign(db, locals.actor, campaign, params.commune, false));
	const file = await historyWorkbook(db, campaign, commune);
	return downloadResponse(file.name, file.bytes);
};
