import { ValidationError } from '$lib/domain/errors';
import { requireRole } from '$lib/server/auth/guard';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { editableCommunes, importCapacityFile, setDefaultCapacity } from '$lib/server/capacity/service';
import { capacitiesInForce } from '$lib/server/capacity/in-force';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, ['admin']);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	const [inForce, communes] = await Promise.all([capacitiesInForce(db, campaign.id, new Date().toISOString()), editableCommunes(db, actor, campaign)]);
	return { code: campaign.code, name: campaign.name, defaultCapacity: inForce.default, ownSet: inForce.byCommune.size, communes: communes.length };
};

const wholeNumber = (v: FormDataEntryValue | null) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : String(v ?? ''));

export const actions: Actions = {
	/** The campaign's machines and shifts for communes nobody has set, from now. */
	defaults: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, ['admin']);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		return formAction(async () => ({
			defaultSaved: (await setDefaultCapacity(db, actor, campaign, wholeNumber(form.get('machines')), wholeNumber(form.get('shiftsPerDay')), 'form')).changed
		}));
	},
	/** A capacity file for any communes of the province, all or nothing. */
	upload: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, ['admin']);
		const [db, form] = await Promise.all([getDb(), request.formData()]);
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return formAction(async () => Promise.reject(new ValidationError('Hãy chọn một tệp .xlsx hoặc .csv.')));
		const bytes = new Uint8Array(await file.arrayBuffer());
		return formAction(async () => ({ imported: await importCapacityFile(db, actor, campaign, { name: file.name, bytes }) }));
	}
};
