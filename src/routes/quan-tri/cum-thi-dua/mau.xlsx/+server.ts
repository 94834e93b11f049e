import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { groupTemplate } from '$lib/server/groups/service';
import type { RequestHandler } from './$types';
import { MAY } from '$lib/domain/access';

export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireRole(locals.actor, url, MAY.administer);
	const file = await orPageError(groupTemplate(await getDb(), actor));
	return downloadResponse(file.name, file.bytes);
};
