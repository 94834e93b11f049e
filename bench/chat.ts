/**
 * What a snapshot gives the chat groups and the desk (issue 25): the chat text, the picture
 * (SVG laid out and drawn to PNG) and the one-page PDF of a province snapshot, each beside
 * the Excel report of the same snapshot, measured interleaved in the same run.
 *
 * Alone: `tsx bench/chat.ts [--quick]` takes one snapshot of Thái Bình on the bench fixture,
 * measures, prints the rows and removes the snapshot again.
 */
import { pathToFileURL } from 'node:url';
import { summaryText } from '../src/lib/domain/summary-text';
import type { SnapshotData } from '../src/lib/domain/snapshot';
import { pdfOf } from '../src/lib/server/snapshots/outputs';
import { buildProvinceReport } from '../src/reports/snapshot-report';
import { picturePng } from '../src/reports/summary-picture';
import { measureInterleaved, ms, ratio } from './measure';

export async function benchChatOutputs(data: SnapshotData, runs: number): Promise<string[][]> {
	const province = data.units.find((u) => u.level === 'province')!;
	const [text, picture, pdf, excel] = await measureInterleaved(
		[() => summaryText(data), () => picturePng(data, province.key), () => pdfOf(data, province.key), () => buildProvinceReport(data).xlsx.writeBuffer()],
		runs
	);
	const [png, pages] = [await picturePng(data, province.key), await pdfOf(data, province.key)];
	const middle = data.units.filter((u) => u.parentKey === province.key).length;
	const excelLabel = `${ms(excel.medianMs)} (báo cáo Excel của cùng lần chốt)`;
	const row = (label: string, m: typeof text) => [label, ms(m.medianMs), excelLabel, ratio(m.medianMs, excel.medianMs), `${Math.round(m.peakRssMb)} MB`, '≤ 200 ms'];
	return [
		row(`Tin nhắn tóm tắt một tỉnh (${summaryText(data).length.toLocaleString('vi-VN')} ký tự)`, text),
		row(`Ảnh bảng xếp hạng một tỉnh (${middle} đơn vị, PNG 1080 px, ${Math.round(png.png.length / 1024)} KB)`, picture),
		row(`Báo cáo một trang (PDF, phụ lục các xã, ${Math.round(pages.length / 1024)} KB)`, pdf)
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const { openSqlite, migrateToLatest } = await import('../src/lib/server/db');
	const { listCampaigns } = await import('../src/lib/server/campaigns/repository');
	const { takeSnapshot } = await import('../src/lib/server/snapshots/service');
	const { snapshotData } = await import('../src/lib/server/snapshots/view');
	const { buildFixture, fixtureInstants, removeSnapshotsAfter } = await import('./fixture');
	const quick = process.argv.includes('--quick');
	const size = quick ? { name: 'quick', provinces: ['34'], days: 10 } : { name: 'national', provinces: 'all' as const, days: 60 };
	const path = `bench/data/${size.name}.db`;
	await buildFixture(path, size, console.log);
	const { db, sqlite } = openSqlite(path);
	await migrateToLatest(db);
	const campaign = (await listCampaigns(db)).find((c) => c.code === 'bench-34')!;
	const firstId = (sqlite.prepare('select coalesce(max(id), 0) as id from snapshots').get() as { id: number }).id;
	try {
		const snapshot = (await takeSnapshot(db, campaign, { slot: fixtureInstants(size.days).past, kind: 'adhoc', source: 'api' }))!;
		const rows = await benchChatOutputs(await snapshotData(db, campaign, snapshot), 7);
		console.log(['| tin nhắn, ảnh, PDF | tiendo | baseline | tỉ lệ | RSS đỉnh | mục tiêu |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
	} finally {
		removeSnapshotsAfter(sqlite, firstId);
		await db.destroy();
	}
}
