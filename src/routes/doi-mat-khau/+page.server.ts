import { redirect } from '@sveltejs/kit';
import { changeOwnPassword } from '$lib/server/auth/accounts';
import { requireSignedIn } from '$lib/server/auth/guard';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/instance';
import { formAction, formText } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** The first stop of an account given a one-time password; anyone signed in may use it. */
export const load: PageServerLoad = ({ locals, url }) => {
	const actor = requireSignedIn(locals.actor, url);
	return { username: actor.username, required: locals.mustChangePassword === true };
};

export const actions: Actions = {
	default: async ({ locals, url, request, cookies }) => {
		const actor = requireSignedIn(locals.actor, url);
		const form = await request.formData();
		const result = await formAction(async () => {
			await changeOwnPassword(await getDb(), actor, { current: formText(form, 'current'), next: formText(form, 'next'), sessionToken: cookies.get(SESSION_COOKIE) ?? null });
			return { done: true };
		});
		if ('done' in result) redirect(303, '/');
		return result;
	}
};
