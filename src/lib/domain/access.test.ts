import { describe, expect, it } from 'vitest';
import { readerOf, visibleUnitKeys, type Actor, type Role } from './access';

// Province 1 with district 10 (communes 100, 101) and district 11 (commune 110).
const tree = [
	{ key: 'u:1', parentKey: null, level: 'province' },
	{ key: 'u:10', parentKey: 'u:1', level: 'district' },
	{ key: 'u:11', parentKey: 'u:1', level: 'district' },
	{ key: 'u:100', parentKey: 'u:10', level: 'commune' },
	{ key: 'u:101', parentKey: 'u:10', level: 'commune' },
	{ key: 'u:110', parentKey: 'u:11', level: 'commune' }
];
const actor = (role: Role, unitId: number, provinceId = 1): Actor => ({ userId: 1, username: 'x', displayName: 'X', role, unitId, provinceId });
const sorted = (s: Set<string>) => [...s].sort();
const PUBLIC = ['u:1', 'u:10', 'u:11'];

describe('visibleUnitKeys', () => {
	it('gives the province’s admins and leaders every unit', () => {
		expect(sorted(visibleUnitKeys(tree, actor('admin', 1)))).toEqual(sorted(new Set(tree.map((u) => u.key))));
		expect(visibleUnitKeys(tree, actor('leader', 1)).size).toBe(tree.length);
	});

	it('gives a district head their district, its communes and the province above', () => {
		expect(sorted(visibleUnitKeys(tree, actor('district', 10)))).toEqual(['u:1', 'u:10', 'u:100', 'u:101']);
	});

	it('gives anonymous visitors and every user of another province only the public part', () => {
		expect(sorted(visibleUnitKeys(tree, null))).toEqual(PUBLIC);
		for (const role of ['admin', 'leader', 'district', 'clerk'] as Role[]) expect(sorted(visibleUnitKeys(tree, actor(role, 2, 2)))).toEqual(PUBLIC);
	});
});

describe('readerOf', () => {
	it('is the actor for their own province and nobody elsewhere', () => {
		const a = actor('admin', 1);
		expect(readerOf(a, { provinceId: 1 })).toBe(a);
		expect(readerOf(a, { provinceId: 2 })).toBeNull();
		expect(readerOf(null, { provinceId: 1 })).toBeNull();
	});
});
