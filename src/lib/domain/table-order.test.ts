import { describe, expect, it } from 'vitest';
import { orderRowsByParent, orderTables } from './table-order';

describe('orderTables', () => {
	it('puts every table after the tables it refers to, keeping the given order otherwise', () => {
		const order = orderTables([
			{ name: 'snapshot_rows', references: ['snapshots', 'units'] },
			{ name: 'units', references: ['hierarchies', 'units'] },
			{ name: 'record_types', references: [] },
			{ name: 'snapshots', references: ['campaigns'] },
			{ name: 'campaigns', references: ['units', 'hierarchies'] },
			{ name: 'hierarchies', references: [] }
		]);
		expect(order).toEqual(['record_types', 'hierarchies', 'units', 'campaigns', 'snapshots', 'snapshot_rows']);
	});

	it('refuses a cycle and a reference to a table that is not copied', () => {
		expect(() =>
			orderTables([
				{ name: 'a', references: ['b'] },
				{ name: 'b', references: ['a'] }
			])
		).toThrow(/cycle between a, b/);
		expect(() => orderTables([{ name: 'a', references: ['z'] }])).toThrow(/refers to z/);
	});
});

describe('orderRowsByParent', () => {
	const units = [
		{ id: 5, parent: 9, province: 1 },
		{ id: 1, parent: null, province: null },
		{ id: 9, parent: 1, province: 1 },
		{ id: 2, parent: null, province: null },
		{ id: 7, parent: 42, province: null }
	];
	const ordered = (rows: typeof units) =>
		orderRowsByParent(
			rows,
			(u) => u.id,
			(u) => [u.parent, u.province]
		).map((u) => u.id);

	it('puts each row after its parents, in the given order otherwise', () => {
		expect(ordered(units)).toEqual([1, 9, 5, 2, 7]);
	});

	it('keeps rows already in order as they are, and loses none', () => {
		const sorted = [...units].sort((a, b) => a.id - b.id);
		expect(ordered(ordered(sorted).map((id) => units.find((u) => u.id === id)!))).toHaveLength(units.length);
		expect(ordered([units[1], units[2], units[0]])).toEqual([1, 9, 5]);
	});

	it('refuses rows that refer to each other in a cycle', () => {
		expect(() =>
			ordered([
				{ id: 1, parent: 2, province: null },
				{ id: 2, parent: 1, province: null }
			])
		).toThrow(/cycle/);
	});

	it('orders a deep chain without overflowing the stack', () => {
		const chain = Array.from({ length: 100_000 }, (_, i) => ({ id: i, parent: i === 0 ? null : i - 1, province: null })).reverse();
		const result = ordered(chain);
		expect(result[0]).toBe(0);
		expect(result.at(-1)).toBe(99_999);
	});
});
