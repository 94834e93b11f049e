import type { ServerInit } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/instance';

/** Opens the database and applies pending migrations before the first request. */
export const init: ServerInit = async () => {
	await getDb();
};
