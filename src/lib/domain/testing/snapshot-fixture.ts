/** A hand-built campaign and its snapshots, for the tests of leaderboards and awards. */
import type { CampaignCalendar } from '../calendar';
import { evaluateCampaign, type CellInput, type UnitNode } from '../evaluate';
import { DEFAULT_THRESHOLDS } from '../progress';
import { reportedUnits } from '../roll-call';
import { figureKey, withChanges, type SnapshotData } from '../snapshot';
import { campaignStartInstant } from '../calendar';

export const cal: CampaignCalendar = { timeZone: 'Asia/Ho_Chi_Minh', start: '2024-12-01', deadline: '2024-12-21', dayEndHour: 22, excludedWeekdays: [], holidays: [] };
export const units: UnitNode[] = [
	{ key: 'p', code: '34', name: 'Tỉnh Thái Bình', level: 'province', parentKey: null, deadline: null },
	{ key: 'd1', code: '343', name: 'Huyện Kiến Xương', level: 'district', parentKey: 'p', deadline: null },
	{ key: 'd2', code: '344', name: 'Huyện Vũ Thư', level: 'district', parentKey: 'p', deadline: null },
	...['a', 'b', 'c'].map((x, i) => ({ key: x, code: `1300${i}`, name: `Xã ${x.toUpperCase()}`, level: 'commune' as const, parentKey: 'd1', deadline: null })),
	...['d', 'e', 'f'].map((x, i) => ({ key: x, code: `1310${i}`, name: `Xã ${x.toUpperCase()}`, level: 'commune' as const, parentKey: 'd2', deadline: null }))
];
export const cell = (communeKey: string, target: number, done: number, finishedAt: string | null = null): CellInput => ({
	communeKey,
	recordType: 'khai_sinh',
	target,
	done,
	doneBefore: 0,
	finishedAt,
	lastReportAt: done > 0 ? '2024-12-05T00:00:00.000Z' : null
});

export function snapshot(cells: CellInput[], previous: SnapshotData | null, at = '2024-12-10T04:30:00.000Z'): SnapshotData {
	const rows = evaluateCampaign({ at: new Date(at), calendar: cal, thresholds: DEFAULT_THRESHOLDS, recordTypes: ['khai_sinh'], units, cells });
	const prev = previous && { slotAt: previous.slotAt, figures: new Map([...previous.figures].map(([k, f]) => [k, { credited: f.credited, rank: f.rank }])) };
	// A commune reported in the window when its cell's report is newer than the previous slot (or the start).
	const since = previous?.slotAt ?? campaignStartInstant(cal).toISOString();
	const reported = reportedUnits(
		units,
		cells.filter((c) => c.lastReportAt !== null && c.lastReportAt > since && c.lastReportAt <= at).map((c) => c.communeKey)
	);
	const figures = new Map(withChanges(rows, prev, reported).map((f) => [figureKey(f.unitKey, f.recordType), f]));
	return {
		id: 1,
		campaignCode: 'test',
		campaignName: 'Đợt thử',
		provinceName: 'Tỉnh Thái Bình',
		timeZone: cal.timeZone,
		slotAt: at,
		kind: 'scheduled',
		takenAt: at,
		durationMs: 1,
		previousSlotAt: previous?.slotAt ?? null,
		recordTypes: [{ code: 'khai_sinh', name: 'Khai sinh' }],
		units: units.map((u) => ({ key: u.key, code: u.code, name: u.name, level: u.level, parentKey: u.parentKey })),
		figures
	};
}
