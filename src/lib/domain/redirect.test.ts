import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect';

describe('safeRedirectTarget', () => {
	it('keeps local paths with their query', () => {
		expect(safeRedirectTarget('/quan-tri/dot/thaibinh-186?tab=1')).toBe('/quan-tri/dot/thaibinh-186?tab=1');
	});

	it.each([
		['nothing', null],
		['another site', 'https://evil.example/'],
		['a protocol-relative address', '//evil.example'],
		['a backslash trick', '/\\evil.example'],
		['a backslash inside', '/a\\b'],
		['a header injection', '/ok\r\nSet-Cookie: x=1'],
		['a tab', '/\t/evil.example'],
		['a relative path', 'quan-tri'],
		['a javascript: address', 'javascript:alert(1)']
	])('sends %s home', (_, value) => {
		expect(safeRedirectTarget(value)).toBe('/');
	});
});
