import { canAdminister, type Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError } from '$lib/domain/errors';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { findCampaignByCode } from './repository';

/** The campaign of an admin page; 404 when it does not exist, 403 outside the admin's province. */
export async function administeredCampaign(db: Database, actor: Actor, code: string): Promise<Campaign> {
	const campaign = await findCampaignByCode(db, code);
	if (!campaign) throw new NotFoundError(`Không có đợt số hóa mã «${code}».`);
	if (!canAdminister(actor, campaign.provinceId)) throw new ForbiddenError('Đợt số hóa này không thuộc tỉnh bạn quản trị.');
	return campaign;
}
