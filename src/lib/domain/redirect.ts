const HERE = 'http://tiendo.invalid';

/**
 * Where to go after login: a local path only; anything else goes home. The path comes back
 * percent-encoded (`/dot/ấ` → `/dot/%E1%BA%A5`): a Location header carries only ASCII.
 */
export function safeRedirectTarget(value: string | null): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || [...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
	const url = new URL(value, HERE);
	const target = url.pathname + url.search + url.hash;
	// `/.//x` normalises to `//x`, which a browser reads as another site.
	if (url.origin !== HERE || target.startsWith('//') || /[^\x21-\x7e]/.test(target)) return '/';
	return target;
}

/** Where an account signed in with a one-time password must go first. */
export const CHANGE_PASSWORD_PATH = '/doi-mat-khau';
