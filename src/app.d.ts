import type { Actor } from '$lib/domain/access';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in user (session cookie) or API caller (Bearer token); null when anonymous. */
			actor: Actor | null;
		}
	}
}

export {};
