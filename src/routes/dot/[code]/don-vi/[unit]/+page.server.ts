import { ValidationError } from '$lib/domain/errors';
import { requireSignedIn } from '$lib/server/auth/guard';
import { ownCampaign } from '$lib/server/campaigns/access';
import { importCapacityFile, planPageData, requireCapacityEditor, setCapacitiesFromForm } from '$lib/server/capacity/service';
import { getDb } from '$lib/server/db/instance';
import { campaignForPage, dashboardPage } from '$lib/server/dashboard/page';
import { formAction, orPageError } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url); // a district or group page is never public
	const db = await getDb();
	const campaign = await orPageError(campaignForPage(db, locals.actor, params.code), url);
	const page = await orPageError(dashboardPage(db, locals.actor, campaign, params.unit, url));
	// The plan (issue 27): each commune's machines × shifts at the page's moment.
	const communes = page.d.childLevel === 'commune' ? page.d.children.map((c) => c.code) : [];
	const plan = communes.length ? await planPageData(db, actor, campaign, communes, page.d.moment) : null;
	return { ...page, plan };
};

export const actions: Actions = {
	/** Machines and shifts per day of the communes, as the what-if left them. */
	capacity: async ({ request, locals, url, params }) => {
		const actor = requireSignedIn(locals.actor, url);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const campaign = await orPageError(ownCampaign(db, actor, params.code));
		return formAction(async () => ({ capacitySaved: (await setCapacitiesFromForm(db, actor, campaign, form)).changed }));
	},
	/** A capacity file (the template, or any file with Mã xã, Số máy, Số ca/ngày), all or nothing. */
	capacityFile: async ({ request, locals, url, params }) => {
		const actor = requireSignedIn(locals.actor, url);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const campaign = await orPageError(ownCampaign(db, actor, params.code));
		await orPageError(requireCapacityEditor(db, actor, campaign));
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return formAction(async () => Promise.reject(new ValidationError('Hãy chọn một tệp .xlsx hoặc .csv.')));
		const bytes = new Uint8Array(await file.arrayBuffer());
		return formAction(async () => ({ capacityImported: await importCapacityFile(db, actor, campaign, { name: file.name, bytes }) }));
	}
};
