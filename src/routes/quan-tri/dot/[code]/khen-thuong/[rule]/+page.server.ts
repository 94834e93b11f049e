import { redirect } from '@sveltejs/kit';
import { formValuesOf, ruleFormValues, ruleInput } from '$lib/domain/award-form';
import { formatDate } from '$lib/domain/format';
import { requireRole } from '$lib/server/auth/guard';
import { archiveRule, awardContext, awardRule, drawAwardList, previewAwardList, saveAwardRule } from '$lib/server/awards/service';
import { administeredCampaign } from '$lib/server/campaigns/admin';
import { getDb } from '$lib/server/db/instance';
import { formAction, formText, orPageError } from '$lib/server/forms';
import { snapshotChoices } from '$lib/server/leaderboard/service';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { MAY } from '$lib/domain/access';

async function context({ locals, url, params }: RequestEvent) {
	const actor = requireRole(locals.actor, url, MAY.runCampaign);
	const db = await getDb();
	const campaign = await orPageError(administeredCampaign(db, actor, params.code));
	return { actor, db, campaign };
}

export const load: PageServerLoad = async (event) => {
	const { actor, db, campaign } = await context(event);
	const rule = await orPageError(awardRule(db, actor, campaign, event.params.rule));
	const [ctx, preview, snapshots] = await Promise.all([
		awardContext(db, campaign),
		orPageError(previewAwardList(db, actor, campaign, rule.id, event.url.searchParams.get('lan'))),
		snapshotChoices(db, campaign)
	]);
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone, deadline: formatDate(campaign.deadline) },
		recordTypes: ctx.recordTypes,
		hasGroups: ctx.hasGroups,
		national: campaign.provinceId === null,
		rule,
		values: formValuesOf(rule.name, rule.criteria),
		preview,
		snapshots
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, db, campaign } = await context(event);
		const values = ruleFormValues(await event.request.formData());
		return formAction(
			async () => {
				await saveAwardRule(db, actor, campaign, ruleInput(values), 'form', event.params.rule);
				return { saved: true };
			},
			{ values }
		);
	},
	draw: async (event) => {
		const { actor, db, campaign } = await context(event);
		const snapshot = formText(await event.request.formData(), 'snapshot');
		const result = await formAction(async () => ({ id: await drawAwardList(db, actor, campaign, event.params.rule, snapshot, 'form') }));
		if ('id' in result) redirect(303, `/dot/${campaign.code}/khen-thuong/${result.id}`);
		return result;
	},
	archive: async (event) => {
		const { actor, db, campaign } = await context(event);
		await orPageError(archiveRule(db, actor, campaign, event.params.rule, 'form'));
		redirect(303, `/quan-tri/dot/${campaign.code}/khen-thuong`);
	}
};
