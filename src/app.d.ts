import type { Actor } from '$lib/domain/access';
import type { Failure } from '$lib/server/failures';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** An unexpected error's id, also in the server's log. */
			id?: string;
		}
		interface Locals {
			/** The signed-in user (session cookie) or API caller (Bearer token); null when anonymous. */
			actor: Actor | null;
			/** The signed-in user has a one-time password: every page but the change-password page is closed. */
			mustChangePassword?: boolean;
			/** The unexpected error this request ran into, as handleError logged it. */
			failure?: Failure;
		}
	}
}

export {};
