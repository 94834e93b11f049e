import { error } from '@sveltejs/kit';
import { publicOrReadableCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { leaderboardRequest, leaderboardWorkbook } from '$lib/server/leaderboard/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const db = await getDb();
	const campaign = await orPageError(publicOrReadableCampaign(db, locals.actor, params.code));
	if (!campaign) error(401, 'Cần đăng nhập.');
	const file = await orPageError(leaderboardWorkbook(db, locals.actor, campaign, leaderboardRequest(url)));
	return downloadResponse(file.name, new Uint8Array(await file.workbook.xlsx.writeBuffer()));
};
