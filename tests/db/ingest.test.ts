/**
 * The Excel and CSV round trip on a real database: the template read back with exceljs,
 * uploads read in the worker, every bad input refused with where it is and nothing
 * written, confirmation all or nothing and once only.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/access';
import type { Problem } from '../../src/lib/domain/errors';
import { ValidationError } from '../../src/lib/domain/errors';
import type { Database } from '../../src/lib/server/db';
import type { Campaign } from '$lib/domain/campaign';
import { buildDemo } from '../../src/lib/server/demo/build';
import { confirmUpload, receiveUpload, uploadPreview, uploadWithErrors } from '../../src/lib/server/ingest/service';
import { createTestDb, type TestDb } from '../helpers/db';
import { DEMO_NOW } from '../helpers/demo-server';
import { actorOf, bytesOf, demoCampaign, templateOf } from '../helpers/uploads';
import { buildZip } from '../helpers/zip';

let t: TestDb;
let db: Database;
let campaign: Campaign;
let district: Actor;
let admin: Actor;

beforeAll(async () => {
	t = await createTestDb();
	db = t.db;
	await buildDemo(db, { start: '2024-12-01', now: DEMO_NOW, password: 'mat khau trinh dien' });
	campaign = await demoCampaign(db);
	district = await actorOf(db, 'vuthu');
	admin = await actorOf(db, 'quantri');
}, 60_000);
afterAll(() => t.close());

const count = async (table: 'reports' | 'audit_log' | 'target_revisions') =>
	Number(
		(
			await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

async function currentValue(commune: string, recordType: string): Promise<number | null> {
	const row = await db
		.selectFrom('current_values as v')
		.innerJoin('units as u', 'u.id', 'v.commune_id')
		.select('v.cumulative')
		.where('u.code', '=', commune)
		.where('v.record_type', '=', recordType)
		.where('v.campaign_id', '=', campaign.id)
		.executeTakeFirst();
	return row?.cumulative ?? null;
}

/** The district head's template with `edit` applied to its data sheet. */
async function districtFile(edit: (sheet: ExcelJS.Worksheet) => void, name = 'vu-thu.xlsx') {
	const { workbook } = await templateOf(db, 'vuthu');
	edit(workbook.getWorksheet('Số liệu')!);
	return { name, bytes: await bytesOf(workbook) };
}

/** The row of a commune in the template's data sheet. */
function rowOf(sheet: ExcelJS.Worksheet, code: string): ExcelJS.Row {
	let found: ExcelJS.Row | undefined;
	sheet.eachRow((row) => {
		if (row.getCell(1).value === code) found = row;
	});
	return found!;
}

async function problemsOf(file: { name: string; bytes: Uint8Array }, actor = district): Promise<Problem[]> {
	try {
		const id = await receiveUpload(db, actor, campaign, 'reports', file);
		return (await uploadPreview(db, actor, campaign, id)).problems;
	} catch (e) {
		if (e instanceof ValidationError) return e.problems;
		throw e;
	}
}

