import { requireRole } from '$lib/server/auth/guard';
import { listCampaigns } from '$lib/server/campaigns/repository';
import { getDb } from '$lib/server/db/instance';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, ['admin']);
	const campaigns = (await listCampaigns(await getDb())).filter((c) => c.province_id === actor.provinceId);
	return {
		campaigns: campaigns.map((c) => ({ code: c.code, name: c.name, start: c.start_date, deadline: c.deadline, isPublic: c.is_public === 1 }))
	};
};
