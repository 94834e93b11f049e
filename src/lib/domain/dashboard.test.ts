import { describe, expect, it } from 'vitest';
import { burnUp, dashboardOf } from './dashboard';
import { cell, snapshot } from './testing/snapshot-fixture';

const LATE = '2024-12-06T01:00:00.000Z';
const EARLY = '2024-12-03T01:00:00.000Z';
// Kiến Xương: A 100/100, B 120/100 (finished), C 50/100; Vũ Thư: D 50/100, E 20/100, F no target.
const before = snapshot([cell('a', 100, 20), cell('b', 100, 90), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 10), cell('f', 0, 0)], null, '2024-12-09T23:00:00.000Z');
const now = snapshot([cell('a', 100, 100, LATE), cell('b', 100, 120, EARLY), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 20), cell('f', 0, 0)], before);

describe('dashboardOf', () => {
	it('gives the province its figures, its districts ranked and the silent communes', () => {
		const d = dashboardOf(now, 'p')!;
		expect([d.head.credited, d.head.target, d.childLevel]).toEqual([320, 500, 'district']);
		expect(d.children.map((c) => [c.name, c.rank])).toEqual([
			['Huyện Kiến Xương', 1],
			['Huyện Vũ Thư', 2]
		]);
		expect(d.byRecordType.map((t) => [t.name, t.figure.credited])).toEqual([['Khai sinh', 320]]);
		// The fixture's reports all date from 05/12, before the previous snapshot: C, D, E have work left.
		expect(d.silent.map((c) => [c.name, c.parentName])).toEqual([
			['Xã C', 'Huyện Kiến Xương'],
			['Xã D', 'Huyện Vũ Thư'],
			['Xã E', 'Huyện Vũ Thư']
		]);
	});

	it('gives a district its communes with their province-wide ranks, and its ancestors', () => {
		const d = dashboardOf(now, 'd2')!;
		expect(d.ancestors.map((a) => a.name)).toEqual(['Tỉnh Thái Bình']);
		expect(d.children.map((c) => [c.name, c.rank])).toEqual([
			['Xã F', 1],
			['Xã D', 4],
			['Xã E', 6]
		]);
		expect(d.silent.map((c) => c.name)).toEqual(['Xã D', 'Xã E']);
		expect(dashboardOf(now, 'a')!.childLevel).toBeNull();
		expect(dashboardOf(now, 'nowhere')).toBeNull();
	});
});

describe('burnUp', () => {
	const window = { start: '2024-11-30T17:00:00.000Z', end: '2024-12-21T17:00:00.000Z' }; // 21 days
	it('draws the plan from nothing to the target, the actual line up to the moment, and the projection at the current pace', () => {
		const head = { ...dashboardOf(now, 'p')!.head, credited: 400, target: 1000, remaining: 600, pace: 50 };
		const moment = '2024-12-11T05:00:00.000Z'; // 12:00 on 11/12: 10,5 of 21 days gone
		const b = burnUp(
			[
				{ at: '2024-12-10T04:30:00.000Z', credited: 350 },
				{ at: moment, credited: 999 } // at the moment itself: the head's figure wins
			],
			head,
			moment,
			window
		);
		expect(b.plan).toEqual([
			{ t: Date.parse(window.start), v: 0 },
			{ t: Date.parse(window.end), v: 1000 }
		]);
		expect(b.planNow).toBe(500);
		expect(b.actual).toEqual([
			{ t: Date.parse('2024-12-10T04:30:00.000Z'), v: 350 },
			{ t: Date.parse(moment), v: 400 }
		]);
		// 600 left at 50 a day: 12 days on, past the deadline where the axis ends (10,5 days on: 925).
		expect(b.projection).toEqual([
			{ t: Date.parse(moment), v: 400 },
			{ t: Date.parse(window.end), v: 925 }
		]);
		expect([b.until, b.projectedAt]).toEqual([Date.parse(window.end), Date.parse('2024-12-23T05:00:00.000Z')]);
		expect(burnUp([], { ...head, pace: 0 }, moment, window).projection).toBeNull();
		expect(burnUp([], { ...head, remaining: 0 }, moment, window).projection).toBeNull();
		// Long after the deadline the axis stops a quarter of the window past it.
		const late = burnUp([], head, '2026-11-21T00:00:00.000Z', window);
		expect([late.until, late.projection]).toEqual([Date.parse(window.end) + (21 * 86_400_000) / 4, null]);
	});
});
