import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { ownCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { PREVIEW_ANCHOR, receiveUpload } from '$lib/server/ingest/service';
import { startReading } from '$lib/server/ingest/progress';
import { communeOverview } from '$lib/server/counts/overview';
import { MAX_UPLOAD_BYTES, megabytes } from '$lib/domain/limits';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.report);
	const db = await getDb();
	const campaign = await orPageError(ownCampaign(db, actor, params.code));
	const groups = await orPageError(communeOverview(db, actor, campaign));
	const only = groups.length === 1 && groups[0].communes.length === 1 ? groups[0].communes[0] : null;
	if (actor.role === 'clerk' && only) redirect(303, `/dot/${campaign.code}/nhap/${only.code}`);
	return { campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone }, groups };
};

export const actions: Actions = {
	upload: async ({ locals, url, params, request }) => {
		const actor = requireRole(locals.actor, url, MAY.report);
		const db = await getDb();
		const campaign = await orPageError(ownCampaign(db, actor, params.code));
		const form = await request.formData();
		const file = form.get('file');
		const kind = form.get('kind') === 'targets' ? 'targets' : 'reports';
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Chưa chọn tệp, hoặc tệp trống.', problems: [] });
		if (file.size > MAX_UPLOAD_BYTES) return fail(413, { message: `Tệp ${file.name} lớn hơn ${megabytes(MAX_UPLOAD_BYTES)}; không được nhận.`, problems: [] });
		const reading = startReading(actor.userId, String(form.get('progress') ?? ''));
		const bytes = new Uint8Array(await file.arrayBuffer());
		const id = await formAction(() =>
			receiveUpload(db, actor, campaign, kind, { name: file.name, bytes }, (rows, total) => reading.update({ phase: 'reading', rows, total })).finally(reading.end)
		);
		if (typeof id !== 'string') return id;
		// Straight to the preview's verdict, which a phone would otherwise show below the fold.
		redirect(303, `/dot/${campaign.code}/nhap/tep/${id}#${PREVIEW_ANCHOR}`);
	}
};
