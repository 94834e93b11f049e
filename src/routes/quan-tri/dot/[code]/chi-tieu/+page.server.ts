import { requireRole } from '$lib/server/auth/guard';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { listCampaignRecordTypes } from '$lib/server/campaigns/repository';
import { setCampaignTargets } from '$lib/server/campaigns/service';
import { listCurrentTargets } from '$lib/server/campaigns/targets';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { campaignTree } from '$lib/server/progress/evaluate';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.runCampaign);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	const [tree, recordTypes, targets] = await Promise.all([campaignTree(db, campaign), listCampaignRecordTypes(db, campaign.id), listCurrentTargets(db, campaign.id)]);
	const targetOf = new Map(targets.map((t) => [`${t.communeId}|${t.recordType}`, t.target]));
	const parents = tree.filter((u) => u.level !== 'commune');
	return {
		code: campaign.code,
		name: campaign.name,
		recordTypes,
		sections: parents
			.map((p) => ({
				name: p.name,
				communes: tree
					.filter((u) => u.level === 'commune' && u.parentKey === p.key)
					.map((c) => ({ code: c.code, name: c.name, targets: recordTypes.map((r) => targetOf.get(`${c.id}|${r.code}`) ?? null) }))
			}))
			.filter((s) => s.communes.length > 0)
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, MAY.runCampaign);
		const db = await getDb();
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		const entries: { commune: string; recordType: string; target: unknown }[] = [];
		for (const [name, value] of (await request.formData()).entries()) {
			const m = /^t:(\d{5}):([a-z_]+)$/.exec(name);
			if (!m || String(value).trim() === '') continue;
			const text = String(value).trim().replace(/\./g, '');
			entries.push({ commune: m[1], recordType: m[2], target: /^\d+$/.test(text) ? Number(text) : String(value) });
		}
		return formAction(async () => {
			const { changed } = await setCampaignTargets(db, actor, campaign, entries, 'form');
			return { changed };
		});
	}
};
