import { error } from '@sveltejs/kit';
import { canAdminister, type Actor } from '$lib/domain/access';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { findCampaignByCode } from './repository';

/** The campaign of an admin page; 404 when it does not exist, 403 outside the admin's province. */
export async function administeredCampaign(db: Database, actor: Actor, code: string): Promise<Campaign> {
	const campaign = await findCampaignByCode(db, code);
	if (!campaign) error(404, `Không có đợt số hóa mã «${code}».`);
	if (!canAdminister(actor, campaign.province_id)) error(403, 'Đợt số hóa này không thuộc tỉnh bạn quản trị.');
	return campaign;
}
