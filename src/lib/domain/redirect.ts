/** Where to go after login: a local path only; anything else goes home. */
export function safeRedirectTarget(value: string | null): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n\t\\]/.test(value)) return '/';
	return value;
}
