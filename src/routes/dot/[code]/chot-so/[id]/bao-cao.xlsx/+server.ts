import { error } from '@sveltejs/kit';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { readableSnapshot, snapshotWorkbook } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, locals.actor, params.code));
	const snapshot = await orPageError(readableSnapshot(db, campaign, params.id));
	const file = await orPageError(snapshotWorkbook(db, locals.actor, campaign, snapshot, url.searchParams.get('unit')));
	return downloadResponse(file.name, new Uint8Array(await file.workbook.xlsx.writeBuffer()));
};
