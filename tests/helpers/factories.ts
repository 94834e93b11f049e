import { setCampaignRecordTypes, setCampaignStages, insertCampaign } from '../../src/lib/server/campaigns/repository';
import { setTargets } from '../../src/lib/server/campaigns/targets';
import type { Database } from '../../src/lib/server/db';
import { appendReports } from '../../src/lib/server/counts/repository';
import { importUnitList } from '../../src/lib/server/units/import';
import { findUnit, listUnits } from '../../src/lib/server/units/repository';
import type { UnitList } from '../../src/lib/domain/unit-list';

/** A tiny 3-level province: 2 districts, 3 communes. */
export const TINY_LIST: UnitList = {
	levels: 3,
	provinces: [{ code: '34', name: 'Tỉnh Thái Bình', type: 'Tỉnh', parentCode: null }],
	districts: [
		{ code: '344', name: 'Huyện Vũ Thư', type: 'Huyện', parentCode: '34' },
		{ code: '343', name: 'Huyện Kiến Xương', type: 'Huyện', parentCode: '34' }
	],
	communes: [
		{ code: '13192', name: 'Thị trấn Vũ Thư', type: 'Thị trấn', parentCode: '344' },
		{ code: '13195', name: 'Xã Hồng Lý', type: 'Xã', parentCode: '344' },
		{ code: '13078', name: 'Thị trấn Kiến Xương', type: 'Thị trấn', parentCode: '343' }
	]
};

export async function seedCampaign(db: Database, opts: { code?: string; start?: string; deadline?: string } = {}) {
	const { hierarchyId } = await importUnitList(db, TINY_LIST, { asOf: '2025-03-01', source: 'api', actor: 'test' });
	const province = (await findUnit(db, hierarchyId, '34'))!;
	const communes = await listUnits(db, hierarchyId, { level: 'commune' });
	const campaignId = await db.transaction().execute(async (tx) => {
		const id = await insertCampaign(tx, {
			code: opts.code ?? 'test',
			name: 'Đợt thử',
			hierarchy_id: hierarchyId,
			province_id: province.id,
			start_date: opts.start ?? '2024-12-01',
			deadline: opts.deadline ?? '2024-12-21',
			created_at: '2024-11-30T01:00:00.000Z'
		});
		await setCampaignRecordTypes(tx, id, ['khai_sinh', 'ket_hon']);
		await setCampaignStages(tx, id, [{ code: 'nhap_lieu', name: 'Nhập liệu' }]);
		await setTargets(
			tx,
			id,
			communes.flatMap((c) => [
				{ communeId: c.id, recordType: 'khai_sinh', target: 100 },
				{ communeId: c.id, recordType: 'ket_hon', target: 50 }
			]),
			{ at: '2024-11-30T01:00:00.000Z', authorId: null, source: 'api' }
		);
		return id;
	});
	return { hierarchyId, campaignId, province, communes };
}

/** A campaign with one report and one snapshot holding one row. */
export async function seedSnapshot(db: Database) {
	const { campaignId, province, communes } = await seedCampaign(db);
	await db.transaction().execute(async (tx) => {
		await appendReports(tx, [
			{
				campaign_id: campaignId,
				commune_id: communes[0].id,
				record_type: 'khai_sinh',
				stage: 'nhap_lieu',
				as_of: '2024-12-02T03:00:00.000Z',
				cumulative: 40,
				received_at: '2024-12-02T03:00:00.000Z',
				source: 'api'
			}
		]);
	});
	const snapshot = await db
		.insertInto('snapshots')
		.values({ campaign_id: campaignId, slot_at: '2024-12-02T04:30:00.000Z', kind: 'scheduled', taken_at: '2024-12-02T04:30:01.000Z', duration_ms: 12 })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('snapshot_rows')
		.values({
			snapshot_id: snapshot.id,
			unit_id: province.id,
			group_id: null,
			level: 'province',
			record_type: '',
			target: 450,
			done: 40,
			credited: 40,
			remaining: 410,
			over_target: 0,
			pct: 40 / 450,
			deadline: '2024-12-21',
			days_left: 20,
			daily_quota: 21,
			pace: 40,
			projected_finish: '2024-12-13',
			status: 'on_track',
			finished_at: null,
			rank: 1,
			credited_change: null,
			rank_change: null,
			last_report_at: '2024-12-02T03:00:00.000Z',
			no_report_since_previous: 0
		})
		.execute();
	return { campaignId, snapshotId: snapshot.id };
}