describe('the count template', () => {
	it('has Vietnamese instructions, one prefilled row per commune of the scope, whole-number validation and a protected header', async () => {
		const { file, workbook } = await templateOf(db, 'vuthu');
		expect(file.name).toMatch(/^so-lieu-thaibinh-186-\d{4}-\d{2}-\d{2}\.xlsx$/);
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn', 'Số liệu']);
		expect(String(workbook.getWorksheet('Hướng dẫn')!.getCell('A6').value)).toContain('Mỗi dòng là một xã');
		const sheet = workbook.getWorksheet('Số liệu')!;
		expect(sheet.getRow(4).values).toEqual([undefined, 'Mã xã', 'Tên xã', 'Đơn vị cấp trên', 'Khai sinh', 'Kết hôn', 'Khai tử', 'Lý do đính chính (bắt buộc khi giảm số)']);
		const vuThu = await db.selectFrom('units').select('id').where('code', '=', '344').executeTakeFirstOrThrow();
		const communes = await db.selectFrom('units').select(['code', 'name']).where('parent_id', '=', vuThu.id).orderBy('code').execute();
		const codes: string[] = [];
		sheet.eachRow((row, n) => {
			if (n > 4) codes.push(String(row.getCell(1).value));
		});
		expect(codes).toEqual(communes.map((c) => c.code));
		const row = rowOf(sheet, '13192');
		expect(row.getCell(2).value).toBe('Thị trấn Vũ Thư');
		expect(row.getCell(4).value).toBe(await currentValue('13192', 'khai_sinh'));
		expect(row.getCell(4).dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 10_000_000] });
		expect(row.getCell(4).protection).toMatchObject({ locked: false });
		expect(sheet.getRow(4).getCell(4).protection?.locked).not.toBe(false);
		expect((sheet as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection).toMatchObject({ sheet: true });
	});

	it('is refused to a leader and, for targets, to anyone but an admin', async () => {
		await expect(templateOf(db, 'lanhdao')).rejects.toThrow(/quyền/);
		await expect(templateOf(db, 'vuthu', 'targets')).rejects.toThrow(/quyền/);
		const { workbook } = await templateOf(db, 'quantri', 'targets');
		expect(workbook.getWorksheet('Chỉ tiêu')!.rowCount).toBe(4 + 242);
	});
});

describe('uploading counts', () => {
	it('lists each change, writes all of them on confirmation with source and audit, and only once', async () => {
		const before = (await currentValue('13192', 'khai_sinh'))!;
		const file = await districtFile((sheet) => {
			rowOf(sheet, '13192').getCell(4).value = before + 40;
			rowOf(sheet, '13195').getCell(5).value = '1.234';
		});
		const id = await receiveUpload(db, district, campaign, 'reports', file);
		const preview = await uploadPreview(db, district, campaign, id);
		expect(preview.problems).toEqual([]);
		expect(preview.changes.map((c) => [c.communeCode, c.recordType, c.before, c.after, c.row, c.column])).toEqual([
			['13192', 'khai_sinh', before, before + 40, 5, 'D'],
			['13195', 'ket_hon', expect.any(Number), 1234, 6, 'E']
		]);
		const reports = await count('reports');
		const audits = await count('audit_log');
		expect(await confirmUpload(db, district, campaign, id)).toEqual({ accepted: 2, replayed: false });
		expect(await currentValue('13192', 'khai_sinh')).toBe(before + 40);
		expect(await count('reports')).toBe(reports + 2);
		const entries = await db.selectFrom('audit_log').selectAll().where('id', '>', 0).orderBy('id', 'desc').limit(3).execute();
		expect(entries.map((e) => [e.action, e.source, e.actor])).toEqual([
			['confirm_upload', 'excel', 'vuthu'],
			['report', 'excel', 'vuthu'],
			['report', 'excel', 'vuthu']
		]);
		expect(await count('audit_log')).toBe(audits + 3);
		// A second confirmation (a double click, the back button) writes nothing more.
		expect(await confirmUpload(db, district, campaign, id)).toMatchObject({ accepted: 2, replayed: true });
		expect(await count('reports')).toBe(reports + 2);
	});

	it('counts two identical uploads confirmed at the same moment once', async () => {
		const before = (await currentValue('13198', 'khai_tu'))!;
		const file = await districtFile((sheet) => (rowOf(sheet, '13198').getCell(6).value = before + 7));
		const [a, b] = [await receiveUpload(db, district, campaign, 'reports', file), await receiveUpload(db, district, campaign, 'reports', file)];
		const reports = await count('reports');
		const results = await Promise.all([confirmUpload(db, district, campaign, a), confirmUpload(db, district, campaign, b)]);
		expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
		expect(await count('reports')).toBe(reports + 1);
		expect(await currentValue('13198', 'khai_tu')).toBe(before + 7);
	});

	it('takes a correction downward only with a reason in its row', async () => {
		const before = (await currentValue('13201', 'khai_sinh'))!;
		const lower = (sheet: ExcelJS.Worksheet) => (rowOf(sheet, '13201').getCell(4).value = before - 3);
		expect(await problemsOf(await districtFile(lower))).toEqual([
			expect.objectContaining({ sheet: 'Số liệu', row: expect.any(Number), column: 'D', message: expect.stringContaining('cần ghi lý do') })
		]);
		const file = await districtFile((sheet) => {
			lower(sheet);
			rowOf(sheet, '13201').getCell(7).value = 'Nhập trùng 3 hồ sơ';
		});
		const id = await receiveUpload(db, district, campaign, 'reports', file);
		await confirmUpload(db, district, campaign, id);
		const audit = await db.selectFrom('audit_log').select(['action', 'reason']).where('action', '=', 'correct_report').orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(audit).toEqual({ action: 'correct_report', reason: 'Nhập trùng 3 hồ sơ' });
	});

	it('reports how far the reading has got, for the progress bar', async () => {
		const { workbook } = await templateOf(db, 'quantri');
		const seen: [number, number][] = [];
		await receiveUpload(db, admin, campaign, 'reports', { name: 'tinh.xlsx', bytes: await bytesOf(workbook) }, (rows, total) => seen.push([rows, total]));
		// Rows come 500 at a time; the last piece reports the sheet read through its declared last row.
		expect(seen).toEqual([[246, 246]]);
	});

	it('matches names written in decomposed Unicode (NFD) to their NFC twins', async () => {
		const file = await districtFile((sheet) => {
			for (const code of ['13192', '13195']) rowOf(sheet, code).getCell(2).value = String(rowOf(sheet, code).getCell(2).value).normalize('NFD');
			rowOf(sheet, '13192').getCell(3).value = 'Huyện Vũ Thư'.normalize('NFD');
		});
		expect(await problemsOf(file)).toEqual([]);
	});
});

