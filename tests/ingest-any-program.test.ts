/**
 * Excel from any program (issue 23, items 3 and 4) on the production server: files written
 * by openpyxl, by LibreOffice and a CSV saved by Vietnamese Excel in its Windows code page,
 * laid out as people lay them out (a sheet named otherwise, title rows, an STT column, blank
 * rows, a «Tổng cộng» row), each sent through the upload page and through the API and
 * committed exactly once; targets through the API; and the preview, with its notes, in view
 * on a phone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE, screenshots, signIn, watchProblems } from './helpers/browser';
import { browserOf, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
let b: ReturnType<typeof browserOf>;
let browser: Browser;
let dir: string;
let vuthu: string;
/** The values at the start; file n writes start + n, so that each file changes every cell. */
const base = new Map<string, { khai_sinh: number; ket_hon: number }>();
let libreOffice: Map<number, Uint8Array>;
/** Never a synchronous child: the event loop must see the server close idle connections meanwhile. */
const run = promisify(execFile);
const DOT = '/dot/thaibinh-186';
const API = '/api/v1/campaigns/thaibinh-186';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Three communes of huyện Vũ Thư, the district head's scope. */
const COMMUNES = [
	{ code: '13192', name: 'Thị trấn Vũ Thư' },
	{ code: '13195', name: 'Xã Hồng Lý' },
	{ code: '13198', name: 'Xã Đồng Thanh' }
];

