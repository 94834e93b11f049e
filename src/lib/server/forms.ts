import { error, fail } from '@sveltejs/kit';
import { ConflictError, describeProblem, ForbiddenError, LimitError, NotFoundError, SignInRequiredError, ValidationError } from '../domain/errors';
import { redirectToSignIn } from './auth/guard';

/**
 * Runs a form action's body: a refusal of the input comes back to the form (400, the
 * message and each problem, plus what to show again), a clash with another change too
 * (409), a limit of the server (429 or 413), a refusal of the actor is a 403 page, an unknown thing a 404.
 */
export async function formAction<T, E extends object = object>(body: () => Promise<T>, echo?: E) {
	try {
		return await body();
	} catch (e) {
		if (e instanceof ValidationError)
			return fail(400, { ...(echo as E), message: e.message, problems: e.problems.map((p) => ({ field: p.field, message: p.field ? p.message : describeProblem(p) })) });
		if (e instanceof ConflictError) return fail(409, { ...(echo as E), message: e.message, problems: [] as { field?: string; message: string }[] });
		if (e instanceof LimitError) return fail(e.status, { ...(echo as E), message: e.message, problems: [] as { field?: string; message: string }[] });
		return pageError(e);
	}
}

/**
 * Turns a domain refusal into the page error SvelteKit shows; anything else is rethrown. With
 * the page's `url`, a visitor who must sign in is sent to the login page and back; without, a 401.
 */
export function pageError(e: unknown, url?: URL): never {
	if (e instanceof SignInRequiredError) {
		if (url) redirectToSignIn(url);
		error(401, e.message);
	}
	if (e instanceof ForbiddenError) error(403, e.message);
	if (e instanceof NotFoundError) error(404, e.message);
	if (e instanceof ValidationError) error(400, e.message);
	throw e;
}

/**
 * A load or action step that may be refused: a 403 or 404 page instead of a crash; with the
 * page's `url`, the login page for a visitor who must sign in (`pageError`).
 */
export async function orPageError<T>(body: Promise<T>, url?: URL): Promise<T> {
	try {
		return await body;
	} catch (e) {
		pageError(e, url);
	}
}

/** A text field of a posted form; missing fields read as empty. */
export function formText(form: FormData, name: string): string {
	return String(form.get(name) ?? '');
}