describe('refusing bad counts: the problem says where, and nothing is written', () => {
	const CELL_CASES: [string, (s: ExcelJS.Worksheet) => void, string, RegExp][] = [
		['an unknown commune code', (s) => (rowOf(s, '13192').getCell(1).value = '99999'), 'A', /không có xã mã «99999»/],
		['a commune outside the sender’s scope', (s) => (rowOf(s, '13192').getCell(1).value = '13075'), 'A', /không thuộc phạm vi của bạn/],
		['the same commune twice', (s) => (rowOf(s, '13195').getCell(1).value = '13192'), 'A', /đã có ở dòng 5/],
		['a negative value', (s) => (rowOf(s, '13192').getCell(4).value = -1), 'D', /không được âm/],
		['a fractional value', (s) => (rowOf(s, '13192').getCell(4).value = 12.5), 'D', /«12,5» không phải số nguyên/],
		['text', (s) => (rowOf(s, '13192').getCell(4).value = 'mười'), 'D', /«mười» không phải một số nguyên/],
		['NaN', (s) => (rowOf(s, '13192').getCell(4).value = 'NaN'), 'D', /«NaN» không phải một số nguyên/],
		['1e308', (s) => (rowOf(s, '13192').getCell(4).value = '1e308'), 'D', /«1e308» không phải một số nguyên/],
		['an empty value', (s) => (rowOf(s, '13192').getCell(4).value = null), 'D', /ô trống/],
		['a formula without a cached result', (s) => (rowOf(s, '13192').getCell(4).value = { formula: 'E5+1' } as ExcelJS.CellFormulaValue), 'D', /công thức nhưng chưa có kết quả/],
		['an error cell', (s) => (rowOf(s, '13192').getCell(4).value = { error: '#N/A' } as ExcelJS.CellErrorValue), 'D', /ô báo lỗi «#N\/A»/],
		[
			'a formula whose result is an error',
			(s) => (rowOf(s, '13192').getCell(4).value = { formula: 'E5/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue),
			'D',
			/ô báo lỗi «#DIV\/0!»/
		],
		['a value above 10 × target', (s) => (rowOf(s, '13192').getCell(4).value = 9_000_000), 'D', /lớn hơn 10 lần chỉ tiêu/],
		['a value above 10.000.000', (s) => (rowOf(s, '13192').getCell(4).value = 10_000_001), 'D', /vượt mức tối đa 10\.000\.000/],
		['__proto__ as a code', (s) => (rowOf(s, '13192').getCell(1).value = '__proto__'), 'A', /không có xã mã «__proto__»/],
		['a name that does not match its code (a shifted row)', (s) => (rowOf(s, '13192').getCell(2).value = 'Xã Hồng Lý'), 'B', /không khớp với mã 13192/]
	];
	for (const [what, edit, column, message] of CELL_CASES) {
		it(`refuses ${what}`, async () => {
			const reports = await count('reports');
			const problems = await problemsOf(await districtFile(edit));
			expect(problems).toEqual([expect.objectContaining({ file: 'vu-thu.xlsx', sheet: 'Số liệu', row: expect.any(Number), column, message: expect.stringMatching(message) })]);
			expect(await count('reports')).toBe(reports);
		});
	}

	it('refuses a confirmation of a file with problems', async () => {
		const id = await receiveUpload(db, district, campaign, 'reports', await districtFile((s) => (rowOf(s, '13192').getCell(4).value = -1)));
		await expect(confirmUpload(db, district, campaign, id)).rejects.toThrow(/còn lỗi/);
	});

	it('refuses a wrong sheet, wrong columns and __proto__ as a header', async () => {
		const other = new ExcelJS.Workbook();
		other.addWorksheet('Sheet1').addRow(['Tên', 'Khai sinh']);
		expect(await problemsOf({ name: 'sai.xlsx', bytes: await bytesOf(other) })).toEqual([
			expect.objectContaining({
				message: 'không có trang tính «Số liệu», và không trang tính nào (tệp có: «Sheet1») có dòng tiêu đề với cột «Mã xã» trong 20 dòng đầu; hãy dùng tệp mẫu.'
			})
		]);
		// A sheet named otherwise with the template's columns is read.
		other.getWorksheet('Sheet1')!.getCell('A1').value = 'Mã xã';
		expect(await problemsOf({ name: 'sai.xlsx', bytes: await bytesOf(other) })).toEqual([
			expect.objectContaining({ sheet: 'Sheet1', message: 'tệp không có dòng số liệu nào dưới dòng tiêu đề.' })
		]);
		const columns = await districtFile((s) => {
			s.getRow(4).getCell(5).value = '__proto__';
			s.getRow(4).getCell(6).value = 'Khai sinh';
		});
		const problems = await problemsOf(columns);
		expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
			[4, 'E', expect.stringMatching(/^cột «__proto__» không có trong mẫu/)],
			[4, 'F', 'cột «Khai sinh» trùng với cột D.']
		]);
		const noCode = await districtFile((s) => (s.getRow(4).getCell(1).value = 'Mã'));
		expect((await problemsOf(noCode))[0].message).toMatch(/không tìm thấy dòng tiêu đề có cột «Mã xã»/);
	});

	it('reads a workbook whose relations name their parts by absolute paths, as openpyxl writes them', async () => {
		const before = (await currentValue('13192', 'khai_sinh'))!;
		const file = await districtFile((s) => {
			rowOf(s, '13192').getCell(4).value = before + 3;
		});
		const zip = await JSZip.loadAsync(file.bytes);
		const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
		const absolute = rels.replace(/Target="(?!\/)([^"]+)"/g, 'Target="/xl/$1"');
		expect(absolute).toContain('Target="/xl/worksheets/sheet2.xml"');
		zip.file('xl/_rels/workbook.xml.rels', absolute);
		const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
		const id = await receiveUpload(db, district, campaign, 'reports', { name: 'openpyxl.xlsx', bytes });
		const preview = await uploadPreview(db, district, campaign, id);
		expect(preview.problems).toEqual([]);
		expect(preview.changes).toEqual([expect.objectContaining({ communeCode: '13192', recordType: 'khai_sinh', before, after: before + 3 })]);
	});

	it('refuses an empty file, a text file renamed .xlsx, a zip without a workbook and an old .xls', async () => {
		expect((await problemsOf({ name: 'rong.xlsx', bytes: new Uint8Array() }))[0].message).toBe('tệp trống.');
		expect((await problemsOf({ name: 'van-ban.xlsx', bytes: new TextEncoder().encode('Mã xã;Khai sinh\n13192;5\n') }))[0].message).toMatch(/không phải tệp Excel \.xlsx/);
		const zip = await buildZip([{ name: 'readme.txt', data: new TextEncoder().encode('xin chào') }]);
		expect((await problemsOf({ name: 'nen.xlsx', bytes: zip }))[0].message).toBe('tệp nén này không chứa sổ tính Excel.');
		expect((await problemsOf({ name: 'cu.xls', bytes: new Uint8Array([1, 2, 3]) }))[0].message).toMatch(/\.xls cũ/);
	});

	it('refuses a sheet whose used range reaches row 1.048.576 without reading it', async () => {
		const file = await districtFile((s) => (s.getCell('A1048576').value = 'x'));
		expect(await problemsOf(file)).toEqual([expect.objectContaining({ message: expect.stringContaining('trang tính «Số liệu» dùng tới dòng 1.048.576, vượt mức 20.000 dòng') })]);
	});

	it('refuses zip bombs (1 MB expanding to 1 GB), whether their headers tell the truth or lie', async () => {
		const types = new TextEncoder().encode('<Types/>');
		const honest = await buildZip([
			{ name: '[Content_Types].xml', data: types },
			{ name: 'xl/workbook.xml', zeros: 1 << 30 }
		]);
		expect(honest.length).toBeLessThan(1.1 * 1024 * 1024);
		expect((await problemsOf({ name: 'bom.xlsx', bytes: honest }))[0].message).toMatch(/khi giải nén tệp lớn tới 1\.024 MB/);
		const liar = await buildZip([
			{ name: '[Content_Types].xml', data: types },
			{ name: 'xl/workbook.xml', zeros: 1 << 30, declaredSize: 1000 }
		]);
		const reports = await count('reports');
		// Inflated against a budget, whatever the headers say: stopped at 50 MB, not at the worker's memory cap.
		expect((await problemsOf({ name: 'bom-gia.xlsx', bytes: liar }))[0].message).toBe('khi giải nén tệp lớn, vượt mức 50 MB; tệp không được đọc.');
		expect(await count('reports')).toBe(reports);
	}, 60_000);

	it('gives back the file with an error column on each faulty row', async () => {
		const file = await districtFile((s) => {
			rowOf(s, '13192').getCell(4).value = -1;
			rowOf(s, '13195').getCell(5).value = '12,5';
		});
		const id = await receiveUpload(db, district, campaign, 'reports', file);
		const copy = await uploadWithErrors(db, district, campaign, id);
		expect(copy.name).toBe('vu-thu-loi.xlsx');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from(copy.bytes) as unknown as ArrayBuffer);
		const sheet = workbook.getWorksheet('Số liệu')!;
		expect(sheet.getRow(4).getCell(8).value).toBe('Lỗi');
		expect(rowOf(sheet, '13192').getCell(8).value).toBe('cột D: không được âm.');
		expect(String(rowOf(sheet, '13195').getCell(8).value)).toMatch(/^cột E: «12,5» không rõ nghĩa/);
		expect(rowOf(sheet, '13198').getCell(8).value).toBeNull();
	});

	it('writes text that looks like a formula back as text in the copy with errors', async () => {
		const formula = '=HYPERLINK("http://example.com";"Bấm vào đây")';
		const file = await districtFile((s) => {
			rowOf(s, '13192').getCell(4).value = formula;
		});
		const id = await receiveUpload(db, district, campaign, 'reports', file);
		const copy = await uploadWithErrors(db, district, campaign, id);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from(copy.bytes) as unknown as ArrayBuffer);
		const row = rowOf(workbook.getWorksheet('Số liệu')!, '13192');
		expect(row.getCell(4).value).toBe(formula);
		expect(row.getCell(4).type).toBe(ExcelJS.ValueType.String);
		expect(String(row.getCell(8).value)).toContain(`«${formula.slice(0, 40)}» không phải một số nguyên.`);
		expect(row.getCell(8).type).toBe(ExcelJS.ValueType.String);
	});
});

