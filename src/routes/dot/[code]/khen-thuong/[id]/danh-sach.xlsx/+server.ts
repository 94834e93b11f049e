import { error } from '@sveltejs/kit';
import { awardWorkbook, frozenList } from '$lib/server/awards/service';
import { readCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = locals.actor;
	if (!actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(readCampaign(db, actor, params.code));
	const list = await orPageError(frozenList(db, actor, campaign, params.id));
	const file = awardWorkbook(campaign, list);
	return downloadResponse(file.name, new Uint8Array(await file.workbook.xlsx.writeBuffer()));
};