beforeAll(async () => {
	// Own server: it sets targets of the demo campaign, whose total other files read.
	[s, browser] = await Promise.all([startDemoServer({ own: true }), launchBrowser()]);
	b = browserOf(s.url);
	vuthu = await b.login('vuthu');
	dir = mkdtempSync(join(tmpdir(), 'tiendo-any-program-'));
	const names = await s.db
		.selectFrom('units')
		.select(['code', 'name'])
		.where(
			'code',
			'in',
			COMMUNES.map((c) => c.code)
		)
		.execute();
	for (const c of COMMUNES) {
		c.name = names.find((n) => n.code === c.code)!.name;
		base.set(c.code, { khai_sinh: await current(c.code, 'khai_sinh'), ket_hon: await current(c.code, 'ket_hon') });
	}
	// LibreOffice takes seconds to start: its files are written ahead, in one run (an idle
	// connection would meanwhile be closed by the server under a request about to use it).
	libreOffice = await libreOfficeFiles([3, 4]);
}, 180_000);
afterAll(async () => {
	if (process.env.SHOW_SERVER) console.log(s?.output());
	await browser?.close();
	await s?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function current(code: string, recordType: string): Promise<number> {
	const row = await s.db
		.selectFrom('current_values as v')
		.innerJoin('units as u', 'u.id', 'v.commune_id')
		.select('v.cumulative')
		.where('u.code', '=', code)
		.where('v.record_type', '=', recordType)
		.executeTakeFirst();
	return row?.cumulative ?? 0;
}

async function target(code: string, recordType: string): Promise<number> {
	const row = await s.db
		.selectFrom('current_targets as t')
		.innerJoin('units as u', 'u.id', 't.commune_id')
		.select('t.target')
		.where('u.code', '=', code)
		.where('t.record_type', '=', recordType)
		.executeTakeFirst();
	return row?.target ?? 0;
}

const reportRows = async () =>
	(
		await s.db
			.selectFrom('reports as r')
			.innerJoin('units as u', 'u.id', 'r.commune_id')
			.select(['u.code', 'r.record_type', 'r.cumulative'])
			.where(
				'u.code',
				'in',
				COMMUNES.map((c) => c.code)
			)
			.execute()
	).map((r) => `${r.code}|${r.record_type}|${r.cumulative}`);

/**
 * The table as a district's staff lay it out: a title, a subtitle, a blank line, the header
 * with an STT column, the communes with a blank row among them, and a total row.
 */
function layout(step: number) {
	const rows: (string | number)[][] = COMMUNES.map((c, i) => [i + 1, c.code, c.name, base.get(c.code)!.khai_sinh + step, base.get(c.code)!.ket_hon + step]);
	const total = rows.reduce((sum, r) => sum + Number(r[3]), 0);
	return {
		title: ['BÁO CÁO TIẾN ĐỘ SỐ HÓA SỔ HỘ TỊCH', '(Kèm theo Kế hoạch 186/KH-UBND)'],
		header: ['STT', 'Mã xã', 'Tên xã', 'Khai sinh', 'Kết hôn'],
		rows,
		total: ['', 'Tổng cộng', '', total, ''],
		/** Cells the file changes: two per commune. */
		cells: COMMUNES.length * 2
	};
}

/** Rows 1–2 title, 3 blank, 4 header, 5–6 communes, 7 blank, 8 commune, 9 total. */
const NOTE = 'Đã bỏ qua: cột STT (A); 2 dòng tiêu đề; 1 dòng trống; dòng 9 «Tổng cộng».';

async function openpyxlFile(step: number): Promise<Uint8Array> {
	const l = layout(step);
	const file = join(dir, `openpyxl-${step}.xlsx`);
	writeFileSync(join(dir, 'layout.json'), JSON.stringify(l));
	await run('/usr/bin/python3', [
		'-c',
		`import json, openpyxl, sys
l = json.load(open(sys.argv[1]))
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Báo cáo huyện'
for t in l['title']: ws.append([t])
ws.append([]); ws.append(l['header'])
ws.append(l['rows'][0]); ws.append(l['rows'][1]); ws.append([]); ws.append(l['rows'][2])
total = list(l['total']); total[3] = '=SUM(D5:D8)'; ws.append(total)
wb.create_sheet('Ghi chú').append(['Số liệu đến 11:30'])
wb.save(sys.argv[2])`,
		join(dir, 'layout.json'),
		file
	]);
	return new Uint8Array(readFileSync(file));
}

/** Files for the given steps, written by LibreOffice Calc from CSV in UTF-8 (76), comma (44), quotes (34). */
async function libreOfficeFiles(steps: number[]): Promise<Map<number, Uint8Array>> {
	const sources = steps.map((step) => {
		const l = layout(step);
		const lines = [...l.title.map((t) => [t]), [], l.header, l.rows[0], l.rows[1], [], l.rows[2], l.total].map((r) => r.map((c) => `"${c}"`).join(','));
		const source = join(dir, `bao-cao-lo-${step}.csv`);
		writeFileSync(source, lines.join('\n') + '\n');
		return source;
	});
	await run(
		'soffice',
		[`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, ...sources],
		{ timeout: 170_000 }
	);
	return new Map(steps.map((step, i) => [step, new Uint8Array(readFileSync(sources[i].replace(/\.csv$/, '.xlsx')))]));
}

async function libreOfficeFile(step: number): Promise<Uint8Array> {
	const file = libreOffice.get(step);
	if (!file) throw new Error(`no LibreOffice file for step ${step}`);
	return file;
}

/**
 * Text as Excel on a Vietnamese Windows saves a plain «CSV»: Windows-1258, whose tone marks
 * are separate combining bytes after the letter.
 */
const TONE_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
function cp1258(text: string): Uint8Array {
	const table = new Map<string, number>();
	const decoder = new TextDecoder('windows-1258');
	for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(new Uint8Array([byte])), byte);
	const bytes: number[] = [];
	for (const ch of text.normalize('NFC')) {
		if (table.has(ch)) {
			bytes.push(table.get(ch)!);
			continue;
		}
		// The letter with its shape marks (ê, ơ, ă) is one byte; its tone mark another.
		const [base, ...marks] = ch.normalize('NFD');
		const tones = marks.filter((m) => TONE_MARKS.includes(m));
		const letter = (base + marks.filter((m) => !tones.includes(m)).join('')).normalize('NFC');
		if (!table.has(letter) || !tones.every((m) => table.has(m))) throw new Error(`no Windows-1258 bytes for ${ch}`);
		bytes.push(table.get(letter)!, ...tones.map((m) => table.get(m)!));
	}
	return new Uint8Array(bytes);
}

async function excelCsvFile(step: number): Promise<Uint8Array> {
	const l = layout(step);
	const lines = [...l.title.map((t) => [t]), [], l.header, l.rows[0], l.rows[1], [], l.rows[2], l.total].map((r) => r.join(';'));
	const bytes = cp1258(lines.join('\r\n') + '\r\n');
	expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
	return bytes;
}

const PROGRAMS = [
	{ program: 'openpyxl', ext: 'xlsx', make: openpyxlFile, sheet: 'Báo cáo huyện' },
	{ program: 'LibreOffice', ext: 'xlsx', make: libreOfficeFile, sheet: null },
	{ program: 'Excel tiếng Việt (CSV Windows-1258)', ext: 'csv', make: excelCsvFile, sheet: null }
] as const;

/** Posts a file to the upload page as a browser without JavaScript does. */
async function viaPage(name: string, bytes: Uint8Array) {
	const form = new FormData();
	form.set('kind', 'reports');
	form.set('file', new Blob([bytes as unknown as BlobPart]), name);
	const res = await fetch(`${s.url}${DOT}/nhap?/upload`, { method: 'POST', body: form, headers: { cookie: vuthu, origin: s.url, accept: 'text/html' }, redirect: 'manual' });
	expect(res.status, await res.text()).toBe(303);
	const location = res.headers.get('location')!;
	expect(location).toMatch(/#xem-truoc$/);
	const path = location.replace(/#.*$/, '');
	const preview = (await b.get(path, vuthu)).text;
	const confirm = () => b.post(`${path}?/confirm`, {}, { cookie: vuthu });
	return { preview, confirm };
}

async function viaApi(name: string, bytes: Uint8Array, kind = 'reports', token = 'vuthu', type = name.endsWith('.csv') ? 'text/csv' : XLSX) {
	const res = await fetch(`${s.url}${API}/imports?kind=${kind}`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${s.tokens[token]}`,
			...(type ? { 'content-type': type } : {}),
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`
		},
		// A copy: fetch may take the buffer it is given.
		body: bytes.slice() as unknown as BodyInit
	});
	return { status: res.status, body: await res.json() };
}

const confirmByApi = async (id: string, token = 'vuthu') => {
	const res = await fetch(`${s.url}${API}/imports/${id}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens[token]}` } });
	return { status: res.status, body: await res.json() };
};

describe('a file from any program, through the page and through the API', () => {
	let step = 0;
	for (const { program, ext, make, sheet } of PROGRAMS) {
		it(`reads ${program}'s file through the page, notes what it left out, and writes each cell once`, async () => {
			const bytes = await make(++step);
			const before = await reportRows();
			const { preview, confirm } = await viaPage(`vu-thu.${ext}`, bytes);
			expect(preview).toContain(NOTE);
			expect(preview).toContain(`<strong>6</strong> ô thay đổi`);
			if (sheet) expect(preview).toContain(`Số liệu đọc từ trang tính «${sheet}» (tệp không có trang tính «Số liệu»).`);
			if (ext === 'csv') expect(preview).toContain('Windows-1258');
			const [first, second] = await Promise.all([confirm(), confirm()]);
			expect([first.status, second.status]).toEqual([303, 303]);
			const after = await reportRows();
			expect(after.length - before.length).toBe(6);
			for (const c of COMMUNES) expect(after).toContain(`${c.code}|khai_sinh|${await current(c.code, 'khai_sinh')}`);
		}, 180_000);

		it(`reads ${program}'s file through the API: preview with notes, then all of it once`, async () => {
			const bytes = await make(++step);
			const expected = layout(step);
			const before = await reportRows();
			const was = await current('13192', 'khai_sinh');
			const { status, body } = await viaApi(`vu-thu.${ext}`, bytes, 'reports', 'vuthu', ext === 'xlsx' ? 'application/octet-stream' : 'text/csv');
			expect(status, JSON.stringify(body)).toBe(201);
			expect(body.errors).toEqual([]);
			expect(body.notes).toContain(NOTE);
			expect(body.fileName).toBe(`vu-thu.${ext}`);
			expect(body.changeCount).toBe(expected.cells);
			expect(body.changes[0]).toEqual({ row: 5, column: 'D', commune: '13192', recordType: 'khai_sinh', before: was, after: expected.rows[0][3], note: null });
			expect(await reportRows()).toEqual(before);
			expect(await confirmByApi(body.id)).toEqual({ status: 200, body: { id: body.id, accepted: 6, replayed: false } });
			expect(await confirmByApi(body.id)).toEqual({ status: 200, body: { id: body.id, accepted: 6, replayed: true } });
			const after = await reportRows();
			expect(after.length - before.length).toBe(6);
			expect(await current('13198', 'ket_hon')).toBe(expected.rows[2][4]);
		}, 180_000);
	}
});

