import { requireRole } from '$lib/server/auth/guard';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { levelWords } from '$lib/domain/levels';
import { setUnitDeadlines } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { campaignTree } from '$lib/server/progress/evaluate';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.runCampaign);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	const tree = await campaignTree(db, campaign);
	// Every district or group, and the communes that have a deadline of their own.
	const units = tree.filter((u) => u.level === 'district' || u.level === 'group' || (u.level === 'commune' && u.deadline !== null));
	return {
		name: campaign.name,
		start: campaign.start,
		deadline: campaign.deadline,
		words: levelWords(tree.some((u) => u.level === 'district') ? 3 : 2),
		units: units.map((u) => ({ code: u.code, name: u.name, deadline: u.deadline ?? '' }))
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, MAY.runCampaign);
		const db = await getDb();
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		const form = await request.formData();
		const entries = [...form.entries()]
			.filter(([name]) => name.startsWith('d:'))
			.map(([name, value]) => ({ unit: name.slice(2), deadline: String(value).trim() === '' ? null : String(value).trim() }));
		const commune = String(form.get('commune') ?? '').trim();
		if (commune) entries.push({ unit: commune, deadline: String(form.get('communeDeadline') ?? '').trim() || null });
		return formAction(async () => {
			await setUnitDeadlines(db, actor, campaign, entries, 'form');
			return { saved: true };
		});
	}
};
