import type { Actor } from '$lib/domain/access';
import { publicOrReadableCampaign } from '../campaigns/access';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { ApiError } from './http';

/**
 * The campaign named in a URL, if the actor may see it at all: 404 otherwise, so codes do
 * not leak, except that an anonymous caller of a campaign that exists learns to sign in.
 */
export async function visibleCampaign(db: Database, actor: Actor | null, code: string): Promise<Campaign> {
	const campaign = await publicOrReadableCampaign(db, actor, code);
	if (!campaign) throw new ApiError(401, 'unauthenticated', 'Cần đăng nhập để xem đợt số hóa này.');
	return campaign;
}
