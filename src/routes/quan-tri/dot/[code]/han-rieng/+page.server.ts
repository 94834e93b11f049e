import { requireRole } from '$lib/server/auth/guard';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { listDeadlineOverrides } from '$lib/server/campaigns/repository';
import { setUnitDeadlines } from '$lib/server/campaigns/service';
import { getDb } from '$lib/server/db/instance';
import { formAction } from '$lib/server/forms';
import { campaignTree } from '$lib/server/progress/evaluate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, ['admin']);
	const db = await getDb();
	const campaign = await administeredCampaign(db, actor, params.code);
	const overrides = new Map((await listDeadlineOverrides(db, campaign.id)).map((o) => [o.code, o.deadline]));
	const tree = await campaignTree(db, campaign);
	const units = tree.filter((u) => u.level === 'district' || overrides.has(u.code));
	return {
		name: campaign.name,
		start: campaign.start_date,
		deadline: campaign.deadline,
		units: units.map((u) => ({ code: u.code, name: u.name, deadline: overrides.get(u.code) ?? '' }))
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, ['admin']);
		const db = await getDb();
		const campaign = await administeredCampaign(db, actor, params.code);
		const entries = [...(await request.formData()).entries()]
			.filter(([name]) => name.startsWith('d:'))
			.map(([name, value]) => ({ unit: name.slice(2), deadline: String(value).trim() === '' ? null : String(value).trim() }));
		return formAction(async () => {
			await setUnitDeadlines(db, actor, campaign, entries, 'form');
			return { saved: true };
		});
	}
};
