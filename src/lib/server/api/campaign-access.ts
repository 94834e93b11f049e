import type { Actor } from '../../domain/access';
import { readableCampaign } from '../campaigns/access';
import { findCampaignByCode } from '../campaigns/repository';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { ApiError } from './http';

/**
 * The campaign named in a URL, if the actor may see it at all: 404 otherwise, so codes do
 * not leak, except that an anonymous caller of a campaign that exists learns to sign in.
 */
export async function visibleCampaign(db: Database, actor: Actor | null, code: string): Promise<Campaign> {
	if (!actor && (await findCampaignByCode(db, code))?.is_public === 0) throw new ApiError(401, 'unauthenticated', 'Cần đăng nhập để xem đợt số hóa này.');
	return readableCampaign(db, actor, code);
}
