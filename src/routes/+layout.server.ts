import { redirect } from '@sveltejs/kit';
import { CHANGE_PASSWORD_PATH } from '$lib/domain/redirect';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	// A one-time password is changed first (the hooks close everything else; this catches
	// in-app navigation). The address is only read then, so other users' layouts stay cached.
	if (locals.mustChangePassword && url.pathname !== CHANGE_PASSWORD_PATH) redirect(303, CHANGE_PASSWORD_PATH);
	return { user: locals.actor ? { name: locals.actor.displayName, role: locals.actor.role } : null };
};