describe('the imports API', () => {
	it('sets targets from an openpyxl file for an admin, and refuses them to a district head', async () => {
		const goal = (await target('13195', 'khai_tu')) + 10;
		writeFileSync(join(dir, 'targets.json'), JSON.stringify([[1, '13195', 'Xã Hồng Lý', goal]]));
		await run('/usr/bin/python3', [
			'-c',
			`import json, openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Sheet1'
ws.append(['CHỈ TIÊU SỐ HÓA']); ws.append(['STT', 'Mã xã', 'Tên xã', 'Khai tử'])
for r in json.load(open(sys.argv[1])): ws.append(r)
ws.append(['', 'Tổng', '', '=SUM(D3:D3)'])
wb.save(sys.argv[2])`,
			join(dir, 'targets.json'),
			join(dir, 'chi-tieu.xlsx')
		]);
		const bytes = new Uint8Array(readFileSync(join(dir, 'chi-tieu.xlsx')));
		expect((await viaApi('chi-tieu.xlsx', bytes, 'targets', 'vuthu')).status).toBe(403);
		const untyped = await viaApi('chi-tieu.xlsx', bytes, 'targets', 'quantri', '');
		expect([untyped.status, untyped.body.error.message]).toEqual([415, expect.stringContaining('cần có header Content-Type')]);
		const { status, body } = await viaApi('chi-tieu', bytes, 'targets', 'quantri', 'application/octet-stream');
		expect(status, JSON.stringify(body)).toBe(201);
		expect(body.notes).toContain('Đã bỏ qua: cột STT (A); 1 dòng tiêu đề; dòng 4 «Tổng».');
		expect(body.changes).toEqual([expect.objectContaining({ commune: '13195', recordType: 'khai_tu', after: goal })]);
		expect(body.fileName).toBe('chi-tieu.xlsx');
		expect((await confirmByApi(body.id, 'quantri')).body.accepted).toBe(1);
		expect(await target('13195', 'khai_tu')).toBe(goal);
	}, 120_000);

	it('lists cell errors with sheet, row and column, and refuses to confirm them', async () => {
		const text = 'Mã xã;Khai sinh\r\n13192;-4\r\n';
		const { status, body } = await viaApi('sai.csv', new TextEncoder().encode(text));
		expect(status).toBe(201);
		expect(body.errors).toEqual([{ sheet: null, row: 2, column: 'B', message: 'không được âm.' }]);
		const refused = await confirmByApi(body.id);
		expect(refused.status).toBe(400);
		expect(refused.body.error.message).toMatch(/^Tệp còn lỗi/);
	});

	it('answers whole-file refusals, wrong kinds, wrong types and oversized bodies in the error shape', async () => {
		// Kept for its preview, as on the page: the one thing wrong, said once.
		const noColumns = await viaApi('khac.csv', new TextEncoder().encode('Họ tên;Số\r\nA;1\r\n'));
		expect(noColumns.status).toBe(201);
		expect(noColumns.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('không tìm thấy dòng tiêu đề có cột «Mã xã»') })]);
		const notXlsx = await viaApi('gia.xlsx', new TextEncoder().encode('Mã xã;Khai sinh\n'), 'reports', 'vuthu', XLSX);
		expect([notXlsx.status, notXlsx.body.error.message]).toEqual([400, 'Tệp gia.xlsx: không phải tệp Excel .xlsx (có thể là tệp khác được đổi đuôi).']);
		expect((await viaApi('a.csv', new TextEncoder().encode('Mã xã\n'), 'khac')).body.error.code).toBe('invalid');
		const json = await viaApi('a.json', new TextEncoder().encode('{}'), 'reports', 'vuthu', 'application/json');
		expect([json.status, json.body.error.code]).toEqual([415, 'unsupported_media_type']);
		const big = await viaApi('lon.csv', new Uint8Array(10 * 1024 * 1024 + 1));
		expect([big.status, big.body.error.message]).toEqual([413, 'Tệp quá lớn: tối đa 10 MB.']);
		expect((await viaApi('a.csv', new TextEncoder().encode('Mã xã\n'), 'reports', 'lanhdao')).status).toBe(403);
	}, 60_000);
});

