import { api, requireActor } from '$lib/server/api/http';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { readableSnapshot, snapshotWorkbook } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const campaign = await ownCampaign(db, actor, params.code);
		const snapshot = await readableSnapshot(db, campaign, params.id);
		const file = await snapshotWorkbook(db, actor, campaign, snapshot, url.searchParams.get('unit'));
		return downloadResponse(file.name, new Uint8Array(await file.workbook.xlsx.writeBuffer()));
	});
