import { redirect } from '@sveltejs/kit';
import { DEFAULT_SETTINGS } from '$lib/domain/campaign-input';
import { addDays, localDateOf } from '$lib/domain/time';
import { carryableCampaigns } from '$lib/server/across/carry-over';
import { carryOverPreview } from '$lib/server/across/carry-over-page';
import { requireRole } from '$lib/server/auth/guard';
import { settingsFromForm } from '$lib/server/campaigns/form';
import { createCampaign } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { findUnitById, listHierarchies } from '$lib/server/units/repository';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, MAY.administer);
	const db = await getDb();
	const today = localDateOf(new Date(), DEFAULT_SETTINGS.timeZone);
	// "Chuyển phần còn lại từ đợt…": `tu` (the old campaign) and `luc` (an instant; none: now) preview the targets.
	const from = url.searchParams.get('tu') || null;
	const preview = from ? await orPageError(carryOverPreview(db, actor, from, url.searchParams.get('luc') || null)) : null;
	return {
		hierarchies: (await listHierarchies(db)).map((h) => h.asOf).reverse(),
		values: { ...DEFAULT_SETTINGS, name: '', start: today, deadline: addDays(today, 20), ...(preview ? { recordTypes: preview.recordTypes } : {}) },
		carryable: await carryableCampaigns(db, actor),
		preview
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requireRole(locals.actor, url, MAY.administer);
		const db = await getDb();
		const form = await request.formData();
		const province = await findUnitById(db, actor.provinceId);
		const raw = { ...settingsFromForm(form), code: String(form.get('code') ?? '').trim(), hierarchy: String(form.get('hierarchy') ?? ''), provinceCode: province?.code };
		const carryFrom = String(form.get('carryFrom') ?? '');
		const carryOver = carryFrom ? { from: carryFrom, at: String(form.get('carryAt') ?? '') || undefined } : undefined;
		return formAction(
			async () => {
				const campaign = await createCampaign(db, actor, carryOver ? { ...raw, carryOver } : raw);
				redirect(303, `/quan-tri/dot/${campaign.code}`);
			},
			{ code: raw.code }
		);
	}
};
