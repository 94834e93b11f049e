import { describe, expect, it } from 'vitest';
import { leaderboard } from './leaderboard';
import { movementLabel } from './snapshot';
import { cell, snapshot } from './testing/snapshot-fixture';

const EARLY = '2024-12-03T01:00:00.000Z';
const LATE = '2024-12-06T01:00:00.000Z';

describe('leaderboard', () => {
	const before = snapshot([cell('a', 100, 20), cell('b', 100, 90), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 10), cell('f', 0, 0)], null);
	const now = snapshot([cell('a', 100, 100, LATE), cell('b', 100, 120, EARLY), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 20), cell('f', 0, 0)], before);
	const board = leaderboard(now, { level: 'commune' });

	it('ranks equal % by earlier finish, gives fully equal units one rank and skips the next', () => {
		expect(board.map((r) => [r.name, r.rank])).toEqual([
			['Xã F', 1], // zero target: 100%, nothing due, finished at the start
			['Xã B', 2], // 100%, finished first (credit capped at 100)
			['Xã A', 3],
			['Xã C', 4],
			['Xã D', 4],
			['Xã E', 6]
		]);
		expect(board.find((r) => r.name === 'Xã B')).toMatchObject({ pct: 1, credited: 100, done: 120, overTarget: 1 });
	});

	it('shows movement since the previous snapshot', () => {
		// Before: F 1, B 2 (90%), C and D 3 (50%), A 5 (20%), E 6 (10%).
		expect(board.map((r) => [r.name, movementLabel(r.rankChange)])).toEqual([
			['Xã F', '='],
			['Xã B', '='],
			['Xã A', '▲2'],
			['Xã C', '▼1'],
			['Xã D', '▼1'],
			['Xã E', '=']
		]);
		expect(leaderboard(snapshot([cell('a', 100, 1)], null), { level: 'district' }).map((r) => movementLabel(r.rankChange))).toEqual(['mới', 'mới']);
	});

	it('marks the first to finish in the province and in each district, never a unit with nothing due', () => {
		expect(board.filter((r) => r.firstInProvince).map((r) => r.name)).toEqual(['Xã B']);
		expect(board.filter((r) => r.firstInParent).map((r) => r.name)).toEqual(['Xã B']); // Vũ Thư has no finisher with a target
	});

	it('filters by parent without renumbering ranks', () => {
		expect(leaderboard(now, { level: 'commune', parentKey: 'd2' }).map((r) => [r.name, r.rank, r.parentName])).toEqual([
			['Xã F', 1, 'Huyện Vũ Thư'],
			['Xã D', 4, 'Huyện Vũ Thư'],
			['Xã E', 6, 'Huyện Vũ Thư']
		]);
	});
});
