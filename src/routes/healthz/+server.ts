import { json } from '@sveltejs/kit';
import { checkHealth } from '$lib/server/health/service';
import type { RequestHandler } from './$types';

/** `GET /healthz`: 200 when this instance's database answers, else 503; never cached. No sign-in. */
export const GET: RequestHandler = async () => {
	const health = await checkHealth();
	return json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
