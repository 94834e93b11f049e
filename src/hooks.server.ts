import type { Handle, ServerInit } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';
import { errorResponse } from '$lib/server/api/http';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import { schedulerEnabled } from '$lib/server/config';
import { smtpTransport } from '$lib/server/delivery/service';
import { prepareWorkbookWorker } from '$lib/server/ingest/workbook-worker';
import { startAppJobs } from '$lib/server/jobs/app-jobs';
import { MAX_API_BODY_BYTES, MAX_FORM_BYTES, MAX_UPLOAD_BYTES, megabytes } from '$lib/domain/limits';

/** Opens the database and applies pending migrations before the first request. */
export const init: ServerInit = async () => {
	// Required by the built server (SvelteKit checks form origins against it); not in `vite dev`.
	if (!dev && !env.ORIGIN)
		throw new Error('Thiếu biến môi trường ORIGIN: đặt địa chỉ công khai của trang, ví dụ ORIGIN=https://tiendo.stp.example.gov.vn (xem README).');
	const db = await getDb();
	prepareWorkbookWorker();
	if (schedulerEnabled()) {
		const jobs = startAppJobs(db, { transport: smtpTransport() });
		// adapter-node emits this on SIGINT/SIGTERM once requests have drained.
		process.once('sveltekit:shutdown', () => void jobs.stop());
	}
};

/** Headers on every response; pages also get SvelteKit's Content-Security-Policy (svelte.config.js). */
function secure(response: Response): Response {
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('x-frame-options', 'DENY');
	if (!headers.has('content-security-policy')) headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	return response;
}

/** The largest body a request may carry: files only where files are taken. */
function bodyLimit(url: URL): number {
	if (url.pathname.startsWith('/api/')) return MAX_API_BODY_BYTES;
	if (url.search === '?/upload') return MAX_UPLOAD_BYTES + 64 * 1024;
	return MAX_FORM_BYTES;
}

function tooLarge(url: URL, limit: number): Response {
	const message = `Yêu cầu quá lớn: tối đa ${megabytes(limit)}.`;
	if (url.pathname.startsWith('/api/')) return errorResponse(413, 'too_large', message);
	return new Response(message, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Who is asking: the API takes only Bearer tokens (so no cookie can be ridden across
 * sites); pages take the session cookie.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const limit = bodyLimit(event.url);
	if (Number(event.request.headers.get('content-length') ?? 0) > limit) return secure(tooLarge(event.url, limit));
	const db = await getDb();
	event.locals.actor = null;
	if (event.url.pathname.startsWith('/api/')) {
		const header = event.request.headers.get('authorization');
		if (header !== null) {
			const token = /^Bearer (\S+)$/.exec(header)?.[1];
			event.locals.actor = token ? await actorFromApiToken(db, token) : null;
			if (!event.locals.actor) return secure(errorResponse(401, 'unauthenticated', 'Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.'));
		}
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			const session = await actorFromSession(db, token);
			if (session) event.locals.actor = session.actor;
			else event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return secure(await resolve(event));
};
