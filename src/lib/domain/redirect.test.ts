import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect';

describe('safeRedirectTarget', () => {
	it('keeps local paths with their query', () => {
		expect(safeRedirectTarget('/quan-tri/dot/thaibinh-186?tab=1')).toBe('/quan-tri/dot/thaibinh-186?tab=1');
	});

	it('percent-encodes what a Location header cannot carry, and keeps what is encoded already', () => {
		expect(safeRedirectTarget('/dot/ấ')).toBe('/dot/%E1%BA%A5');
		expect(safeRedirectTarget('/dot/%E1%BA%A5')).toBe('/dot/%E1%BA%A5');
		expect(safeRedirectTarget('/dot/x?xa=Vũ Thư')).toBe('/dot/x?xa=V%C5%A9%20Th%C6%B0');
		expect(safeRedirectTarget('/é')).toBe('/%C3%A9');
		expect(safeRedirectTarget('/\uD800')).toBe('/%EF%BF%BD');
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
		['a javascript: address', 'javascript:alert(1)'],
		['a path that normalises to another site', '/.//evil.example'],
		['an encoded path that normalises to another site', '/%2e//evil.example']
	])('sends %s home', (_, value) => {
		expect(safeRedirectTarget(value)).toBe('/');
	});
});
