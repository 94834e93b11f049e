import { describe, expect, it } from 'vitest';
import {
	ACCOUNTABILITY,
	defaultSnapshot,
	describeCriteria,
	evaluateAward,
	parseAwardRule,
	snapshotCaution,
	snapshotProblem,
	type AwardContext,
	type AwardCriteria
} from './awards';
import { ValidationError } from './errors';
import { cell, snapshot } from './testing/snapshot-fixture';

const ctx: AwardContext = {
	startDate: '2024-12-01',
	deadline: '2024-12-21',
	timeZone: 'Asia/Ho_Chi_Minh',
	recordTypes: [{ code: 'khai_sinh', name: 'Khai sinh' }],
	hasGroups: false,
	national: false
};
const EARLY = '2024-12-03T01:00:00.000Z'; // 08:00 on 03/12, local
const LATE = '2024-12-06T01:00:00.000Z'; // 08:00 on 06/12
const MIDNIGHT = '2024-12-05T17:00:00.000Z'; // 24:00 on 05/12

// Kiến Xương: A 100/100 (finished 06/12), B 120/100 (finished 03/12), C 50/100.
// Vũ Thư: D 50/100, E 20/100, F has no target.
const data = snapshot([cell('a', 100, 100, LATE), cell('b', 100, 120, EARLY), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 20), cell('f', 0, 0)], null);

const rule = (c: Partial<AwardCriteria> & Pick<AwardCriteria, 'kind'>): AwardCriteria => ({ level: 'commune', recordType: '', award: 'Giấy khen', ...c });
const names = (c: AwardCriteria, d = data) => evaluateAward(d, c, ctx).map((e) => e.name);

describe('award rules on a hand-built campaign', () => {
	it('finished by a date: units whose finish time is at or before 24:00 that day', () => {
		expect(names(rule({ kind: 'finished_by', date: '2024-12-05' }))).toEqual(['Xã B']);
		expect(names(rule({ kind: 'finished_by', date: '2024-12-06' }))).toEqual(['Xã B', 'Xã A']);
		// N days before the deadline: 21/12 − 15 = 06/12.
		expect(names(rule({ kind: 'finished_by', daysBeforeDeadline: 15 }))).toEqual(['Xã B', 'Xã A']);
		// Finishing exactly at 24:00 counts for that day.
		const atMidnight = snapshot([cell('a', 100, 100, MIDNIGHT), cell('b', 100, 20)], null);
		expect(names(rule({ kind: 'finished_by', date: '2024-12-05' }), atMidnight)).toEqual(['Xã A']);
		expect(names(rule({ kind: 'finished_by', date: '2024-12-04' }), atMidnight)).toEqual([]);
	});

	it('top N: places among units with a target, ties at the edge all included, leaderboard ranks shown', () => {
		// The leaderboard: F 1 (no target), B 2, A 3, C 4, D 4, E 6.
		const top2 = evaluateAward(data, rule({ kind: 'top_n', n: 2 }), ctx);
		expect(top2.map((e) => [e.position, e.name, e.rank])).toEqual([
			[1, 'Xã B', 2],
			[2, 'Xã A', 3]
		]);
		expect(names(rule({ kind: 'top_n', n: 3 }))).toEqual(['Xã B', 'Xã A', 'Xã C', 'Xã D']);
		// District level: Kiến Xương 250/300, Vũ Thư 70/200.
		expect(names(rule({ kind: 'top_n', n: 1, level: 'district' }))).toEqual(['Huyện Kiến Xương']);
	});

	it('at least X% by a date, compared exactly (50% of 100 reaches 50%, not 50,1%)', () => {
		expect(names(rule({ kind: 'pct_by', pctTenths: 500, date: '2024-12-10' }))).toEqual(['Xã B', 'Xã A', 'Xã C', 'Xã D']);
		expect(names(rule({ kind: 'pct_by', pctTenths: 501, date: '2024-12-10' }))).toEqual(['Xã B', 'Xã A']);
	});

	it('below Y%: the accountability list, worst first, never a unit without a target', () => {
		expect(names(rule({ kind: 'below_pct', pctTenths: 500, daysBeforeDeadline: 0 }))).toEqual(['Xã E']);
		const list = evaluateAward(data, rule({ kind: 'below_pct', pctTenths: 501, daysBeforeDeadline: 0, award: ACCOUNTABILITY }), ctx);
		expect(list.map((e) => [e.position, e.name, e.rank, e.award])).toEqual([
			[1, 'Xã E', 6, ACCOUNTABILITY],
			[2, 'Xã C', 4, ACCOUNTABILITY],
			[3, 'Xã D', 4, ACCOUNTABILITY]
		]);
		expect(names(rule({ kind: 'below_pct', pctTenths: 400, daysBeforeDeadline: 0, level: 'district' }))).toEqual(['Huyện Vũ Thư']);
	});

	it('entries carry what the official list prints', () => {
		const [b] = evaluateAward(data, rule({ kind: 'top_n', n: 1 }), ctx);
		expect(b).toMatchObject({
			code: '13001',
			name: 'Xã B',
			level: 'commune',
			parentName: 'Huyện Kiến Xương',
			pct: 1,
			credited: 100,
			target: 100,
			finishedAt: EARLY,
			rank: 2,
			award: 'Giấy khen'
		});
	});
});

