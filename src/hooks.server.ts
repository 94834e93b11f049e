import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { dev, version } from '$app/environment';
import { env } from '$env/dynamic/private';
import { errorResponse, failureResponse, inApiErrorShape, tooLargeError } from '$lib/server/api/http';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import { schedulerEnabled } from '$lib/server/config';
import { smtpTransport } from '$lib/server/delivery/service';
import { uploadTooLarge } from '$lib/server/ingest/api';
import { prepareWorkbookWorker } from '$lib/server/ingest/workbook-worker';
import { startAppJobs } from '$lib/server/jobs/app-jobs';
import { statusMessage } from '$lib/domain/errors';
import { CHANGE_PASSWORD_PATH } from '$lib/domain/redirect';
import { MAX_API_BODY_BYTES, MAX_FORM_BYTES, MAX_UPLOAD_BYTES, megabytes } from '$lib/domain/limits';
import { reportFailure } from '$lib/server/failures';
import { cachedResponse, compressed } from '$lib/server/dashboard/http-cache';

/** Opens the database and applies pending migrations before the first request. */
export const init: ServerInit = async () => {
	// Required by the built server (SvelteKit checks form origins against it); not in `vite dev`.
	if (!dev && !env.ORIGIN) throw new Error('Thiếu biến môi trường ORIGIN: đặt địa chỉ công khai của trang, ví dụ ORIGIN=https://tiendo.stp.example.gov.vn (xem README).');
	const db = await getDb();
	prepareWorkbookWorker();
	if (schedulerEnabled()) {
		const jobs = startAppJobs(db, { transport: smtpTransport() });
		// adapter-node emits this on SIGINT/SIGTERM once requests have drained.
		process.once('sveltekit:shutdown', () => void jobs.stop());
	}
};

/** Headers on every response; pages also get SvelteKit's Content-Security-Policy (svelte.config.js). Text is compressed when the client accepts it. */
function secure(response: Response): Response {
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('x-frame-options', 'DENY');
	// Not on a 304: a browser merges its headers into the page it keeps, whose own policy would be lost (no styles).
	if (response.status !== 304 && !headers.has('content-security-policy')) headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	return response;
}

/** The largest body a page request may carry: files only where files are taken. */
function bodyLimit(url: URL): number {
	if (url.search === '?/upload') return MAX_UPLOAD_BYTES + 64 * 1024;
	return MAX_FORM_BYTES;
}

type Resolve = Parameters<Handle>[0]['resolve'];

/**
 * A refusal of a request whose body is too large, sent once the body is read and dropped
 * (adapter-node stops at BODY_SIZE_LIMIT): a client still sending gets the refusal, not a
 * broken connection, and its next request does not land on a socket still carrying a body.
 */
async function refuseBody(request: Request, response: Response): Promise<Response> {
	try {
		const reader = request.body?.getReader();
		while (reader && !(await reader.read()).done);
	} catch {
		// Cut off at the server's own limit: the connection ends with the refusal.
	}
	return response;
}

/** An API request: the Bearer token's actor, then the route; every failure in the API's error shape. */
async function handleApi(event: RequestEvent, resolve: Resolve): Promise<Response> {
	const request = { method: event.request.method, path: event.url.pathname };
	try {
		// A file sent to …/imports may be as large as one sent through the upload page.
		const isImport = event.request.method === 'POST' && /^\/api\/v1\/campaigns\/[^/]+\/imports\/?$/.test(event.url.pathname);
		if (Number(event.request.headers.get('content-length') ?? 0) > (isImport ? MAX_UPLOAD_BYTES : MAX_API_BODY_BYTES))
			return refuseBody(event.request, (isImport ? uploadTooLarge() : tooLargeError()).toResponse());
		const header = event.request.headers.get('authorization');
		if (header !== null) {
			const token = /^Bearer (\S+)$/.exec(header)?.[1];
			event.locals.actor = token ? await actorFromApiToken(await getDb(), token) : null;
			if (!event.locals.actor) return errorResponse(401, 'unauthenticated', 'Mã truy cập không hợp lệ, đã bị thu hồi, tài khoản đã bị khóa hoặc chưa đổi mật khẩu dùng một lần.');
		}
		const response = (await cached(event, resolve)) ?? (await resolve(event));
		return await inApiErrorShape(response, request, event.locals.failure);
	} catch (e) {
		return failureResponse(e, `${request.method} ${request.path}`);
	}
}

/**
 * An account with a one-time password reaches only the change-password page and logout.
 * A page opened in the browser goes there; in-app navigation (`__data.json`) is sent there
 * by the root layout; anything else (a form action, a download) is refused.
 */
function oneTimePasswordGate(event: RequestEvent): Response | null {
	const path = event.url.pathname;
	if (path === CHANGE_PASSWORD_PATH || path === '/dang-xuat' || path.startsWith('/_app/')) return null;
	if (event.request.method === 'GET' && path.endsWith('/__data.json')) return null;
	if (event.request.method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html'))
		return new Response(null, { status: 303, headers: { location: CHANGE_PASSWORD_PATH } });
	return new Response('Hãy đổi mật khẩu dùng một lần trước khi dùng hệ thống.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** A page request: the session cookie's actor, then the page. */
async function handlePage(event: RequestEvent, resolve: Resolve): Promise<Response> {
	const limit = bodyLimit(event.url);
	if (Number(event.request.headers.get('content-length') ?? 0) > limit) {
		return refuseBody(event.request, new Response(`Yêu cầu quá lớn: tối đa ${megabytes(limit)}.`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await actorFromSession(await getDb(), token);
		if (session) {
			event.locals.actor = session.actor;
			event.locals.mustChangePassword = session.mustChangePassword;
		} else {
			// The cookie's removal goes with this response, which is not one to keep.
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
			return await resolve(event);
		}
	}
	if (event.locals.mustChangePassword) {
		const closed = oneTimePasswordGate(event);
		if (closed) return closed;
	}
	return (await cached(event, resolve)) ?? (await resolve(event));
}

/** The cached response of a page or API read the cache keeps (see http-cache.ts), else null; writes go straight through. */
async function cached(event: RequestEvent, resolve: Resolve): Promise<Response | null> {
	// GET only: a HEAD renders no body, which must never be kept for a GET of the same address.
	if (event.request.method !== 'GET') return null;
	// Rendered for the cache in full: never SvelteKit's own 304 of a tag the cache does not use.
	const render = () => {
		event.request.headers.delete('if-none-match');
		return resolve(event);
	};
	return cachedResponse(await getDb(), event.request, new URL(event.request.url), event.locals.actor, async () => await render(), version);
}

/**
 * Who is asking: the API takes only Bearer tokens (so no cookie can be ridden across
 * sites); pages take the session cookie.
 */
export const handle: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	return compressed(event.request, secure(await (event.url.pathname.startsWith('/api/') ? handleApi(event, resolve) : handlePage(event, resolve))));
};

/**
 * An error SvelteKit caught: a refusal of its own (an unknown page, 404) gets a Vietnamese
 * sentence; anything unexpected is logged with an id, which the error page and the API show.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return { message: statusMessage(status) };
	const failure = reportFailure(error, `${event.request.method} ${event.url.pathname}`);
	event.locals.failure = failure;
	return { message: failure.message, id: failure.id };
};
