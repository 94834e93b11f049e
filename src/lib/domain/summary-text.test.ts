import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPACITY } from './capacity';
import { summaryText } from './summary-text';
import { cell, snapshot } from './testing/snapshot-fixture';

const AFTER = '2024-12-10T01:00:00.000Z';
const reported = (c: ReturnType<typeof cell>) => ({ ...c, lastReportAt: AFTER });
const first = snapshot([cell('a', 100, 20), cell('b', 100, 90), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 10), cell('f', 0, 0)], null, '2024-12-09T23:00:00.000Z');
const second = snapshot(
	[reported(cell('a', 100, 60)), cell('b', 100, 100, '2024-12-05T00:00:00.000Z'), cell('c', 100, 50), reported(cell('d', 100, 70)), cell('e', 100, 10), cell('f', 0, 0)],
	first
);

describe('summaryText', () => {
	it('gives a district the section on capacity when the snapshot carries the capacities then in force', () => {
		// D: 70 over 7 days at 1 machine × 1 shift, quota 3 → enough; E: 10/7 a day at 2 × 3, quota 8 → n = 34, ceil(34/3) − 2 = 10 more machines.
		const withCapacity = {
			...second,
			capacities: new Map([
				['d', { machines: 1, shiftsPerDay: 1 }],
				['', DEFAULT_CAPACITY]
			])
		};
		const lines = summaryText(withCapacity, 'd2').split('\n');
		expect(lines[lines.indexOf('- Xếp hạng: 2/2 huyện (= so với lần chốt trước).') + 1]).toBe('- Năng lực: thiếu 10 máy ở 1 xã.');
		expect(summaryText(withCapacity)).toBe(summaryText(second)); // the province's text has no such section
	});

	it('gives the province its figures, the ranked districts and the roll-call', () => {
		expect(summaryText(second)).toBe(
			[
				'TIẾN ĐỘ SỐ HÓA HỘ TỊCH – TỈNH THÁI BÌNH',
				'Đợt thử',
				'Số liệu chốt lúc 11:30 ngày 10/12/2024',
				'',
				'- Đã số hóa: 290/500 hồ sơ (58,0%), tăng 70 từ 06:00.',
				'- Chỉ tiêu hôm nay: 18 hồ sơ/ngày; còn lại 210 hồ sơ trong 12 ngày (hạn 21/12/2024).',
				'- Tốc độ 41 hồ sơ/ngày, dự kiến xong 15/12/2024: đúng tiến độ.',
				'',
				'Xếp hạng các huyện:',
				'1. Huyện Kiến Xương: 70,0% (=)',
				'2. Huyện Vũ Thư: 40,0% (=)',
				'',
				'Còn 2/4 xã chưa báo cáo từ 06:00:',
				'Huyện Kiến Xương: Xã C; Huyện Vũ Thư: Xã E.'
			].join('\n')
		);
	});

	it('gives a district its place, its communes with their province-wide ranks and its own roll-call', () => {
		const text = summaryText(second, 'd2');
		expect(text.split('\n').slice(4)).toEqual([
			'- Đã số hóa: 80/200 hồ sơ (40,0%), tăng 20 từ 06:00.',
			'- Chỉ tiêu hôm nay: 10 hồ sơ/ngày; còn lại 120 hồ sơ trong 12 ngày (hạn 21/12/2024).',
			'- Tốc độ 11 hồ sơ/ngày, dự kiến xong 20/12/2024: đúng tiến độ.',
			'- Xếp hạng: 2/2 huyện (= so với lần chốt trước).',
			'',
			'Xếp hạng các xã (hạng trong 6 xã toàn tỉnh):',
			'1. Xã F: 100,0% (=)',
			'3. Xã D: 70,0% (=)',
			'6. Xã E: 10,0% (=)',
			'',
			'Còn 1/2 xã chưa báo cáo từ 06:00:',
			'Xã E.'
		]);
	});

	it('cuts a long roll-call to fit one chat message', () => {
		const full = summaryText(second);
		const text = summaryText(second, undefined, full.length - 1);
		expect(text.length).toBeLessThanOrEqual(full.length - 1);
		expect(text.endsWith('\nHuyện Kiến Xương: Xã C … và 1 xã khác.')).toBe(true);
	});
});
