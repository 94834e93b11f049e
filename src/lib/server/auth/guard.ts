import { error, redirect } from '@sveltejs/kit';
import { type Actor, MAY } from '$lib/domain/access';

/** Sends an anonymous visitor to the login page, to come back to `url` once signed in. */
export function redirectToSignIn(url: URL): never {
	redirect(303, `/dang-nhap?sau=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Pages: anonymous visitors go to the login page and come back; others need the role. */
export function requireRole(actor: Actor | null, url: URL, roles: readonly Actor['role'][]): Actor {
	if (!actor) redirectToSignIn(url);
	if (!roles.includes(actor.role)) error(403, 'Bạn không có quyền xem trang này.');
	return actor;
}

/** Pages for anyone signed in, whatever their role. */
export function requireSignedIn(actor: Actor | null, url: URL): Actor {
	return requireRole(actor, url, MAY.signIn);
}
