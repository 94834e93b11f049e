import { error } from '@sveltejs/kit';
import { ownCampaign } from '$lib/server/campaigns/access';
import { planWorkbook } from '$lib/server/capacity/service';
import { parseMoment } from '$lib/server/dashboard/service';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import type { RequestHandler } from './$types';

/** The plan of a district or group with its communes (`luc`: at that instant, else now). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, locals.actor, params.code));
	const luc = url.searchParams.get('luc');
	const at = luc ? parseMoment(luc, campaign.timeZone) : new Date();
	if (!at) error(400, `Thời điểm «${luc}» không hợp lệ.`);
	const file = await orPageError(planWorkbook(db, locals.actor, campaign, params.unit, at));
	return downloadResponse(file.name, file.bytes);
};
