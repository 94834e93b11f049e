import { describe, expect, it } from 'vitest';
import { cellKeys, checkReportBatch, MAX_REPORTED_VALUE, startBatchCheck, type ReportContext } from './report-input';

const NOW = new Date('2024-12-10T05:00:00Z'); // 12:00 on 10/12/2024 in Hà Nội
const TYPES = ['khai_sinh', 'ket_hon'];
const STAGES = ['nhap_lieu', 'kiem_tra'];

/** Two communes of the sender and one of another district; 13192 already reported 300 births, target 1.000. */
function context(): ReportContext {
	const keys = cellKeys(TYPES, STAGES);
	return {
		now: NOW,
		campaignStart: new Date('2024-11-30T17:00:00Z'),
		recordTypes: new Set(TYPES),
		stages: new Set(STAGES),
		defaultStage: 'nhap_lieu',
		communes: new Map([
			['13192', { id: 1, name: 'Xã Tự Tân', mine: true }],
			['13195', { id: 2, name: 'Xã Minh Lãng', mine: true }],
			['12100', { id: 3, name: 'Xã Ngoài Huyện', mine: false }]
		]),
		keys,
		previous: new Map([[keys.cell(1, 'khai_sinh', 'nhap_lieu')!, 300]]),
		targets: new Map([
			[keys.target(1, 'khai_sinh')!, 1000],
			[keys.target(2, 'khai_sinh')!, 50]
		])
	};
}

const check = (reports: unknown[]) => checkReportBatch({ reports }, context());
const problemsOf = (reports: unknown[]) => check(reports).problems.map((p) => [p.field, p.message]);

describe('cellKeys', () => {
	it('numbers every cell and target cell of the campaign once, and nothing else', () => {
		const keys = cellKeys(TYPES, STAGES);
		const cells = new Set<number>();
		const targets = new Set<number>();
		for (const commune of [1, 2, 3])
			for (const type of TYPES) {
				targets.add(keys.target(commune, type)!);
				for (const stage of STAGES) cells.add(keys.cell(commune, type, stage)!);
			}
		expect(cells.size).toBe(3 * 2 * 2);
		expect(targets.size).toBe(3 * 2);
		expect(keys.cell(1, 'khai_tu', 'nhap_lieu')).toBeUndefined();
		expect(keys.cell(1, 'khai_sinh', 'so_hoa')).toBeUndefined();
		expect(keys.target(1, 'giam_ho')).toBeUndefined();
	});
});

