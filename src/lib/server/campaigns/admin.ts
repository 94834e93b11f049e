import { canAdminister, type Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError } from '$lib/domain/errors';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { campaignAsSeenBy } from './access';
import { findCampaignByCode } from './repository';

/**
 * The campaign of an admin page; 404 when it does not exist, 403 outside the admin's
 * province. A national campaign is its province's part for a province's admin (targets,
 * deadlines, capacity of their communes); what stays national is refused by the services
 * (`canRunCampaign`).
 */
export async function administeredCampaign(db: Database, actor: Actor, code: string): Promise<Campaign> {
	const found = await findCampaignByCode(db, code);
	if (!found) throw new NotFoundError(`Không có đợt số hóa mã «${code}».`);
	const campaign = await campaignAsSeenBy(db, actor, found);
	if (!canAdminister(actor, campaign.provinceId)) throw new ForbiddenError('Đợt số hóa này không thuộc tỉnh bạn quản trị.');
	return campaign;
}
