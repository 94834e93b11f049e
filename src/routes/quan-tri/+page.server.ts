import { requireRole } from '$lib/server/auth/guard';
import { listCampaigns } from '$lib/server/campaigns/repository';
import { getDb } from '$lib/server/db/instance';
import { provinceWords } from '$lib/server/groups/service';
import type { PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, MAY.administer);
	const db = await getDb();
	const campaigns = (await listCampaigns(db)).filter((c) => c.provinceId === actor.provinceId);
	return {
		hasGroups: (await provinceWords(db, actor)).middle === 'group',
		campaigns: campaigns.map((c) => ({ code: c.code, name: c.name, start: c.start, deadline: c.deadline, isPublic: c.isPublic }))
	};
};
