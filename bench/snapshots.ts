/**
 * Snapshots and their reports (issue 6), each beside a baseline measured in the same run:
 * - one province's snapshot (the demo province, Thái Bình) and one snapshot of every
 *   campaign (the nation, one campaign per province); baseline: the raw SQL aggregate of
 *   the same cells at the same instant;
 * - the province report (workbook built and written); baseline: exceljs writing a plain
 *   sheet with as many cells and no styling; and all 63 province reports (the nation);
 * - the chat text, picture and PDF of the province snapshot, beside its Excel report (bench/chat.ts).
 * The snapshots taken here are removed afterwards, so the fixture stays as built.
 */
import ExcelJS from 'exceljs';
import type SQLite from 'better-sqlite3';
import type { Database } from '../src/lib/server/db';
import type { Campaign } from '../src/lib/domain/campaign';
import type { Snapshot } from '../src/lib/server/db/schema';
import { takeSnapshot } from '../src/lib/server/snapshots/service';
import { snapshotData } from '../src/lib/server/snapshots/view';
import { buildProvinceReport } from '../src/reports/snapshot-report';
import { benchChatOutputs } from './chat';
import { removeSnapshotsAfter } from './fixture';
import { measureInterleaved, ms, ratio } from './measure';

export async function benchSnapshots(db: Database, sqlite: SQLite.Database, campaigns: Campaign[], at: Date, runs: number): Promise<string[][]> {
	const province = campaigns.find((c) => c.code === 'bench-34') ?? campaigns[0];
	const firstId = (sqlite.prepare('select coalesce(max(id), 0) as id from snapshots').get() as { id: number }).id;
	const take = (c: Campaign) => takeSnapshot(db, c, { slot: at, kind: 'adhoc', source: 'api' }) as Promise<Snapshot>;
	const rawAt = sqlite.prepare(`
		select u.parent_id, t.record_type, sum(min(coalesce((
			select r.cumulative from reports r
			where r.campaign_id = t.campaign_id and r.commune_id = t.commune_id and r.record_type = t.record_type and r.stage = 'nhap_lieu' and r.as_of <= ?
			order by r.as_of desc, r.received_at desc, r.id desc limit 1), 0), t.target)) as credited, sum(t.target) as target
		from current_targets t join units u on u.id = t.commune_id
		where t.campaign_id in (select value from json_each(?))
		group by u.parent_id, t.record_type`);
	const raw = (cs: Campaign[]) => () => rawAt.all(at.toISOString(), JSON.stringify(cs.map((c) => c.id)));

	try {
		const [snapProvince, rawProvince] = await measureInterleaved([() => take(province), raw([province])], runs);
		const [snapNation, rawNation] = await measureInterleaved(
			[
				async () => {
					for (const c of campaigns) await take(c);
				},
				raw(campaigns)
			],
			Math.min(runs, 3)
		);

		const datas = await Promise.all(campaigns.map(async (c) => snapshotData(db, c, await take(c))));
		const data = datas[campaigns.indexOf(province)];
		const built = buildProvinceReport(data);
		let cells = 0;
		built.eachSheet((sheet) => (cells += sheet.actualRowCount * sheet.actualColumnCount));
		const plain = async () => {
			const book = new ExcelJS.Workbook();
			const sheet = book.addWorksheet('x');
			for (let r = 0; r < cells / 17; r++) sheet.addRow(Array.from({ length: 17 }, (_, i) => r * 17 + i));
			return book.xlsx.writeBuffer();
		};
		const [reportProvince, plainProvince] = await measureInterleaved([() => buildProvinceReport(data).xlsx.writeBuffer(), plain], runs);
		const [reportNation] = await measureInterleaved(
			[
				async () => {
					for (const d of datas) await buildProvinceReport(d).xlsx.writeBuffer();
				}
			],
			Math.min(runs, 3)
		);

		const units = data.units.length;
		const chat = await benchChatOutputs(data, runs);
		return [
			[
				`Chốt số liệu một tỉnh (${province.code}, ${units} đơn vị)`,
				ms(snapProvince.medianMs),
				`${ms(rawProvince.medianMs)} (SQL thô: tổng theo huyện × loại lúc t)`,
				ratio(snapProvince.medianMs, rawProvince.medianMs),
				`${Math.round(snapProvince.peakRssMb)} MB`,
				'≤ 100 ms'
			],
			[
				`Chốt số liệu toàn quốc (${campaigns.length} đợt)`,
				ms(snapNation.medianMs),
				`${ms(rawNation.medianMs)} (SQL thô, cùng các ô)`,
				ratio(snapNation.medianMs, rawNation.medianMs),
				`${Math.round(snapNation.peakRssMb)} MB`,
				'—'
			],
			[
				`Báo cáo Excel một tỉnh (${built.worksheets.length} trang tính, ${cells.toLocaleString('vi-VN')} ô)`,
				ms(reportProvince.medianMs),
				`${ms(plainProvince.medianMs)} (exceljs, cùng số ô, không định dạng)`,
				ratio(reportProvince.medianMs, plainProvince.medianMs),
				`${Math.round(reportProvince.peakRssMb)} MB`,
				'≤ 500 ms'
			],
			[
				`Báo cáo Excel toàn quốc (${campaigns.length} báo cáo tỉnh)`,
				ms(reportNation.medianMs),
				`${ms(plainProvince.medianMs * campaigns.length)} (baseline × ${campaigns.length})`,
				ratio(reportNation.medianMs, plainProvince.medianMs * campaigns.length),
				`${Math.round(reportNation.peakRssMb)} MB`,
				'—'
			],
			...chat
		];
	} finally {
		removeSnapshotsAfter(sqlite, firstId);
	}
}
