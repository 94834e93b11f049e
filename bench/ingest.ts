/**
 * Entering counts at scale (issue 5), each figure beside a baseline measured in the same run:
 * - a national template (all 10.047 communes of the pre-2025 list under one campaign,
 *   6 record types, every cell changed): upload, read in the worker, check, preview, confirm;
 *   baseline: exceljs loading the same file in the main thread, nothing else;
 * - a province-sized file (242 communes) through the same path;
 * - the server time of a commune form submission (p99 of 300); baseline: the same rows
 *   inserted with one prepared statement;
 * - the longest event-loop stall while the national import runs;
 * - both imports as rows per second, beside as many report rows inserted raw through
 *   better-sqlite3 in one transaction.
 */
import type SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Actor } from '../src/lib/domain/access';
import type { UnitList } from '../src/lib/domain/unit-list';
import { addUser } from '../src/lib/server/auth/accounts';
import { actorFromApiToken, createApiToken } from '../src/lib/server/auth/session';
import { createCampaign } from '../src/lib/server/campaigns/service';
import { setTargets } from '../src/lib/server/campaigns/targets';
import { migrateToLatest, openSqlite } from '../src/lib/server/db';
import { confirmUpload, countTemplate, receiveUpload } from '../src/lib/server/ingest/service';
import { appendReports } from '../src/lib/server/counts/repository';
import { submitReports } from '../src/lib/server/counts/service';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import { ms, ratio } from './measure';

const run = promisify(execFile);
const TYPES = ['khai_sinh', 'ket_hon', 'khai_tu', 'nhan_cha_me_con', 'giam_ho', 'thay_doi_cai_chinh'];

/** The real list with every district moved under one province: a campaign of 10.047 communes. */
export function nationalList(list: UnitList): UnitList {
	return {
		levels: 3,
		provinces: [{ code: '99', name: 'Toàn quốc (đo)', type: 'Tỉnh', parentCode: null }],
		districts: list.districts.map((d) => ({ ...d, parentCode: '99' })),
		communes: list.communes
	};
}

async function peakDuring<T>(task: () => Promise<T>): Promise<{ result: T; ms: number; startMb: number; peakMb: number; stallMs: number }> {
	const startMb = process.memoryUsage().rss / 1048576;
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	const loop = monitorEventLoopDelay({ resolution: 5 });
	loop.enable();
	const started = performance.now();
	try {
		const result = await task();
		const ms = performance.now() - started;
		// The monitor records a stall when its timer fires after it: let it fire once more.
		await new Promise((resolve) => setTimeout(resolve, 20));
		return { result, ms, startMb, peakMb: peak / 1048576, stallMs: loop.max / 1e6 };
	} finally {
		loop.disable();
		clearInterval(sampler);
	}
}

/** A fresh database with one campaign over the given list's province, every cell at 100 of 5.000 (the tests pass their own path). */
export async function setUp(name: string, list: UnitList, provinceCode: string, path = `bench/data/${name}.db`) {
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
	const { db, sqlite } = openSqlite(path, { background: true });
	await migrateToLatest(db);
	await importUnitList(db, list, { asOf: '2025-03-01', source: 'api', actor: 'bench' });
	await addUser(db, { username: 'admin', role: 'admin', unitCode: provinceCode, password: 'mat khau do hieu nang' });
	const admin = (await actorFromApiToken(db, (await createApiToken(db, 'admin', { name: 'bench', actor: 'bench' }))!)) as Actor;
	const campaign = await createCampaign(db, admin, {
		code: 'do-nhap',
		name: 'Đợt đo nhập số liệu',
		provinceCode,
		hierarchy: '2025-03-01',
		start: '2024-10-01',
		deadline: '2025-12-31',
		recordTypes: TYPES
	});
	const communes = sqlite
		.prepare("select id, code from units where level = 'commune' and province_id = (select id from units where code = ? and level = 'province') order by code")
		.all(provinceCode) as { id: number; code: string }[];
	const at = new Date().toISOString();
	await db.transaction().execute(async (tx) => {
		await setTargets(
			tx,
			campaign.id,
			communes.flatMap((c) => TYPES.map((t) => ({ communeId: c.id, recordType: t, target: 5000 }))),
			{ at, authorId: null, source: 'api' }
		);
		await appendReports(
			tx,
			communes.flatMap((c) =>
				TYPES.map((t) => ({
					campaign_id: campaign.id,
					commune_id: c.id,
					record_type: t,
					stage: 'nhap_lieu',
					as_of: at,
					cumulative: 100,
					delta: null,
					received_at: at,
					source: 'api',
					author_id: null,
					note: null,
					idempotency_key: null
				}))
			)
		);
	});
	let round = 0;
	/** The campaign's template with every value raised, as a user would send it back. */
	const filled = async () => {
		round++;
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from((await countTemplate(db, admin, campaign, 'reports')).bytes) as unknown as ArrayBuffer);
		workbook.getWorksheet('Số liệu')!.eachRow((row, n) => {
			if (n > 4) for (let c = 4; c < 4 + TYPES.length; c++) row.getCell(c).value = 100 + round;
		});
		return new Uint8Array(await workbook.xlsx.writeBuffer());
	};
	const importFile = (bytes: Uint8Array) => async () => confirmUpload(db, admin, campaign, await receiveUpload(db, admin, campaign, 'reports', { name: 'tep.xlsx', bytes }));
	return { path, db, sqlite, admin, campaign, communes, at, filled, importFile };
}

