import { error } from '@sveltejs/kit';
import { readCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { provinceNameOf } from '$lib/server/progress/evaluate';
import { snapshotArchive } from '$lib/server/snapshots/pages';
import { buildArchiveTable } from '$reports/dashboard-tables';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(readCampaign(db, locals.actor, params.code));
	const workbook = buildArchiveTable({ provinceName: await provinceNameOf(db, campaign), campaignName: campaign.name, timeZone: campaign.timeZone, rows: await snapshotArchive(db, campaign) });
	return downloadResponse(`chot-so-${campaign.code}.xlsx`, new Uint8Array(await workbook.xlsx.writeBuffer()));
};
