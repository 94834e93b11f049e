import { json } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { Actor } from '$lib/domain/access';
import { ConflictError, ForbiddenError, LimitError, NotFoundError, statusMessage, ValidationError, type Problem } from '$lib/domain/errors';
import { MAX_API_BODY_BYTES, megabytes } from '$lib/domain/limits';
import { reportFailure, type Failure } from '../failures';

/** An API failure with its status, stable code and Vietnamese message (DESIGN §8). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: unknown = null
	) {
		super(message);
	}

	toResponse(): Response {
		return errorResponse(this.status, this.code, this.message, this.details);
	}
}

export function errorResponse(status: number, code: string, message: string, details: unknown = null, headers: Record<string, string> = {}): Response {
	return json({ error: { code, message, details } }, { status, headers });
}

function problemDetails(problems: Problem[]) {
	return problems.map(({ message, field, file, sheet, row, column }) => ({ message, field, file, sheet, row, column }));
}

/**
 * An unexpected error in the API's shape: logged with an id that the message repeats;
 * 507 `storage_full` when the disk is full (nothing was written), else 500 `internal`.
 */
export function failureResponse(error: unknown, where: string): Response {
	const { id, storageFull, message } = reportFailure(error, where);
	return errorResponse(storageFull ? 507 : 500, storageFull ? 'storage_full' : 'internal', message, { id });
}

function currentRequest(): string {
	try {
		const { request, url } = getRequestEvent();
		return `${request.method} ${url.pathname}`;
	} catch {
		return 'an API request';
	}
}

/** Runs an endpoint body, turning refusals and unexpected errors into the API's error shape. */
export async function api(body: () => Promise<Response>): Promise<Response> {
	try {
		return await body();
	} catch (e) {
		if (e instanceof ApiError) return e.toResponse();
		if (e instanceof ValidationError) return errorResponse(400, 'invalid', e.message, problemDetails(e.problems));
		if (e instanceof ForbiddenError) return errorResponse(403, 'forbidden', e.message);
		if (e instanceof NotFoundError) return errorResponse(404, 'not_found', e.message);
		if (e instanceof ConflictError) return errorResponse(409, 'conflict', e.message);
		if (e instanceof LimitError) return errorResponse(e.status, e.status === 413 ? 'too_large' : 'too_many_requests', e.message);
		return failureResponse(e, currentRequest());
	}
}

/** A body over the API's limit. */
export function tooLargeError(): ApiError {
	return new ApiError(413, 'too_large', `Yêu cầu quá lớn: tối đa ${megabytes(MAX_API_BODY_BYTES)}.`);
}

export function requireActor(actor: Actor | null): Actor {
	if (!actor) throw new ApiError(401, 'unauthenticated', 'Cần đăng nhập: gửi kèm header Authorization: Bearer <mã truy cập>.');
	return actor;
}

export async function readJson(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) throw new ApiError(415, 'unsupported_media_type', 'Nội dung phải là JSON (Content-Type: application/json).');
	try {
		return await request.json();
	} catch (e) {
		// adapter-node stops a body without Content-Length at BODY_SIZE_LIMIT.
		if ((e as { status?: unknown }).status === 413) throw tooLargeError();
		throw new ApiError(400, 'invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ.');
	}
}

const STATUS_CODES: Record<number, string> = {
	400: 'invalid',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	413: 'too_large',
	415: 'unsupported_media_type',
	500: 'internal',
	507: 'storage_full'
};

/**
 * An API response as it must leave the server: a failure that SvelteKit answered itself
 * (an unknown path, a method the route lacks, an error thrown outside `api()`) is put in
 * the API's error shape with a Vietnamese message. `failure` is what `handleError` logged.
 */
export async function inApiErrorShape(response: Response, request: { method: string; path: string }, failure: Failure | undefined): Promise<Response> {
	if (response.status < 400) return response;
	const body: unknown = await response
		.clone()
		.json()
		.catch(() => null);
	if (typeof body === 'object' && body !== null && 'error' in body) return response;
	const status = failure?.storageFull ? 507 : response.status;
	const allow = response.headers.get('allow');
	const message =
		failure?.message ??
		(status === 404
			? `Không có địa chỉ ${request.path} trong API (xem /api/v1/openapi.json).`
			: status === 405 && allow
				? `Địa chỉ ${request.path} không nhận phương thức ${request.method}; dùng: ${allow}.`
				: statusMessage(status));
	return errorResponse(status, STATUS_CODES[status] ?? 'failed', message, failure ? { id: failure.id } : null, allow ? { allow } : {});
}