/**
 * One import of the file by `bench/import-process.ts`, in a child process that loads nothing
 * else. The script is bundled first and run by plain Node, as the server runs its build: under
 * tsx the same process starts about 55 MB larger (the transformer and its source maps).
 */
async function importInOwnProcess(setup: Awaited<ReturnType<typeof setUp>>, file: Uint8Array) {
	const result = await uploadInOwnProcess(setup, file);
	if (result.accepted !== setup.communes.length * TYPES.length) throw new Error(`import in its own process wrote ${result.accepted}`);
	return result;
}

/** One upload by `bench/import-process.ts` in a child process: accepted and confirmed, or refused. */
export async function uploadInOwnProcess(setup: Awaited<ReturnType<typeof setUp>>, file: Uint8Array, name = 'tep.xlsx') {
	const filePath = `bench/data/upload-${name}`;
	writeFileSync(filePath, file);
	const script = 'bench/data/import-process.mjs';
	await build({ entryPoints: ['bench/import-process.ts'], outfile: script, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
	const token = (await createApiToken(setup.db, 'admin', { name: 'bench-process', actor: 'bench' }))!;
	const { stdout } = await run(process.execPath, [script, setup.path, filePath, token, name], { maxBuffer: 1 << 20 });
	rmSync(filePath, { force: true });
	return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; accepted: number; refused: string | null; startMb: number; peakMb: number; stallMs: number };
}

/** The baseline of an import's throughput: as many report rows inserted raw, in one transaction. */
function rawInsertMs(sqlite: SQLite.Database, campaignId: number, communes: { id: number }[], at: string): number {
	const insert = sqlite.prepare(
		"insert into reports (campaign_id, commune_id, record_type, stage, as_of, cumulative, received_at, source) values (?, ?, ?, 'nhap_lieu', ?, ?, ?, 'bench')"
	);
	const started = performance.now();
	sqlite.transaction(() => communes.forEach((c) => TYPES.forEach((t) => insert.run(campaignId, c.id, t, at, 9_000, at))))();
	return performance.now() - started;
}

const rowsPerSecond = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString('vi-VN')} hàng/s`;

const parseOnly = (bytes: Uint8Array) => async () => new ExcelJS.Workbook().xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const p99 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.99)];

export async function benchIngest(log: (s: string) => void, opts: { national: boolean }): Promise<string[]> {
	const list = await readUnitFile('reference/units-2025-03-01-3level.csv');

	// A province (Thái Bình, 242 communes): file imports and form submissions.
	const province = await setUp('ingest-province', list, '34');
	log(`Đo nhập số liệu: tỉnh ${province.communes.length.toLocaleString('vi-VN')} xã × ${TYPES.length} loại việc.`);
	const provinceTimes: number[] = [];
	const provinceParse: number[] = [];
	for (let i = 0; i < 5; i++) {
		const file = await province.filled();
		provinceTimes.push((await peakDuring(province.importFile(file))).ms);
		provinceParse.push((await peakDuring(parseOnly(file))).ms);
	}
	const rawImport = median(Array.from({ length: 5 }, () => rawInsertMs(province.sqlite, province.campaign.id, province.communes, province.at)));
	const provinceRows = province.communes.length * TYPES.length;
	const formTimes: number[] = [];
	const rawTimes: number[] = [];
	const rawInsert = province.sqlite.prepare(
		"insert into reports (campaign_id, commune_id, record_type, stage, as_of, cumulative, received_at, source) values (?, ?, ?, 'nhap_lieu', ?, ?, ?, 'bench')"
	);
	for (let i = 0; i < 300; i++) {
		const commune = province.communes[i % province.communes.length];
		const body = { reports: TYPES.map((t) => ({ commune: commune.code, recordType: t, cumulative: 500 + i })) };
		let started = performance.now();
		await submitReports(province.db, province.admin, province.campaign, body, { source: 'form', idempotencyKey: `bench-form-${i}` });
		formTimes.push(performance.now() - started);
		started = performance.now();
		province.sqlite.transaction(() => TYPES.forEach((t) => rawInsert.run(province.campaign.id, commune.id, t, province.at, 500 + i, province.at)))();
		rawTimes.push(performance.now() - started);
	}
	await province.db.destroy();

	const rows = [
		`| Nhập tệp một tỉnh (242 xã × 6), trung vị 5 lần | ${ms(median(provinceTimes))} | ${ms(median(provinceParse))} (exceljs chỉ đọc tệp) | ${ratio(median(provinceTimes), median(provinceParse))} | — | ≤ 300 ms |`,
		`| Nhập tệp một tỉnh: số hàng mỗi giây (${provinceRows.toLocaleString('vi-VN')} hàng) | ${rowsPerSecond(provinceRows, median(provinceTimes))} | ${rowsPerSecond(provinceRows, rawImport)} (INSERT thô cùng số hàng, một giao dịch) | ${ratio(median(provinceTimes), rawImport)} | — | — |`,
		`| Gửi biểu mẫu một xã (6 loại việc), p99 của ${formTimes.length} lần, thời gian máy chủ | ${ms(p99(formTimes))} (trung vị ${ms(median(formTimes))}) | ${ms(p99(rawTimes))} (INSERT thô) | ${ratio(p99(formTimes), p99(rawTimes))} | — | p99 ≤ 20 ms |`
	];
	if (!opts.national) return rows;

	// The whole country in one campaign: the national template.
	const national = await setUp('ingest-national', nationalList(list), '99');
	log(`Đo nhập số liệu: toàn quốc ${national.communes.length.toLocaleString('vi-VN')} xã × ${TYPES.length} loại việc.`);
	// Three imports (each raises every cell again) and three plain reads, interleaved; the
	// figures are the medians, the memory and the stall the worst seen.
	const imports: { ms: number; startMb: number; peakMb: number; stallMs: number }[] = [];
	const parses: number[] = [];
	let file = new Uint8Array();
	for (let i = 0; i < 3; i++) {
		file = await national.filled();
		const run = await peakDuring(national.importFile(file));
		if (run.result.accepted !== national.communes.length * TYPES.length) throw new Error(`national import wrote ${run.result.accepted}`);
		imports.push(run);
		parses.push((await peakDuring(parseOnly(file))).ms);
	}
	const nationalRun = {
		ms: median(imports.map((r) => r.ms)),
		startMb: Math.min(...imports.map((r) => r.startMb)),
		peakMb: Math.max(...imports.map((r) => r.peakMb)),
		stallMs: Math.max(...imports.map((r) => r.stallMs))
	};
	const nationalParse = { ms: median(parses) };
	const nationalRows = national.communes.length * TYPES.length;
	const nationalRaw = rawInsertMs(national.sqlite, national.campaign.id, national.communes, national.at);
	const alone = await importInOwnProcess(national, await national.filled());
	await national.db.destroy();
	return [
		`| Nhập tệp toàn quốc, trung vị 3 lần (${national.communes.length.toLocaleString('vi-VN')} xã × 6, ${(file.length / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB; đọc trong worker, kiểm tra, xem trước, xác nhận) | ${ms(nationalRun.ms)} | ${ms(nationalParse.ms)} (exceljs chỉ đọc tệp) | ${ratio(nationalRun.ms, nationalParse.ms)} | ${Math.round(nationalRun.peakMb)} MB (tăng ${Math.round(nationalRun.peakMb - nationalRun.startMb)} MB) | ≤ 3 s; ≤ 300 MB |`,
		`| Nhập tệp toàn quốc: số hàng mỗi giây (${nationalRows.toLocaleString('vi-VN')} hàng) | ${rowsPerSecond(nationalRows, nationalRun.ms)} | ${rowsPerSecond(nationalRows, nationalRaw)} (INSERT thô cùng số hàng, một giao dịch) | ${ratio(nationalRun.ms, nationalRaw)} | — | — |`,
		...rows,
		`| Nhập tệp toàn quốc trong một tiến trình riêng (như máy chủ: không nạp gì khác của phép đo) | ${ms(alone.ms)} | — | — | ${Math.round(alone.peakMb)} MB (lúc đầu ${Math.round(alone.startMb)} MB; kể cả worker đọc tệp) | ≤ 300 MB |`,
		`| Event loop bị chặn lâu nhất trong 3 lần nhập tệp toàn quốc | ${ms(nationalRun.stallMs)} | — | — | — | ≤ 50 ms |`
	];
}