describe('the preview in a browser', () => {
	it('lands on the verdict and its notes, in view on a phone', async () => {
		const page = await browser.newPage({ viewport: PHONE });
		const problems = watchProblems(page);
		await signIn(page, s.url, 'vuthu', DEMO_PASSWORD);
		await page.goto(`${s.url}${DOT}/nhap`, { waitUntil: 'networkidle' });
		await page.setInputFiles('input[type=file]', { name: 'vu-thu.xlsx', mimeType: XLSX, buffer: Buffer.from(await openpyxlFile(50)) });
		await page.click('button:has-text("Tải lên và xem trước")');
		await page.waitForURL(/\/nhap\/tep\/[0-9a-f-]{36}#xem-truoc$/, { timeout: 60_000 });
		const verdict = page.locator('#xem-truoc');
		await expect.poll(() => verdict.evaluate((el) => Math.round(el.getBoundingClientRect().top)), { timeout: 5_000 }).toBeLessThan(PHONE.height / 2);
		expect(await verdict.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
		await expect.poll(() => verdict.textContent()).toContain(NOTE);
		await page.screenshot({ path: 'test-results/screens/xem-truoc-ghi-chu-390-viewport.png' });
		await screenshots(page, 'xem-truoc-ghi-chu');
		expect(problems).toEqual([]);
		await page.close();
	}, 120_000);
});
