import { newRule, ruleFormValues, ruleInput } from '$lib/domain/award-form';
import { formatDate } from '$lib/domain/format';
import { requireRole } from '$lib/server/auth/guard';
import { awardContext, awardLists, awardRules, saveAwardRule } from '$lib/server/awards/service';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireRole(locals.actor, url, MAY.runCampaign);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	const [ctx, rules, lists] = await Promise.all([awardContext(db, campaign), awardRules(db, campaign), awardLists(db, actor, campaign)]);
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone, deadline: formatDate(campaign.deadline) },
		recordTypes: ctx.recordTypes,
		hasGroups: ctx.hasGroups,
		national: ctx.national,
		rules,
		lists: lists.map((l) => ({ id: l.id, name: l.name, kind: l.kind, slotAt: l.slotAt, frozenAt: l.frozenAt, entries: l.entries })),
		newRule: newRule(ctx.national)
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url, params }) => {
		const actor = requireRole(locals.actor, url, MAY.runCampaign);
		const db = await getDb();
		const campaign = await orPageError(administeredCampaign(db, actor, params.code));
		const values = ruleFormValues(await request.formData());
		return formAction(
			async () => {
				await saveAwardRule(db, actor, campaign, ruleInput(values), 'form');
				return { saved: values.name.trim() };
			},
			{ values }
		);
	}
};
