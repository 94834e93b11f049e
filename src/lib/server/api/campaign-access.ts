import { canSeeCampaign, type Actor } from '../../domain/access';
import { findCampaignByCode } from '../campaigns/repository';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { ApiError, notFound } from './http';

/** The campaign named in a URL, if the actor may see it at all (404 otherwise, so codes do not leak). */
export async function visibleCampaign(db: Database, actor: Actor | null, code: string): Promise<Campaign> {
	const campaign = await findCampaignByCode(db, code);
	if (!campaign || !canSeeCampaign(actor, { provinceId: campaign.province_id, isPublic: campaign.is_public === 1 })) {
		if (campaign && !actor) throw new ApiError(401, 'unauthenticated', 'Cần đăng nhập để xem đợt số hóa này.');
		throw notFound(`Không có đợt số hóa mã «${code}».`);
	}
	return campaign;
}
