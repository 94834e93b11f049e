/**
 * A province's part of a national campaign (issue 29): the campaign as that province's
 * users read it, with `provinceId` set to their province, so that every page, file and
 * figure built for a provincial campaign shows their province's part as if it were their
 * own campaign. Its national settings (snapshot times, awards, webhooks, defaults) stay
 * the ministry's: `canRunCampaign` refuses them through a part.
 */
import { canAdminister, type Actor } from '$lib/domain/access';
import type { Campaign } from '$lib/domain/campaign';

const parts = new WeakSet<Campaign>();

/** The part of national campaign `campaign` that province `provinceId` reads as its own. */
export function provincePartOf(campaign: Campaign, provinceId: number): Campaign {
	const part = { ...campaign, provinceId };
	parts.add(part);
	return part;
}

/** Whether a campaign is a province's part of a national campaign (see `provincePartOf`). */
export function isProvincePart(campaign: Campaign): boolean {
	return parts.has(campaign);
}

/**
 * Running the campaign itself (its settings, snapshots on demand, awards, webhooks): a
 * provincial campaign's admins, or the ministry for a national one; never a province
 * through its part, whose admins set only their province's targets and deadlines.
 */
export function canRunCampaign(actor: Actor | null, campaign: Campaign): boolean {
	return !isProvincePart(campaign) && canAdminister(actor, campaign.provinceId);
}
