import { json } from '@sveltejs/kit';
import type { Actor } from '../../domain/access';
import { ConflictError, ForbiddenError, LimitError, NotFoundError, ValidationError, type Problem } from '../../domain/errors';

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
}

export function errorResponse(status: number, code: string, message: string, details: unknown = null, headers: Record<string, string> = {}): Response {
	return json({ error: { code, message, details } }, { status, headers });
}

function problemDetails(problems: Problem[]) {
	return problems.map(({ message, field, file, sheet, row, column }) => ({ message, field, file, sheet, row, column }));
}

/** Runs an endpoint body, turning refusals into the API's error shape. */
export async function api(body: () => Promise<Response>): Promise<Response> {
	try {
		return await body();
	} catch (e) {
		if (e instanceof ApiError) return errorResponse(e.status, e.code, e.message, e.details);
		if (e instanceof ValidationError) return errorResponse(400, 'invalid', e.message, problemDetails(e.problems));
		if (e instanceof ForbiddenError) return errorResponse(403, 'forbidden', e.message);
		if (e instanceof NotFoundError) return errorResponse(404, 'not_found', e.message);
		if (e instanceof ConflictError) return errorResponse(409, 'conflict', e.message);
		if (e instanceof LimitError) return errorResponse(e.status, e.status === 413 ? 'too_large' : 'too_many_requests', e.message);
		throw e;
	}
}

export function requireActor(actor: Actor | null): Actor {
	if (!actor) throw new ApiError(401, 'unauthenticated', 'Cần đăng nhập: gửi kèm header Authorization: Bearer <mã truy cập>.');
	return actor;
}

export function notFound(message: string): ApiError {
	return new ApiError(404, 'not_found', message);
}

export async function readJson(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) throw new ApiError(415, 'unsupported_media_type', 'Nội dung phải là JSON (Content-Type: application/json).');
	try {
		return await request.json();
	} catch {
		throw new ApiError(400, 'invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ.');
	}
}
