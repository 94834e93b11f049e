import { requireRole } from '$lib/server/auth/guard';
import { smtpUrl } from '$lib/server/config';
import { getDb } from '$lib/server/db/instance';
import { deliveryPreview } from '$lib/server/delivery/preview';
import { orPageError } from '$lib/server/forms';
import type { PageServerLoad } from './$types';
import { MAY } from '$lib/domain/access';

/** What the newest scheduled snapshot sends each recipient (`?dot=`, `?nguoi=`), with or without SMTP. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, MAY.administer);
	const db = await getDb();
	return { mailConfigured: smtpUrl() !== null, ...(await orPageError(deliveryPreview(db, actor, url.searchParams.get('dot'), url.searchParams.get('nguoi')))) };
};
