import { redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { ownCampaign } from '$lib/server/campaigns/access';
import { listCampaignRecordTypes } from '$lib/server/campaigns/repository';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { confirmUpload, PREVIEW_ANCHOR, uploadPreview } from '$lib/server/ingest/service';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

const UPLOADERS = MAY.report;
const SHOWN = 500;

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, [...UPLOADERS]);
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, actor, params.code));
	const [upload, recordTypes] = await Promise.all([orPageError(uploadPreview(db, actor, campaign, params.id, SHOWN)), listCampaignRecordTypes(db, campaign.id)]);
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		upload,
		anchor: PREVIEW_ANCHOR,
		typeNames: Object.fromEntries(recordTypes.map((r) => [r.code, r.name]))
	};
};

export const actions: Actions = {
	confirm: async ({ locals, url, params }) => {
		const actor = requireRole(locals.actor, url, [...UPLOADERS]);
		const db = await getDb();
		const campaign = await orPageError(ownCampaign(db, actor, params.code));
		const result = await formAction(() => confirmUpload(db, actor, campaign, params.id));
		if ('accepted' in result) redirect(303, `${url.pathname}#${PREVIEW_ANCHOR}`);
		return result;
	}
};
