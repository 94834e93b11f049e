import { describe, expect, it } from 'vitest';
import { readerScope, VersionedCache } from './cache';

const size = (v: string) => v.length;

describe('VersionedCache', () => {
	it('computes once for many concurrent readers of the same key (single flight)', async () => {
		const cache = new VersionedCache<string>(1_000, size);
		let computed = 0;
		let finish: (v: string) => void = () => {};
		const compute = () => {
			computed++;
			return new Promise<string>((r) => (finish = r));
		};
		const readers = Array.from({ length: 10 }, () => cache.get(1, 1, 'page', compute));
		finish('figures');
		expect(await Promise.all(readers)).toEqual(Array(10).fill('figures'));
		expect(computed).toBe(1);
		expect(await cache.get(1, 1, 'page', compute)).toBe('figures');
		expect(cache.stats()).toMatchObject({ computations: 1, entries: 1 });
	});

	it('drops a campaign’s older entries when its version rises, and only that campaign’s', async () => {
		const cache = new VersionedCache<string>(1_000, size);
		await cache.get(1, 1, 'a', async () => 'A1');
		await cache.get(2, 7, 'b', async () => 'B7');
		expect(await cache.get(1, 2, 'a', async () => 'A2')).toBe('A2');
		expect(cache.has(1, 1, 'a')).toBe(false);
		expect(cache.has(2, 7, 'b')).toBe(true);
		// A request that read the older version gets its own result, which is not kept.
		expect(await cache.get(1, 1, 'a', async () => 'A1 again')).toBe('A1 again');
		expect(cache.has(1, 1, 'a')).toBe(false);
	});

	it('evicts the least recently used entries beyond its size', async () => {
		const cache = new VersionedCache<string>(10, size);
		await cache.get(1, 1, 'a', async () => 'aaaa');
		await cache.get(1, 1, 'b', async () => 'bbbb');
		await cache.get(1, 1, 'a', async () => 'unused'); // a is now the most recently used
		await cache.get(1, 1, 'c', async () => 'cccc');
		expect([cache.has(1, 1, 'a'), cache.has(1, 1, 'b'), cache.has(1, 1, 'c')]).toEqual([true, false, true]);
		expect(cache.stats().bytes).toBe(8);
		await cache.get(1, 1, 'huge', async () => 'x'.repeat(11));
		expect(cache.has(1, 1, 'huge')).toBe(false);
	});

	it('keeps nothing of a null result or a failure; waiting readers compute their own', async () => {
		const cache = new VersionedCache<string>(100, size);
		let calls = 0;
		const results = await Promise.all([cache.get(1, 1, 'x', async () => (calls++ === 0 ? null : 'own')), cache.get(1, 1, 'x', async () => 'own')]);
		expect(results).toEqual([null, 'own']);
		await expect(cache.get(1, 1, 'y', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cache.get(1, 1, 'y', async () => 'fine')).toBe('fine');
	});
});

describe('readerScope', () => {
	const actor = (role: 'admin' | 'leader' | 'district' | 'clerk' | 'ministry', unitId: number, provinceId = 34) => ({
		userId: 1,
		username: 'u',
		displayName: 'U',
		role,
		unitId,
		provinceId
	});
	it('shares the public view and the province view, and keeps a unit’s own', () => {
		expect(readerScope(null, { provinceId: 34 })).toBe('public');
		expect(readerScope(actor('admin', 1, 1), { provinceId: 34 })).toBe('public');
		expect(readerScope(actor('leader', 34), { provinceId: 34 })).toBe('p34:province:leader');
		expect(readerScope(actor('district', 344), { provinceId: 34 })).toBe('p34:unit:344');
		expect(readerScope(actor('district', 343), { provinceId: 34 })).not.toBe(readerScope(actor('district', 344), { provinceId: 34 }));
	});
	it('gives each province its own view of a national campaign, and the ministry the nation’s', () => {
		const national = { provinceId: null };
		expect(readerScope(actor('leader', 34), national)).toBe('p34:province:leader');
		expect(readerScope(actor('leader', 33, 33), national)).not.toBe(readerScope(actor('leader', 34), national));
		expect(readerScope(actor('ministry', 0, 0), national)).toBe('nation:province:ministry');
		expect(readerScope(null, national)).toBe('public');
	});
});
