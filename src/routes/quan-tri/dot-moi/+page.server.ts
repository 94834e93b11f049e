import { redirect } from '@sveltejs/kit';
import { DEFAULT_SETTINGS } from '$lib/domain/campaign-input';
import { addDays, localDateOf } from '$lib/domain/time';
import { requireRole } from '$lib/server/auth/guard';
import { settingsFromForm } from '$lib/server/campaigns/form';
import { createCampaign } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import { formAction } from '$lib/server/forms';
import { findUnitById, listHierarchies } from '$lib/server/units/repository';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals.actor, url, MAY.administer);
	const today = localDateOf(new Date(), DEFAULT_SETTINGS.timeZone);
	return {
		hierarchies: (await listHierarchies(await getDb())).map((h) => h.as_of).reverse(),
		values: { ...DEFAULT_SETTINGS, name: '', start: today, deadline: addDays(today, 20) }
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requireRole(locals.actor, url, MAY.administer);
		const db = await getDb();
		const form = await request.formData();
		const province = await findUnitById(db, actor.provinceId);
		const raw = { ...settingsFromForm(form), code: String(form.get('code') ?? '').trim(), hierarchy: String(form.get('hierarchy') ?? ''), provinceCode: province?.code };
		return formAction(async () => {
			const campaign = await createCampaign(db, actor, raw);
			redirect(303, `/quan-tri/dot/${campaign.code}`);
		}, { code: raw.code });
	}
};
