import { describe, expect, it } from 'vitest';
import type { ProgressRow } from './evaluate';
import { figureKey, withChanges } from './snapshot';

const row = (unitKey: string, credited: number, rank: number, lastReportAt: string | null): ProgressRow => ({
	unitKey,
	level: 'district',
	recordType: '',
	target: 100,
	done: credited,
	credited,
	remaining: 100 - credited,
	overTarget: 0,
	pct: credited / 100,
	deadline: '2024-12-21',
	daysLeft: 5,
	dailyQuota: Math.ceil((100 - credited) / 5),
	pace: 1,
	projectedFinish: null,
	status: 'behind',
	finishedAt: null,
	rank,
	lastReportAt
});

describe('withChanges', () => {
	it('without a previous snapshot has no change and flags units that sent nothing since the start', () => {
		const [a, b] = withChanges([row('u:1', 40, 1, '2024-12-10T01:00:00.000Z'), row('u:2', 0, 2, null)], null, new Set(['u:1']));
		expect([a.creditedChange, a.rankChange, a.noReportSincePrevious]).toEqual([null, null, false]);
		expect(b.noReportSincePrevious).toBe(true);
	});
	it('gives the records gained, the places gained, and flags units that sent nothing since the previous slot', () => {
		const previous = {
			slotAt: '2024-12-10T04:30:00.000Z',
			figures: new Map([
				[figureKey('u:1', ''), { credited: 30, rank: 2 }],
				[figureKey('u:2', ''), { credited: 35, rank: 1 }]
			])
		};
		const [a, b, c] = withChanges(
			[row('u:1', 40, 1, '2024-12-10T05:00:00.000Z'), row('u:2', 35, 2, '2024-12-10T04:30:00.000Z'), row('u:3', 0, 3, null)],
			previous,
			new Set(['u:1'])
		);
		expect([a.creditedChange, a.rankChange, a.noReportSincePrevious]).toEqual([10, 1, false]);
		expect([b.creditedChange, b.rankChange, b.noReportSincePrevious]).toEqual([0, -1, true]);
		expect([c.creditedChange, c.rankChange]).toEqual([null, null]);
		expect(withChanges([row('u:1', 40, 1, null)], previous, null)[0].noReportSincePrevious).toBe(false);
	});
});