describe('which snapshot a rule may rest on', () => {
	const pctBy = rule({ kind: 'pct_by', pctTenths: 800, date: '2024-12-09' });
	it('refuses a percentage read after its date, and proposes the newest snapshot before it', () => {
		expect(snapshotProblem(pctBy, '2024-12-10T04:30:00.000Z', ctx)).toMatch(/^Lần chốt số lúc 11:30 10\/12\/2024 muộn hơn 24:00 ngày 09\/12\/2024/);
		expect(snapshotProblem(pctBy, '2024-12-09T17:00:00.000Z', ctx)).toBeNull(); // 24:00 on 09/12
		const snapshots = [{ slotAt: '2024-12-10T04:30:00.000Z' }, { slotAt: '2024-12-09T16:00:00.000Z' }, { slotAt: '2024-12-09T04:30:00.000Z' }];
		expect(defaultSnapshot(pctBy, snapshots, ctx)).toEqual({ slotAt: '2024-12-09T16:00:00.000Z' });
		expect(defaultSnapshot(rule({ kind: 'top_n', n: 3 }), snapshots, ctx)).toEqual(snapshots[0]);
	});
	it('cautions when a list is drawn before its date', () => {
		expect(snapshotCaution(rule({ kind: 'finished_by', daysBeforeDeadline: 0 }), '2024-12-10T04:30:00.000Z', ctx)).toMatch(/trước 24:00 ngày 21\/12\/2024/);
		expect(snapshotCaution(rule({ kind: 'finished_by', date: '2024-12-06' }), '2024-12-10T04:30:00.000Z', ctx)).toBeNull();
		expect(snapshotCaution(rule({ kind: 'top_n', n: 3 }), '2024-12-10T04:30:00.000Z', ctx)).toBeNull();
	});
});

