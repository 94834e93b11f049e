import { api, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { snapshotForReader, snapshotWorkbook } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const { campaign, data } = await snapshotForReader(db, actor, params.code, params.id);
		const file = await snapshotWorkbook(actor, campaign, data, url.searchParams.get('unit'));
		return downloadResponse(file.name, new Uint8Array(await file.workbook.xlsx.writeBuffer()));
	});
