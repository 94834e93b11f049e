import { redirect } from '@sveltejs/kit';
import { endSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ cookies, setHeaders }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) await endSession(await getDb(), token);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		// The device forgets the figures it kept for offline entry (issue 23): the entries in
		// IndexedDB, the service worker's cached pages and the worker itself, and the HTTP cache.
		setHeaders({ 'clear-site-data': '"cache", "storage"' });
		redirect(303, '/');
	}
};
