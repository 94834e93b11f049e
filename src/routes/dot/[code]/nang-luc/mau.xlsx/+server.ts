import { error } from '@sveltejs/kit';
import { ownCampaign } from '$lib/server/campaigns/access';
import { capacityTemplate } from '$lib/server/capacity/service';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import type { RequestHandler } from './$types';

/** The capacity template (Mã xã, Tên xã, Số máy, Số ca/ngày) of the communes the user sets, prefilled with now's. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, locals.actor, params.code));
	const file = await orPageError(capacityTemplate(db, locals.actor, campaign));
	return downloadResponse(file.name, file.bytes);
};