describe('parseAwardRule', () => {
	it('reads a form: Vietnamese decimal comma, whole numbers as text', () => {
		expect(
			parseAwardRule({ name: ' Hoàn thành  xuất sắc ', kind: 'pct_by', level: 'district', recordType: 'khai_sinh', award: 'Bằng khen', pct: '95,5', daysBeforeDeadline: '5' }, ctx)
		).toEqual({
			name: 'Hoàn thành xuất sắc',
			criteria: { kind: 'pct_by', level: 'district', recordType: 'khai_sinh', award: 'Bằng khen', pctTenths: 955, daysBeforeDeadline: 5 }
		});
		expect(parseAwardRule({ name: 'Chậm tiến độ', kind: 'below_pct', pct: 50, date: '2024-12-21' }, ctx).criteria).toEqual({
			kind: 'below_pct',
			level: 'district',
			recordType: '',
			award: ACCOUNTABILITY,
			pctTenths: 500,
			date: '2024-12-21'
		});
	});

	it('says every problem at once, each with its field', () => {
		const attempt = (raw: Record<string, unknown>) => {
			try {
				parseAwardRule(raw, ctx);
			} catch (e) {
				expect(e).toBeInstanceOf(ValidationError);
				return (e as ValidationError).problems.map((p) => p.field);
			}
			throw new Error('accepted');
		};
		expect(attempt({ name: '', kind: 'pct_by', level: 'tinh', recordType: 'ly_hon', award: '', pct: '100,5', date: '2024-12-01', daysBeforeDeadline: 3 })).toEqual([
			'name',
			'level',
			'recordType',
			'award',
			'pct',
			'date'
		]);
		expect(attempt({ name: 'x', kind: 'top_n', award: 'y', n: 0 })).toEqual(['n']);
		expect(attempt({ name: 'x', kind: 'top_n', award: 'y', n: '2.5' })).toEqual(['n']);
		expect(attempt({ name: 'x', kind: 'giai_nhat', award: 'y' })).toEqual(['kind']);
		expect(attempt({ name: 'x', kind: 'finished_by', award: 'y', date: '2024-11-30' })).toEqual(['date']);
		expect(attempt({ name: 'x', kind: 'finished_by', award: 'y', daysBeforeDeadline: 21 })).toEqual(['daysBeforeDeadline']);
		expect(attempt({ name: 'x', kind: 'pct_by', award: 'y', pct: 'NaN', date: '2024-12-10' })).toEqual(['pct']);
	});

	it('ranks provinces only in a national campaign', () => {
		const top = { name: 'Dẫn đầu', kind: 'top_n', level: 'province', award: 'Bằng khen', n: 3 };
		expect(() => parseAwardRule(top, ctx)).toThrow(ValidationError);
		try {
			parseAwardRule(top, ctx);
		} catch (e) {
			expect((e as ValidationError).problems).toEqual([{ field: 'level', message: 'Chỉ đợt toàn quốc mới xét theo cấp tỉnh; đợt này hãy chọn district hoặc commune.' }]);
		}
		expect(parseAwardRule(top, { ...ctx, national: true }).criteria.level).toBe('province');
	});
});

describe('describeCriteria', () => {
	it('words each rule in Vietnamese', () => {
		expect(describeCriteria(rule({ kind: 'finished_by', daysBeforeDeadline: 0, level: 'district' }), ctx)).toBe(
			'Đơn vị cấp huyện hoàn thành 100% chỉ tiêu (tất cả loại việc) đến hết hạn chót 21/12/2024'
		);
		expect(describeCriteria(rule({ kind: 'finished_by', daysBeforeDeadline: 5 }), ctx)).toBe(
			'Đơn vị cấp xã hoàn thành 100% chỉ tiêu (tất cả loại việc) đến hết ngày 16/12/2024 (5 ngày trước hạn chót)'
		);
		expect(describeCriteria(rule({ kind: 'top_n', n: 3, level: 'district' }), { ...ctx, hasGroups: true })).toBe(
			'Cụm thi đua xếp trong 3 hạng đầu (tất cả loại việc) tại lần chốt số được chọn; đồng hạng được xét như nhau'
		);
		expect(describeCriteria(rule({ kind: 'pct_by', pctTenths: 955, date: '2024-12-15', recordType: 'khai_sinh' }), ctx)).toBe(
			'Đơn vị cấp xã đạt từ 95,5% chỉ tiêu trở lên (sổ Khai sinh) đến hết ngày 15/12/2024'
		);
		expect(describeCriteria(rule({ kind: 'below_pct', pctTenths: 500, daysBeforeDeadline: 0 }), ctx)).toBe(
			'Đơn vị cấp xã đạt dưới 50% chỉ tiêu (tất cả loại việc) đến hết hạn chót 21/12/2024'
		);
	});
});