describe('CSV with the same columns', () => {
	const csv = (text: string, bom = false) => ({ name: 'vu-thu.csv', bytes: new TextEncoder().encode((bom ? '\ufeff' : '') + text) });

	it('takes `;` or `,`, with or without BOM, and Vietnamese thousands', async () => {
		const now = (await currentValue('13204', 'khai_sinh'))!;
		const value = (now + 1000).toLocaleString('vi-VN');
		for (const [text, bom, column] of [
			[`Mã xã;Tên xã;Khai sinh\r\n13204;;${value}\r\n`, true, 'C'],
			[`Mã xã,Khai sinh\n13204,"${value}"\n`, false, 'B']
		] as const) {
			const id = await receiveUpload(db, district, campaign, 'reports', csv(text, bom));
			const preview = await uploadPreview(db, district, campaign, id);
			expect(preview.problems).toEqual([]);
			expect(preview.changes).toEqual([expect.objectContaining({ communeCode: '13204', recordType: 'khai_sinh', after: now + 1000, row: 2, column })]);
		}
	});

	it('refuses an ambiguous number such as 12,5 or 1,234', async () => {
		for (const value of ['12,5', '1,234']) {
			const problems = await problemsOf(csv(`Mã xã;Khai sinh\n13204;${value}\n`));
			expect(problems).toEqual([expect.objectContaining({ file: 'vu-thu.csv', row: 2, column: 'B', message: expect.stringContaining('không rõ nghĩa') })]);
		}
	});

	it('gives back a CSV with an error column', async () => {
		const id = await receiveUpload(db, district, campaign, 'reports', csv('Mã xã;Khai sinh\n13204;-5\n'));
		const copy = await uploadWithErrors(db, district, campaign, id);
		expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(copy.bytes)).toBe('\ufeffMã xã;Khai sinh;Lỗi\r\n13204;-5;cột B: không được âm.\r\n');
	});

	it('neutralises formulas in the CSV copy with errors, and keeps the file as it was sent', async () => {
		const sent = 'Mã xã;Tên xã;Khai sinh\n13204;"=HYPERLINK(""http://example.com"";""x"")";+1\n13207;@SUM(A1);-2\n';
		const id = await receiveUpload(db, district, campaign, 'reports', csv(sent));
		const copy = await uploadWithErrors(db, district, campaign, id);
		const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(copy.bytes).split('\r\n');
		expect(lines[1]).toMatch(/^13204;"'=HYPERLINK\(""http:\/\/example\.com"";""x""\)";\+1;"cột B: tên «=HYPERLINK\(""http/);
		expect(lines[2]).toMatch(/^13207;'@SUM\(A1\);-2;/);
		const stored = await db.selectFrom('uploads').select('content').where('id', '=', id).executeTakeFirstOrThrow();
		expect(new TextDecoder().decode(stored.content)).toBe(sent);
	});
});

describe('targets by file (admins)', () => {
	it('sets changed targets in one go, audited with the file as source', async () => {
		const { workbook } = await templateOf(db, 'quantri', 'targets');
		const sheet = workbook.getWorksheet('Chỉ tiêu')!;
		const row = rowOf(sheet, '13192');
		const before = Number(row.getCell(4).value);
		row.getCell(4).value = before + 100;
		const id = await receiveUpload(db, admin, campaign, 'targets', { name: 'chi-tieu.xlsx', bytes: await bytesOf(workbook) });
		const preview = await uploadPreview(db, admin, campaign, id);
		expect(preview.changes).toEqual([expect.objectContaining({ communeCode: '13192', recordType: 'khai_sinh', before, after: before + 100 })]);
		const revisions = await count('target_revisions');
		expect(await confirmUpload(db, admin, campaign, id)).toEqual({ accepted: 1, replayed: false });
		expect(await count('target_revisions')).toBe(revisions + 1);
		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'source', 'before', 'after'])
			.where('action', '=', 'set_target')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit).toEqual({ action: 'set_target', source: 'excel', before: String(before), after: String(before + 100) });
	});

	it('is refused to a district head', async () => {
		const { workbook } = await templateOf(db, 'quantri', 'targets');
		await expect(receiveUpload(db, district, campaign, 'targets', { name: 'chi-tieu.xlsx', bytes: await bytesOf(workbook) })).rejects.toThrow(/quyền/);
	});
});
