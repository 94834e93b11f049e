import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/access';
import { insertUser } from '../../src/lib/server/auth/users';
import { awardWorkbook, drawAwardList, frozenList, previewAwardList, saveAwardRule } from '../../src/lib/server/awards/service';
import { findCampaignByCode } from '../../src/lib/server/campaigns/repository';
import type { Database } from '../../src/lib/server/db';
import { appendReports } from '../../src/lib/server/counts/repository';
import { takeSnapshot } from '../../src/lib/server/snapshots/service';
import { createTestDb, type TestDb } from '../helpers/db';
import { seedCampaign } from '../helpers/factories';

let t: TestDb;
afterEach(() => t?.close());

// Factory campaign: 01/12 → 21/12/2024; communes (by code) 13078 Thị trấn Kiến Xương (343),
// 13192 Thị trấn Vũ Thư and 13195 Xã Hồng Lý (344); targets khai_sinh 100 and ket_hon 50 each.
const AT_11_30_10_12 = new Date('2024-12-10T04:30:00.000Z');

async function report(db: Database, campaignId: number, communeId: number, recordType: string, asOf: string, value: number) {
	await db
		.transaction()
		.execute((tx) =>
			appendReports(tx, [
				{ campaign_id: campaignId, commune_id: communeId, record_type: recordType, stage: 'nhap_lieu', as_of: asOf, cumulative: value, received_at: asOf, source: 'api' }
			])
		);
}

async function seed() {
	t = await createTestDb();
	const { campaignId, province, communes } = await seedCampaign(t.db);
	const campaign = (await findCampaignByCode(t.db, 'test'))!;
	const userId = await insertUser(t.db, {
		username: 'quantri',
		display_name: 'Nguyễn Văn Quản',
		password_hash: 'x',
		role: 'admin',
		unit_id: province.id,
		email: null,
		created_at: '2024-11-30T00:00:00.000Z'
	});
	const admin: Actor = { userId, username: 'quantri', displayName: 'Nguyễn Văn Quản', role: 'admin', unitId: province.id, provinceId: province.id };
	const [kienXuong, vuThu, hongLy] = communes;
	// Kiến Xương finishes at 08:00 on 04/12; Vũ Thư reaches 80%; Hồng Lý 20%.
	await report(t.db, campaignId, kienXuong.id, 'khai_sinh', '2024-12-03T01:00:00.000Z', 100);
	await report(t.db, campaignId, kienXuong.id, 'ket_hon', '2024-12-04T01:00:00.000Z', 50);
	await report(t.db, campaignId, vuThu.id, 'khai_sinh', '2024-12-05T01:00:00.000Z', 80);
	await report(t.db, campaignId, vuThu.id, 'ket_hon', '2024-12-05T01:00:00.000Z', 40);
	await report(t.db, campaignId, hongLy.id, 'khai_sinh', '2024-12-05T01:00:00.000Z', 30);
	const snapshot = (await takeSnapshot(t.db, campaign, { slot: AT_11_30_10_12, kind: 'scheduled' }))!;
	return { campaign, campaignId, admin, snapshot, kienXuong, vuThu, hongLy };
}

const RULES = {
	early: { name: 'Về đích đúng hạn', kind: 'finished_by', level: 'commune', award: 'Giấy khen của Giám đốc Sở Tư pháp', daysBeforeDeadline: 0 },
	top: { name: 'Dẫn đầu cấp huyện', kind: 'top_n', level: 'district', award: 'Bằng khen của Chủ tịch UBND tỉnh', n: 1 },
	eighty: { name: 'Hoàn thành tốt', kind: 'pct_by', level: 'commune', award: 'Giấy khen', pct: '80', date: '2024-12-10' },
	slow: { name: 'Chậm tiến độ', kind: 'below_pct', level: 'commune', award: '', pct: '50', daysBeforeDeadline: 0 }
};

