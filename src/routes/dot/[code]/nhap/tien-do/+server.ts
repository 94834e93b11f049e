import { error, json } from '@sveltejs/kit';
import { readingOf } from '$lib/server/ingest/progress';
import type { RequestHandler } from './$types';

/** How far the server has read the user's upload, for the page's progress bar. */
export const GET: RequestHandler = ({ locals, url }) => {
	if (!locals.actor) error(401, 'Cần đăng nhập.');
	return json(readingOf(locals.actor.userId, url.searchParams.get('key') ?? ''), { headers: { 'cache-control': 'no-store' } });
};