describe('checkReportBatch', () => {
	it('accepts cumulative and delta reports, a delta added to the value in force', () => {
		const batch = check([
			{ commune: '13192', recordType: 'khai_sinh', delta: 25 },
			{ commune: ' 13195 ', recordType: 'khai_sinh', cumulative: 40, stage: 'kiem_tra', asOf: '2024-12-10T10:00:00+07:00' }
		]);
		expect(batch.problems).toEqual([]);
		expect(batch.outOfScope).toEqual([]);
		expect(batch.reports).toEqual([
			{ communeId: 1, communeCode: '13192', recordType: 'khai_sinh', stage: 'nhap_lieu', asOf: NOW.toISOString(), cumulative: 325, delta: 25, previous: 300, note: null },
			{ communeId: 2, communeCode: '13195', recordType: 'khai_sinh', stage: 'kiem_tra', asOf: '2024-12-10T03:00:00.000Z', cumulative: 40, delta: null, previous: null, note: null }
		]);
	});

	it('refuses an empty, missing or oversized list as a whole', () => {
		const refusal = 'cần một danh sách báo cáo không rỗng: {"reports": [{commune, recordType, cumulative hoặc delta}]}.';
		expect(checkReportBatch({ reports: [] }, context()).problems).toEqual([{ field: 'reports', message: refusal }]);
		expect(checkReportBatch([{ commune: '13192' }], context()).problems).toEqual([{ field: 'reports', message: refusal }]);
		const tooMany = checkReportBatch({ reports: [{}, {}, {}] }, context(), { maxBatch: 2 });
		expect(tooMany).toEqual({ reports: [], outOfScope: [], problems: [{ field: 'reports', message: 'tối đa 2 báo cáo mỗi lần gửi.' }] });
	});

	it('names the field and says what is wrong, in Vietnamese', () => {
		expect(
			problemsOf([
				'13192',
				{ recordType: 'khai_sinh', cumulative: 1 },
				{ commune: '99999', recordType: 'khai_sinh', cumulative: 1 },
				{ commune: '13195', recordType: 'khai_tu', cumulative: 1 },
				{ commune: '13195', recordType: 'ket_hon', stage: 'so_hoa', cumulative: 1 },
				{ commune: '13195', recordType: 'ket_hon', cumulative: 1, delta: 1 },
				{ commune: '13195', recordType: 'khai_sinh' }
			])
		).toEqual([
			['reports[0]', 'mỗi báo cáo là một đối tượng {commune, recordType, …}.'],
			['reports[1].commune', 'thiếu mã xã.'],
			['reports[2].commune', 'không có xã mã «99999» trong đợt số hóa này.'],
			['reports[3].recordType', 'loại việc «khai_tu» không thuộc đợt này (khai_sinh, ket_hon).'],
			['reports[4].stage', 'giai đoạn «so_hoa» không thuộc đợt này.'],
			['reports[5]', 'cần đúng một trong hai: cumulative (lũy kế) hoặc delta (số tăng thêm).'],
			['reports[6]', 'cần đúng một trong hai: cumulative (lũy kế) hoặc delta (số tăng thêm).']
		]);
	});

	it('takes whole numbers only, never negative, never absurd', () => {
		expect(
			problemsOf([
				{ commune: '13195', recordType: 'ket_hon', cumulative: '12' },
				{ commune: '13195', recordType: 'khai_sinh', cumulative: 1.5 },
				{ commune: '13192', recordType: 'ket_hon', cumulative: -1 },
				{ commune: '13192', recordType: 'khai_sinh', delta: -301, note: 'nhập nhầm' },
				{ commune: '13192', recordType: 'khai_sinh', stage: 'kiem_tra', cumulative: MAX_REPORTED_VALUE + 1 },
				{ commune: '13195', recordType: 'khai_sinh', stage: 'kiem_tra', cumulative: 501 }
			])
		).toEqual([
			['reports[0].cumulative', 'phải là một số nguyên (không phải chữ, NaN hay vô cực).'],
			['reports[1].cumulative', 'phải là số nguyên, không có phần thập phân.'],
			['reports[2].cumulative', 'không được âm.'],
			['reports[3].delta', 'lũy kế sau khi cộng (-1) bị âm.'],
			['reports[4].cumulative', 'lũy kế 10.000.001 vượt mức tối đa 10.000.000.'],
			['reports[5].cumulative', 'lũy kế 501 lớn hơn 10 lần chỉ tiêu (50); hãy kiểm tra lại.']
		]);
	});

	it('takes a lower value only as a correction with a reason', () => {
		expect(problemsOf([{ commune: '13192', recordType: 'khai_sinh', cumulative: 280 }])).toEqual([
			['reports[0].note', 'giá trị 280 thấp hơn trước (300) là một đính chính: cần ghi lý do.']
		]);
		const corrected = check([{ commune: '13192', recordType: 'khai_sinh', cumulative: 280, note: '  Nhập trùng 20 hồ sơ ngày 09/12  ' }]);
		expect(corrected.problems).toEqual([]);
		expect(corrected.reports[0]).toMatchObject({ cumulative: 280, previous: 300, note: 'Nhập trùng 20 hồ sơ ngày 09/12' });
		expect(problemsOf([{ commune: '13192', recordType: 'khai_sinh', cumulative: 280, note: 'x'.repeat(501) }])).toEqual([['reports[0].note', 'ghi chú dài tối đa 500 ký tự.']]);
	});

	it('refuses an instant without a zone, before the campaign or in the future', () => {
		const entry = (asOf: string) => ({ commune: '13195', recordType: 'ket_hon', cumulative: 1, asOf });
		expect(check([entry('2024-12-10T10:00:00+07:00')]).problems).toEqual([]);
		expect(check([entry('2024-12-10T12:04:59+07:00')]).problems).toEqual([]); // within five minutes of the server's clock
		expect(problemsOf([entry('2024-12-10 10:00')])).toEqual([['reports[0].asOf', 'thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2024-12-10T17:00:00+07:00.']]);
		expect(problemsOf([entry('2024-11-30T23:59:00+07:00')])).toEqual([['reports[0].asOf', 'thời điểm trước ngày bắt đầu đợt số hóa.']]);
		expect(problemsOf([entry('2024-12-10T12:05:01+07:00')])).toEqual([['reports[0].asOf', 'thời điểm ở tương lai (muộn hơn giờ máy chủ quá 5 phút).']]);
	});

	it('takes each cell once per batch', () => {
		expect(
			problemsOf([
				{ commune: '13195', recordType: 'ket_hon', cumulative: 1 },
				{ commune: '13195', recordType: 'ket_hon', cumulative: 2 }
			])
		).toEqual([['reports[1]', 'xã 13195, loại việc ket_hon đã có ở reports[0]; mỗi ô chỉ gửi một lần.']]);
	});

	it('sets apart a commune the sender may not report for, and writes nothing then', () => {
		const batch = check([
			{ commune: '13195', recordType: 'ket_hon', cumulative: 1 },
			{ commune: '12100', recordType: 'ket_hon', cumulative: 1 }
		]);
		expect(batch.problems).toEqual([]);
		expect(batch.outOfScope).toEqual([{ field: 'reports[1].commune', entry: 1, message: 'bạn không có quyền báo cáo cho Xã Ngoài Huyện (mã 12100).' }]);
		expect(batch.reports).toEqual([]);
	});

	it('writes nothing when one entry of many is wrong', () => {
		const batch = check([
			{ commune: '13195', recordType: 'ket_hon', cumulative: 1 },
			{ commune: '13192', recordType: 'ket_hon', cumulative: -5 }
		]);
		expect(batch.reports).toEqual([]);
		expect(batch.problems).toHaveLength(1);
	});

	it('gives the same result one entry at a time, and only problems for a preview', () => {
		const raw = {
			reports: [
				{ commune: '13195', recordType: 'ket_hon', cumulative: 1 },
				{ commune: '13192', recordType: 'khai_sinh', delta: 5 }
			]
		};
		const stepwise = startBatchCheck(raw, context());
		expect(stepwise.size).toBe(2);
		for (let i = 0; i < stepwise.size; i++) stepwise.check(i);
		expect(stepwise.result()).toEqual(checkReportBatch(raw, context()));
		expect(checkReportBatch(raw, context(), { problemsOnly: true })).toEqual({ reports: [], problems: [], outOfScope: [] });
	});
});
