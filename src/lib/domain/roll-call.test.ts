import { describe, expect, it } from 'vitest';
import { reportedUnits, rollCallHeadline, rollCallOf, sinceLabel } from './roll-call';
import { cell, snapshot, units } from './testing/snapshot-fixture';

const AFTER = '2024-12-10T01:00:00.000Z'; // 08:00 on 10/12, after the 06:00 snapshot
const withReport = (c: ReturnType<typeof cell>, at: string) => ({ ...c, lastReportAt: at });
// 06:00 10/12: every commune reported by then (its figures date from 05/12, after the start).
const first = snapshot([cell('a', 100, 20), cell('b', 100, 90), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 10), cell('f', 0, 0)], null, '2024-12-09T23:00:00.000Z');
// 11:30: A and D reported since 06:00; B finished (silent, but nothing left to do); C and E sent nothing; F has no target.
const second = snapshot(
	[
		withReport(cell('a', 100, 60), AFTER),
		cell('b', 100, 100, '2024-12-05T00:00:00.000Z'),
		cell('c', 100, 50),
		withReport(cell('d', 100, 70), AFTER),
		cell('e', 100, 10),
		cell('f', 0, 0)
	],
	first
);

describe('the roll-call (DESIGN §4)', () => {
	it('names the communes with work left and nothing received since the previous scheduled snapshot', () => {
		const r = rollCallOf(second);
		expect(r.missing.map((c) => [c.name, c.parentName])).toEqual([
			['Xã C', 'Huyện Kiến Xương'],
			['Xã E', 'Huyện Vũ Thư']
		]);
		expect([r.pending, r.since, r.slotAt]).toEqual([4, '2024-12-09T23:00:00.000Z', '2024-12-10T04:30:00.000Z']);
		expect(rollCallOf(second, 'd2').missing.map((c) => c.code)).toEqual(['13101']);
	});

	it('counts from the campaign’s start for the first snapshot, and never names a finished commune', () => {
		const r = rollCallOf(first);
		expect([r.since, r.pending, r.missing.length]).toEqual([null, 5, 0]);
		expect(rollCallOf(second).missing.some((c) => c.name === 'Xã B')).toBe(false);
	});

	it('reads as a chat would say it', () => {
		const tz = 'Asia/Ho_Chi_Minh';
		expect(rollCallHeadline(rollCallOf(second), tz)).toBe('Còn 2/4 xã chưa báo cáo từ 06:00');
		expect(rollCallHeadline(rollCallOf(first), tz)).toBe('Cả 5 xã còn việc đều đã báo cáo từ đầu đợt');
		expect(rollCallHeadline({ since: null, slotAt: AFTER, pending: 0, missing: 0 }, tz)).toBe('Tất cả các xã đã hoàn thành');
		expect(sinceLabel({ since: '2024-12-09T16:00:00.000Z', slotAt: '2024-12-09T23:00:00.000Z' }, tz)).toBe('23:00 ngày 09/12/2024');
	});

	it('marks a reporting commune’s district and province as reported too', () => {
		expect([...reportedUnits(units, ['a'])].sort()).toEqual(['a', 'd1', 'p']);
	});
});
