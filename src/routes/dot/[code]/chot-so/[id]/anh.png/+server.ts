import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { snapshotPicture } from '$lib/server/snapshots/outputs';
import { snapshotForReader } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = locals.actor;
	if (!actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const { campaign, data } = await orPageError(snapshotForReader(db, actor, params.code, params.id));
	const file = await orPageError(snapshotPicture(actor, campaign, data, url.searchParams.get('unit')));
	return downloadResponse(file.name, file.bytes);
};