describe('award lists on a stored snapshot', () => {
	it('lists the units each rule type selects', async () => {
		const { campaign, admin, snapshot } = await seed();
		const listed = async (raw: Record<string, unknown>) => {
			const rule = await saveAwardRule(t.db, admin, campaign, raw, 'test');
			const id = await drawAwardList(t.db, admin, campaign, rule, snapshot.id, 'test');
			return (await frozenList(t.db, admin, campaign, id)).entries.map((e) => [e.name, e.award]);
		};
		expect(await listed(RULES.early)).toEqual([['Thị trấn Kiến Xương', 'Giấy khen của Giám đốc Sở Tư pháp']]);
		expect(await listed(RULES.top)).toEqual([['Huyện Kiến Xương', 'Bằng khen của Chủ tịch UBND tỉnh']]);
		// 80% exactly (120 of 150) reaches 80%.
		expect(await listed(RULES.eighty)).toEqual([
			['Thị trấn Kiến Xương', 'Giấy khen'],
			['Thị trấn Vũ Thư', 'Giấy khen']
		]);
		expect(await listed(RULES.slow)).toEqual([['Xã Hồng Lý', 'Kiểm điểm trách nhiệm']]);
		const audit = await t.db.selectFrom('audit_log').select(['action', 'actor']).where('entity', 'in', ['award_rule', 'award_list']).execute();
		expect(audit.filter((a) => a.action === 'create_award_rule')).toHaveLength(4);
		expect(audit.filter((a) => a.action === 'draw_award_list')).toHaveLength(4);
	});

	it('a frozen list does not change after new reports, a new snapshot or an edit of its rule', async () => {
		const { campaign, campaignId, admin, snapshot, hongLy } = await seed();
		const rule = await saveAwardRule(t.db, admin, campaign, RULES.slow, 'test');
		const id = await drawAwardList(t.db, admin, campaign, rule, snapshot.id, 'test');
		const before = await frozenList(t.db, admin, campaign, id);
		expect(before.entries.map((e) => [e.code, e.pct, e.credited, e.target, e.rank])).toEqual([['13195', 0.2, 30, 150, 3]]);

		await report(t.db, campaignId, hongLy.id, 'khai_sinh', '2024-12-11T01:00:00.000Z', 100);
		await report(t.db, campaignId, hongLy.id, 'ket_hon', '2024-12-11T01:00:00.000Z', 50);
		const later = (await takeSnapshot(t.db, campaign, { slot: new Date('2024-12-11T04:30:00.000Z'), kind: 'scheduled' }))!;
		await saveAwardRule(t.db, admin, campaign, { ...RULES.slow, name: 'Chậm tiến độ (sửa)', pct: '10' }, 'test', rule);

		// The rule now selects nobody on the new snapshot, and the frozen list is as it was.
		expect((await previewAwardList(t.db, admin, campaign, rule, later.id))!.entries).toEqual([]);
		expect(await frozenList(t.db, admin, campaign, id)).toEqual(before);
		expect(before.description).toBe('Đơn vị cấp xã đạt dưới 50% chỉ tiêu (tất cả loại việc) đến hết hạn chót 21/12/2024');
		expect([before.name, before.snapshotId, before.slotAt, before.frozenBy]).toEqual(['Chậm tiến độ', snapshot.id, snapshot.slot_at, 'Nguyễn Văn Quản']);

		// Stored rows refuse any change.
		await expect(t.db.updateTable('award_list_entries').set({ pct: 1 }).execute()).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('award_lists').execute()).rejects.toThrow(/append-only/);
	});

	it('refuses a percentage read after its date, and lets only admins draw lists', async () => {
		const { campaign, admin, snapshot } = await seed();
		const rule = await saveAwardRule(t.db, admin, campaign, { ...RULES.eighty, date: '2024-12-09' }, 'test');
		await expect(drawAwardList(t.db, admin, campaign, rule, snapshot.id, 'test')).rejects.toThrow('Lần chốt số lúc 11:30 10/12/2024 muộn hơn 24:00 ngày 09/12/2024');
		// The preview proposes no snapshot: the only one is after the date.
		expect(await previewAwardList(t.db, admin, campaign, rule, null)).toBeNull();
		const leader = { ...admin, role: 'leader' as const };
		await expect(saveAwardRule(t.db, leader, campaign, RULES.top, 'test')).rejects.toThrow(/Chỉ quản trị/);
		const top = await saveAwardRule(t.db, admin, campaign, RULES.top, 'test');
		await expect(drawAwardList(t.db, leader, campaign, top, snapshot.id, 'test')).rejects.toThrow(/Chỉ quản trị/);
		const id = await drawAwardList(t.db, admin, campaign, top, snapshot.id, 'test');
		expect((await frozenList(t.db, leader, campaign, id)).entries).toHaveLength(1);
		await expect(frozenList(t.db, { ...admin, role: 'district' }, campaign, id)).rejects.toThrow(/lãnh đạo và quản trị/);
		expect(await t.db.selectFrom('award_lists').select('id').execute()).toHaveLength(1);
	});

	it('the official workbook read back holds the rows expected, and no formula', async () => {
		const { campaign, admin, snapshot } = await seed();
		const rule = await saveAwardRule(t.db, admin, campaign, RULES.eighty, 'test');
		const list = await frozenList(t.db, admin, campaign, await drawAwardList(t.db, admin, campaign, rule, snapshot.id, 'test'));
		const file = awardWorkbook(campaign, list);
		expect(file.name).toBe(`danh-sach-khen-thuong-test-${list.id}.xlsx`);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await file.workbook.xlsx.writeBuffer());
		const sheet = book.getWorksheet('Khen thưởng')!;
		const values: unknown[][] = [];
		let headerRow = 0;
		sheet.eachRow((row, n) => {
			values.push((row.values as unknown[]).slice(1));
			if (row.getCell(1).value === 'STT') headerRow = n;
		});
		// Merged cells read back as the same value in each cell: keep one.
		const text = values.map((r) => r.filter((v, i) => v !== null && v !== undefined && v !== r[i - 1]).join(' | '));
		expect(text.slice(0, 4)).toEqual([
			'UBND TỈNH THÁI BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'SỞ TƯ PHÁP | Độc lập - Tự do - Hạnh phúc',
			'DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG',
			'Đợt thử'
		]);
		expect(text).toContain('Tiêu chí «Hoàn thành tốt»: Đơn vị cấp xã đạt từ 80% chỉ tiêu trở lên (tất cả loại việc) đến hết ngày 10/12/2024');
		expect(text.find((l) => l.startsWith('Căn cứ'))).toMatch(new RegExp(`^Căn cứ số liệu chốt lúc 11:30 10/12/2024 \\(lần chốt số #${snapshot.id}\\); danh sách chốt lúc `));
		const header = values.findIndex((r) => r[0] === 'STT');
		expect(values[header]).toEqual([
			'STT',
			'Đơn vị',
			'Thuộc',
			'Cấp',
			'Kết quả (tỷ lệ hoàn thành)',
			'Đã số hóa (được tính)',
			'Chỉ tiêu',
			'Thời điểm về đích',
			'Hạng',
			'Hình thức đề nghị'
		]);
		expect(values.slice(header + 1, header + 3)).toEqual([
			[1, 'Thị trấn Kiến Xương', 'Huyện Kiến Xương', 'Cấp xã', 1, 150, 150, '08:00 04/12/2024', 1, 'Giấy khen'],
			[2, 'Thị trấn Vũ Thư', 'Huyện Vũ Thư', 'Cấp xã', 0.8, 120, 150, 'Chưa về đích', 2, 'Giấy khen']
		]);
		expect(sheet.getRow(headerRow + 2).getCell(5).numFmt).toBe('0.0%');
		expect(sheet.getRow(headerRow + 2).getCell(6).numFmt).toBe('#,##0');
		expect(text.slice(header + 3)).toEqual(['Tổng số: 2 đơn vị.', expect.stringMatching(/^Thái Bình, ngày \d{2} tháng \d{2} năm \d{4}$/), 'NGƯỜI LẬP BIỂU | GIÁM ĐỐC']);
		sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
	});
});
