import { describe, expect, it } from 'vitest';
import { onePageReport, placeDateLine } from './one-page';
import { cell, snapshot } from './testing/snapshot-fixture';

const AFTER = '2024-12-10T01:00:00.000Z';
const first = snapshot([cell('a', 100, 20), cell('b', 100, 90), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 10), cell('f', 0, 0)], null, '2024-12-09T23:00:00.000Z');
const second = snapshot(
	[{ ...cell('a', 100, 60), lastReportAt: AFTER }, cell('b', 100, 100, '2024-12-05T00:00:00.000Z'), cell('c', 100, 50), cell('d', 100, 50), cell('e', 100, 10), cell('f', 0, 0)],
	first
);

describe('the one-page report', () => {
	it('ranks the districts, totals the province, names the roll-call and ends with the signature block', () => {
		const r = onePageReport(second);
		expect(r.issuer).toEqual(['UBND TỈNH THÁI BÌNH', 'SỞ TƯ PHÁP']);
		expect(r.subtitle).toEqual(['Đợt thử', 'Số liệu chốt lúc 11:30 ngày 10/12/2024']);
		expect(r.table.unitHeader).toBe('Huyện, thị xã, thành phố');
		expect(r.table.rows.map((x) => [x.rank, x.name])).toEqual([
			[1, 'Huyện Kiến Xương'],
			[2, 'Huyện Vũ Thư']
		]);
		expect([r.table.total.name, r.table.total.figure.credited]).toEqual(['Toàn tỉnh Thái Bình', 270]);
		expect(r.rollCall).toEqual({ headline: 'Còn 3/4 xã chưa báo cáo từ 06:00:', names: ['Xã C (Huyện Kiến Xương)', 'Xã D (Huyện Vũ Thư)', 'Xã E (Huyện Vũ Thư)'] });
		expect(r.placeDate).toBe('Thái Bình, ngày 10 tháng 12 năm 2024');
		expect(r.signer).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
		expect(r.appendix.sections.map((s) => [s.name, s.rows.map((x) => x.name)])).toEqual([
			['Huyện Kiến Xương', ['Xã B', 'Xã A', 'Xã C']],
			['Huyện Vũ Thư', ['Xã F', 'Xã D', 'Xã E']]
		]);
	});

	it('gives a district its own header, communes and signer', () => {
		const r = onePageReport(second, 'd2');
		expect(r.issuer).toEqual(['UBND HUYỆN VŨ THƯ', 'PHÒNG TƯ PHÁP']);
		expect(r.table.unitHeader).toBe('Xã, phường, thị trấn');
		expect(r.table.rows.map((x) => x.name)).toEqual(['Xã F', 'Xã D', 'Xã E']);
		expect(r.rollCall.names).toEqual(['Xã D', 'Xã E']);
		expect(r.signer).toEqual(['TRƯỞNG PHÒNG']);
	});

	it('dates the place line in the campaign’s zone', () => {
		expect(placeDateLine('Thành phố Hà Nội', '2026-12-05T23:00:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('Hà Nội, ngày 06 tháng 12 năm 2026');
	});
});
