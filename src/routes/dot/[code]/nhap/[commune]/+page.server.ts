import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { communeOfCampaign, readableCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { formAction, orPageError } from '$lib/server/forms';
import { communeSheet, previewEntry, readEntry, submitEntry } from '$lib/server/counts/form';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { MAY } from '$lib/domain/access';

const REPORTERS = MAY.report;

async function context({ locals, url, params }: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const actor = requireRole(locals.actor, url, [...REPORTERS]);
	const db = await getDb();
	const campaign = await orPageError(readableCampaign(db, actor, params.code));
	const commune = await orPageError(communeOfCampaign(db, actor, campaign, params.commune, true));
	return { actor, db, campaign, commune };
}

export const load: PageServerLoad = async (event) => {
	const { db, campaign, commune } = await context(event);
	const saved = event.url.searchParams.get('da-ghi');
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		commune,
		rows: await communeSheet(db, campaign, commune),
		// A fresh key per form shown: a resent or double-tapped form carries the same one.
		key: randomUUID(),
		saved: saved === null ? null : { count: Number(saved) || 0, replayed: event.url.searchParams.has('lap-lai') }
	};
};

export const actions: Actions = {
	preview: async (event) => {
		const { actor, db, campaign, commune } = await context(event);
		const entry = readEntry(await event.request.formData());
		return formAction(async () => ({ entry, preview: await previewEntry(db, actor, campaign, commune, entry) }), { entry });
	},
	confirm: async (event) => {
		const { actor, db, campaign, commune } = await context(event);
		const entry = readEntry(await event.request.formData());
		const result = await formAction(() => submitEntry(db, actor, campaign, commune, entry), { entry });
		if ('receipt' in result) redirect(303, `${event.url.pathname}?da-ghi=${result.receipt.accepted}${result.replayed ? '&lap-lai' : ''}`);
		return result;
	}
};
