import { describe, expect, it } from 'vitest';
import { canAdminister, canRead, canReport, canSeeCampaign, covers, isOwnUnit, MAY, may, readerOf, unitPaths, visibleUnitKeys, type Actor, type Role } from './access';

// Province 1 with district 10 (communes 100, 101) and district 11 (commune 110).
const tree = [
	{ key: 'u:1', parentKey: null, level: 'province', code: '01' },
	{ key: 'u:10', parentKey: 'u:1', level: 'district', code: '010' },
	{ key: 'u:11', parentKey: 'u:1', level: 'district', code: '011' },
	{ key: 'u:100', parentKey: 'u:10', level: 'commune', code: '00100' },
	{ key: 'u:101', parentKey: 'u:10', level: 'commune', code: '00101' },
	{ key: 'u:110', parentKey: 'u:11', level: 'commune', code: '00110' }
];
// A 2-level province 2: groups A (communes 200, 201) and B (commune 210), all under the province.
const grouped = [
	{ key: 'u:2', parentKey: null, level: 'province', code: '02' },
	{ key: 'g:7', parentKey: 'u:2', level: 'group', code: 'A' },
	{ key: 'g:8', parentKey: 'u:2', level: 'group', code: 'B' },
	{ key: 'u:200', parentKey: 'g:7', level: 'commune', code: '00200' },
	{ key: 'u:201', parentKey: 'g:7', level: 'commune', code: '00201' },
	{ key: 'u:210', parentKey: 'g:8', level: 'commune', code: '00210' }
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

describe('group leads', () => {
	const lead: Actor = { ...actor('district', 2, 2), groupCode: 'A' };

	it('read their group, its communes and the province above', () => {
		expect(sorted(visibleUnitKeys(grouped, lead))).toEqual(['g:7', 'u:2', 'u:200', 'u:201']);
	});

	it('report for the communes of their group now, and no other', () => {
		const pathOf = unitPaths(
			[
				{ id: 2, parent_id: null },
				{ id: 200, parent_id: 2 },
				{ id: 210, parent_id: 2 }
			],
			new Map([
				[200, 'A'],
				[210, 'B']
			])
		);
		expect(canReport(lead, pathOf(200))).toBe(true);
		expect(canReport(lead, pathOf(210))).toBe(false);
		// Tied to the province as a unit, a group lead still does not cover the whole province.
		expect(canReport(lead, pathOf(2))).toBe(false);
	});
});

describe('readerOf', () => {
	it('is the actor for their own province and nobody elsewhere', () => {
		const a = actor('admin', 1);
		expect(readerOf(a, { provinceId: 1 })).toBe(a);
		expect(readerOf(a, { provinceId: 2 })).toBeNull();
		expect(readerOf(null, { provinceId: 1 })).toBeNull();
	});

	it('lets the admins and leaders of a province read the provinces it absorbed, as their leader and nothing more', () => {
		const admin: Actor = { ...actor('admin', 1), absorbedProvinceIds: [7] };
		const reader = readerOf(admin, { provinceId: 7 })!;
		expect(reader).toMatchObject({ userId: admin.userId, role: 'leader', unitId: 7, provinceId: 7 });
		expect(canReport(reader, { id: 71, ancestorIds: [7], groupCode: null })).toBe(false);
		expect(
			visibleUnitKeys(
				[
					{ key: 'u:7', parentKey: null, level: 'province', code: '34' },
					{ key: 'u:71', parentKey: 'u:7', level: 'commune', code: '12345' }
				],
				admin
			)
		).toEqual(new Set(['u:7', 'u:71']));
		expect(readerOf(admin, { provinceId: 8 })).toBeNull();
		// Clerks and district heads of the new province read only their own units.
		expect(readerOf({ ...actor('clerk', 1), absorbedProvinceIds: [7] }, { provinceId: 7 })).toBeNull();
	});
});

describe('who may do what (MAY)', () => {
	it('follows DESIGN §7: leaders read, the three others enter counts, admins run the campaign', () => {
		expect(MAY.report).toEqual(['admin', 'district', 'clerk']);
		expect(may('leader', 'report')).toBe(false);
		expect(may('leader', 'readProvince')).toBe(true);
		expect(may('district', 'readProvince')).toBe(false);
		expect(may('clerk', 'reviewQuality')).toBe(false);
		expect(may(undefined, 'signIn')).toBe(false);
	});
	it('ties administering to the actor’s own province', () => {
		const admin: Actor = { userId: 1, username: 'a', displayName: 'A', role: 'admin', unitId: 2, provinceId: 2 };
		expect(canAdminister(admin, 2)).toBe(true);
		expect(canAdminister(admin, 3)).toBe(false);
		expect(canAdminister({ ...admin, role: 'leader' }, 2)).toBe(false);
		expect(canAdminister(null, 2)).toBe(false);
	});
});

describe('unitPaths', () => {
	const units = [
		{ id: 1, parent_id: null },
		{ id: 10, parent_id: 1 },
		{ id: 100, parent_id: 10 }
	];

	it('gives each unit its ancestors, nearest first, and a commune its group now', () => {
		const pathOf = unitPaths(units, new Map([[100, 'A']]));
		expect(pathOf(100)).toEqual({ id: 100, ancestorIds: [10, 1], groupCode: 'A' });
		expect(pathOf(10)).toEqual({ id: 10, ancestorIds: [1], groupCode: null });
		expect(pathOf(1)).toEqual({ id: 1, ancestorIds: [], groupCode: null });
	});
});

describe('reading and reporting (DESIGN §7)', () => {
	const pathOf = unitPaths([
		{ id: 1, parent_id: null },
		{ id: 10, parent_id: 1 },
		{ id: 11, parent_id: 1 },
		{ id: 100, parent_id: 10 },
		{ id: 110, parent_id: 11 }
	]);
	const commune100 = pathOf(100);
	const commune110 = pathOf(110);

	it('lets each role read its own unit and everything under it, and nothing beside it', () => {
		expect([canRead(actor('admin', 1), commune110), canRead(actor('leader', 1), commune100)]).toEqual([true, true]);
		expect([canRead(actor('district', 10), pathOf(10)), canRead(actor('district', 10), commune100), canRead(actor('district', 10), commune110)]).toEqual([true, true, false]);
		expect([canRead(actor('clerk', 100), commune100), canRead(actor('clerk', 100), commune110), canRead(actor('clerk', 100), pathOf(10))]).toEqual([true, false, false]);
		expect(covers(actor('district', 11), commune110)).toBe(true);
	});

	it('lets everyone but a leader enter counts for the communes they cover', () => {
		expect(canReport(actor('admin', 1), commune110)).toBe(true);
		expect(canReport(actor('leader', 1), commune110)).toBe(false);
		expect([canReport(actor('district', 10), commune100), canReport(actor('district', 10), commune110)]).toEqual([true, false]);
		expect([canReport(actor('clerk', 100), commune100), canReport(actor('clerk', 110), commune100)]).toEqual([true, false]);
	});

	it('lets only an admin of the province administer it', () => {
		expect(canAdminister(actor('admin', 1), 1)).toBe(true);
		expect(canAdminister(actor('admin', 2, 2), 1)).toBe(false);
		expect(canAdminister(actor('leader', 1), 1)).toBe(false);
		expect(canAdminister(actor('district', 10), 1)).toBe(false);
		expect(canAdminister(null, 1)).toBe(false);
	});

	it('shows a public campaign to anyone and a private one only to its province', () => {
		const open = { provinceId: 1, isPublic: true };
		const closed = { provinceId: 1, isPublic: false };
		expect([canSeeCampaign(null, open), canSeeCampaign(actor('admin', 2, 2), open)]).toEqual([true, true]);
		expect([canSeeCampaign(null, closed), canSeeCampaign(actor('admin', 2, 2), closed), canSeeCampaign(actor('clerk', 100), closed)]).toEqual([false, false, true]);
	});

	it('knows the own unit in a campaign tree: a group lead’s group, or the unit a role is tied to', () => {
		const lead: Actor = { ...actor('district', 2, 2), groupCode: 'A' };
		expect(grouped.filter((u) => isOwnUnit(lead, u)).map((u) => u.key)).toEqual(['g:7']);
		expect(tree.filter((u) => isOwnUnit(actor('district', 10), u)).map((u) => u.key)).toEqual(['u:10']);
		expect(tree.filter((u) => isOwnUnit(actor('clerk', 999), u))).toEqual([]);
	});
});

describe('the ministry (issue 29)', () => {
	const ministry = actor('ministry', 0, 0);
	// A national campaign's tree: the nation over provinces 1 and 2.
	const nationTree = [{ key: 'n:0', parentKey: null, level: 'nation', code: '' }, ...tree.map((u) => (u.parentKey === null ? { ...u, parentKey: 'n:0' } : u))];

	it('reads every province as its leader would, and changes nothing in it', () => {
		expect(readerOf(ministry, { provinceId: 1 })).toMatchObject({ role: 'leader', unitId: 1, provinceId: 1 });
		expect(visibleUnitKeys(tree, ministry).size).toBe(tree.length);
		expect(canAdminister(ministry, 1)).toBe(false);
		expect(may('ministry', 'report')).toBe(false);
	});

	it('reads and runs a national campaign; a province’s users read it only through their part', () => {
		expect(readerOf(ministry, { provinceId: null })).toBe(ministry);
		expect(visibleUnitKeys(nationTree, ministry).size).toBe(nationTree.length);
		expect(canAdminister(ministry, null)).toBe(true);
		for (const role of ['admin', 'leader', 'district', 'clerk'] as Role[]) {
			expect(readerOf(actor(role, 1), { provinceId: null })).toBeNull();
			expect(canAdminister(actor(role, 1), null)).toBe(false);
		}
		expect(sorted(visibleUnitKeys(nationTree, actor('admin', 1)))).toEqual(['n:0', 'u:1', 'u:10', 'u:11']);
	});
});
