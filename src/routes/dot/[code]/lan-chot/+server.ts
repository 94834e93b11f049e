import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/instance';
import { campaignForPage } from '$lib/server/dashboard/page';
import { snapshotChoiceList } from '$lib/server/dashboard/service';
import type { RequestHandler } from './$types';
import { orPageError } from '$lib/server/forms';

/** The snapshots a page's picker offers, fetched when the picker opens rather than sent with every page. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const db = await getDb();
	const campaign = await orPageError(campaignForPage(db, locals.actor, params.code), url);
	return json({ snapshots: await snapshotChoiceList(db, campaign) });
};
