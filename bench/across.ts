/**
 * Issue 26: the whole national fixture (63 campaigns on the 3-level list, 10.047 communes)
 * read on the 2-level list (3.321 communes) through the official mapping, beside the same
 * evaluation on its own list, interleaved. The 2-level list and the mapping are imported
 * into the fixture on first use.
 */
import { readFileSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import { evaluateOnHierarchy } from '../src/lib/server/across/service';
import type { Database } from '../src/lib/server/db';
import type { Campaign } from '../src/lib/domain/campaign';
import { importMapping } from '../src/lib/server/mapping/import';
import { linksBetween } from '../src/lib/server/mapping/repository';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import { findHierarchy } from '../src/lib/server/units/repository';
import { measureInterleaved, ms, ratio } from './measure';

const NEW_LIST = { file: 'reference/units-2026-07-25-2level.csv', asOf: '2026-07-25' };
const MAPPING = 'reference/units-mapping-2025-07-01.csv';

export async function benchAcross(db: Database, sqlite: SQLite.Database, campaigns: Campaign[], at: Date, runs: number, log: (s: string) => void): Promise<string[][]> {
	const old = (await findHierarchy(db, '2025-03-01'))!;
	let other = await findHierarchy(db, NEW_LIST.asOf);
	if (!other) {
		log('Nhập danh mục 2 cấp vào dữ liệu đo…');
		await importUnitList(db, await readUnitFile(NEW_LIST.file), { asOf: NEW_LIST.asOf, source: 'bench', actor: 'bench' });
		other = (await findHierarchy(db, NEW_LIST.asOf))!;
	}
	if ((await linksBetween(db, old.id, other.id)).length === 0) {
		log('Nhập bảng chuyển đổi vào dữ liệu đo…');
		await importMapping(db, { name: MAPPING, bytes: readFileSync(MAPPING) }, { from: old.asOf, to: other.asOf, acceptUnknown: true, by: 'cli' });
	}
	const count = (hierarchyId: number) => (sqlite.prepare("select count(*) as n from units where hierarchy_id = ? and level = 'commune'").get(hierarchyId) as { n: number }).n;
	const [oldCommunes, newCommunes] = [count(old.id), count(other.id)];

	// The same national totals on either list (what the mapping does not reach is counted apart).
	let [ownCredited, otherCredited, unmapped] = [0, 0, 0];
	for (const c of campaigns) {
		ownCredited += (await evaluateCampaignAt(db, c, { at })).rows.find((r) => r.level === 'province' && r.recordType === '')!.credited;
		const read = await evaluateOnHierarchy(db, c, other, { at });
		otherCredited += read.rows.filter((r) => r.level === 'province' && r.recordType === '').reduce((a, r) => a + r.credited, 0);
		unmapped += read.unmapped.length;
	}
	log(
		`Tổng được tính: ${ownCredited.toLocaleString('vi-VN')} trên danh mục của đợt, ${otherCredited.toLocaleString('vi-VN')} trên danh mục 2 cấp; ${unmapped} xã cũ không có trong bảng chuyển đổi.`
	);

	const [own, across] = await measureInterleaved(
		[
			async () => {
				for (const c of campaigns) await evaluateCampaignAt(db, c, { at });
			},
			async () => {
				for (const c of campaigns) await evaluateOnHierarchy(db, c, other, { at });
			}
		],
		runs
	);
	return [
		[
			`Đọc trên danh mục 2 cấp (${campaigns.length} đợt; danh mục ${oldCommunes.toLocaleString('vi-VN')} → ${newCommunes.toLocaleString('vi-VN')} xã), "bây giờ"`,
			ms(across.medianMs),
			`${ms(own.medianMs)} (cùng phép đánh giá trên danh mục của đợt)`,
			ratio(across.medianMs, own.medianMs),
			`${Math.round(across.peakRssMb)} MB (trên danh mục của đợt: ${Math.round(own.peakRssMb)} MB)`,
			otherCredited === ownCredited
				? `tổng toàn quốc bằng nhau (${ownCredited.toLocaleString('vi-VN')})`
				: `tổng khác: ${otherCredited.toLocaleString('vi-VN')} so với ${ownCredited.toLocaleString('vi-VN')}`
		]
	];
}
