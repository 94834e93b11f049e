import { describe, expect, it } from 'vitest';
import { JUMP_FLOOR, qualityFlags, type QualityInput } from './quality';

const base = (over: Partial<QualityInput>): QualityInput => ({
	communeIds: [1],
	targets: new Map([['1|khai_sinh', 1000]]),
	current: new Map(),
	reports: [],
	since: '2024-12-08T00:00:00.000Z',
	rollCall: new Map(),
	...over
});
const report = (day: number, cumulative: number, note: string | null = null) => ({
	communeId: 1,
	recordType: 'khai_sinh',
	asOf: `2024-12-${String(day).padStart(2, '0')}T03:00:00.000Z`,
	receivedAt: `2024-12-${String(day).padStart(2, '0')}T03:00:00.000Z`,
	cumulative,
	note
});

describe('qualityFlags', () => {
	it('flags a value above target', () => {
		const flags = qualityFlags(base({ current: new Map([['1|khai_sinh', 1200]]) }));
		expect(flags).toEqual([expect.objectContaining({ kind: 'over_target', detail: 'đã nhập 1.200, chỉ tiêu 1.000: chỉ tiêu có thể ước tính thiếu.' })]);
	});

	it('flags a correction downward in the window, with its reason', () => {
		const flags = qualityFlags(base({ reports: [report(7, 100), report(9, 90, 'trùng')] }));
		expect(flags).toEqual([expect.objectContaining({ kind: 'correction', detail: '100 → 90: trùng' })]);
	});

	it('flags a jump far above the usual daily pace, not steady progress', () => {
		const steady = [report(1, 0), report(2, 50), report(3, 100), report(4, 150), report(8, 350), report(9, 400)];
		expect(qualityFlags(base({ reports: steady }))).toEqual([]);
		const jump = [...steady, report(10, 400 + JUMP_FLOOR + 1000)];
		expect(qualityFlags(base({ reports: jump }))).toEqual([expect.objectContaining({ kind: 'jump', detail: 'tăng 1.200 trong một lần, trong khi bình thường khoảng 50/ngày.' })]);
		// A small unit's jump below the floor is not worth a flag.
		expect(qualityFlags(base({ reports: [report(8, 0), report(9, 1), report(10, JUMP_FLOOR)] }))).toEqual([]);
	});

	it('flags the communes of the roll-call that the reader sees, and no other', () => {
		const flags = qualityFlags(
			base({
				communeIds: [1, 2, 3],
				rollCall: new Map([
					[2, '2024-12-09T16:00:00.000Z'],
					[3, null],
					[4, null]
				])
			})
		);
		expect(flags.map((f) => [f.kind, f.communeId, f.detail])).toEqual([
			['silent', 2, 'còn việc, không gửi báo cáo nào từ lần chốt trước.'],
			['silent', 3, 'còn việc, chưa từng báo cáo.']
		]);
	});
});
