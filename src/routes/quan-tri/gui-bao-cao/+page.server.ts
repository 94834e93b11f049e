import { requireRole } from '$lib/server/auth/guard';
import { smtpUrl } from '$lib/server/config';
import { getDb } from '$lib/server/db/instance';
import { provinceWords } from '$lib/server/groups/service';
import { deliveryLog } from '$lib/server/delivery/repository';
import type { PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, MAY.administer);
	const db = await getDb();
	return { mailConfigured: smtpUrl() !== null, deliveries: await deliveryLog(db, actor.provinceId), words: await provinceWords(db, actor) };
};
