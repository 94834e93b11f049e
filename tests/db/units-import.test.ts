import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/domain/errors';
import { importUnitList, readUnitFile, unitListHash } from '../../src/lib/server/units/import';
import { countUnitsByLevel, findUnit, listUnits } from '../../src/lib/server/units/repository';
import { createTestDb, tempDir, type TestDb } from '../helpers/db';

const LIST_3 = 'reference/units-2025-03-01-3level.csv';
const LIST_2 = 'reference/units-2026-07-25-2level.csv';

let t: TestDb;
afterEach(() => t?.close());

async function countRows(db: TestDb['db']) {
	const [units, hierarchies, audit] = await Promise.all(
		(['units', 'hierarchies', 'audit_log'] as const).map((table) =>
			db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		)
	);
	return { units: units.n, hierarchies: hierarchies.n, audit: audit.n };
}

async function refusedFile(path: string): Promise<ValidationError> {
	try {
		await readUnitFile(path);
	} catch (e) {
		if (e instanceof ValidationError) return e;
		throw e;
	}
	throw new Error('expected the file to be refused');
}

describe('importing the official unit lists', () => {
	it('imports the pre-2025 3-level list with its exact counts, Thái Bình with 8 districts and 242 communes', async () => {
		t = await createTestDb();
		const result = await importUnitList(t.db, await readUnitFile(LIST_3), { asOf: '2025-03-01', source: LIST_3, actor: 'test' });
		// The flat list holds 691 districts: the 5 island districts without communes
		// (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no commune row to carry them.
		expect(result.counts).toEqual({ province: 63, district: 691, commune: 10_047 });
		const thaiBinh = (await findUnit(t.db, result.hierarchyId, '34'))!;
		expect(thaiBinh).toMatchObject({ name: 'Tỉnh Thái Bình', type: 'Tỉnh', level: 'province', province_id: thaiBinh.id });
		expect(await listUnits(t.db, result.hierarchyId, { parentId: thaiBinh.id })).toHaveLength(8);
		expect(await listUnits(t.db, result.hierarchyId, { provinceId: thaiBinh.id, level: 'commune' })).toHaveLength(242);
		const vuThu = (await findUnit(t.db, result.hierarchyId, '344'))!;
		expect(vuThu).toMatchObject({ name: 'Huyện Vũ Thư', type: 'Huyện', level: 'district', parent_id: thaiBinh.id });
	});

	it('imports the post-2025 2-level list with its exact counts, communes directly under provinces', async () => {
		t = await createTestDb();
		const result = await importUnitList(t.db, await readUnitFile(LIST_2), { asOf: '2026-07-25', source: LIST_2, actor: 'test' });
		expect(result.counts).toEqual({ province: 34, district: 0, commune: 3_321 });
		const hungYen = (await findUnit(t.db, result.hierarchyId, '33'))!;
		const communes = await listUnits(t.db, result.hierarchyId, { parentId: hungYen.id });
		expect(communes.every((c) => c.level === 'commune')).toBe(true);
		// The one lowercase `xã` of the real list is recognised.
		const types = await t.db.selectFrom('units').select('type').distinct().where('level', '=', 'commune').execute();
		expect(types.map((x) => x.type).sort()).toEqual(['Phường', 'Xã', 'Đặc khu']);
	});

	it('keeps both versions side by side: a reused code names different units in each', async () => {
		t = await createTestDb();
		const before = await importUnitList(t.db, await readUnitFile(LIST_3), { asOf: '2025-03-01', source: LIST_3, actor: 'test' });
		const after = await importUnitList(t.db, await readUnitFile(LIST_2), { asOf: '2026-07-25', source: LIST_2, actor: 'test' });
		const old = await findUnit(t.db, before.hierarchyId, '12472');
		const reused = await findUnit(t.db, after.hierarchyId, '12472');
		expect(old?.name).toBe('Thị trấn Quỳnh Côi');
		expect(reused?.name).toBe('Xã Quỳnh Phụ');
	});

	it('changes nothing when the same list is imported again', async () => {
		t = await createTestDb();
		const list = await readUnitFile(LIST_3);
		await importUnitList(t.db, list, { asOf: '2025-03-01', source: LIST_3, actor: 'test' });
		const counts = await countRows(t.db);
		const again = await importUnitList(t.db, await readUnitFile(LIST_3), { asOf: '2025-03-01', source: LIST_3, actor: 'test' });
		expect(again.status).toBe('unchanged');
		expect(await countRows(t.db)).toEqual(counts);
	});

	it('refuses a different list under a date already imported, writing nothing', async () => {
		t = await createTestDb();
		await importUnitList(t.db, await readUnitFile(LIST_2), { asOf: '2026-07-25', source: LIST_2, actor: 'test' });
		const counts = await countRows(t.db);
		await expect(importUnitList(t.db, await readUnitFile(LIST_3), { asOf: '2026-07-25', source: LIST_3, actor: 'test' })).rejects.toThrow(
			/đã được nhập từ tệp .* với nội dung khác/
		);
		expect(await countRows(t.db)).toEqual(counts);
	});
});

describe('reading unit files', () => {
	let dir: string;
	beforeAll(() => {
		dir = tempDir();
	});

	it('reads the same list from .xlsx as from .csv', async () => {
		const csv = readFileSync(LIST_2, 'utf8')
			.trim()
			.split('\n')
			.map((line) => line.split(','));
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Danh mục');
		// Codes as numbers, as a spreadsheet stores them once leading zeros are lost.
		for (const [i, row] of csv.entries()) sheet.addRow(i === 0 ? row : [Number(row[0]), row[1], Number(row[2]), row[3], row[4]]);
		const path = join(dir, 'danh-muc.xlsx');
		await workbook.xlsx.writeFile(path);
		const fromXlsx = await readUnitFile(path);
		const fromCsv = await readUnitFile(LIST_2);
		expect(unitListHash(fromXlsx)).toBe(unitListHash(fromCsv));
	});

	it('refuses a file that is not UTF-8, naming the line', async () => {
		const path = join(dir, 'latin.csv');
		const good = Buffer.from('Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã,Cấp\n01,Thành phố Hà Nội,00004,Phường Ba Đình,Phường\n');
		writeFileSync(path, Buffer.concat([good, Buffer.from([0x30, 0x31, 0x2c, 0xd0, 0xe0, 0x0a])]));
		const e = await refusedFile(path);
		expect(e.message).toBe('Tệp latin.csv không phải văn bản UTF-8 hợp lệ (lỗi mã hóa ở dòng 3). Hãy lưu lại tệp với mã hóa UTF-8 (CSV UTF-8).');
	});

	it('refuses a text file renamed .xlsx and an unknown extension', async () => {
		const fake = join(dir, 'gia.xlsx');
		writeFileSync(fake, 'Mã TP,Tỉnh\n');
		expect((await refusedFile(fake)).message).toBe('Tệp gia.xlsx không phải là tệp Excel (.xlsx) hợp lệ.');
		const odd = join(dir, 'ds.txt');
		writeFileSync(odd, 'x');
		expect((await refusedFile(odd)).message).toBe('Tệp ds.txt: chỉ nhận tệp .csv hoặc .xlsx.');
	});

	it('refuses an empty file', async () => {
		const path = join(dir, 'trong.csv');
		writeFileSync(path, '\uFEFF\r\n');
		expect((await refusedFile(path)).message).toBe('Tệp trong.csv trống.');
	});

	it('refuses unknown columns, duplicate codes and a missing parent, with rows, and writes nothing', async () => {
		t = await createTestDb();
		const header = 'Mã TP,Tỉnh / Thành Phố,Mã QH,Quận Huyện,Mã PX,Phường Xã,Cấp\n';
		const cases: [string, string, RegExp][] = [
			[
				'cot-la.csv',
				header.replace('Cấp', 'Cấp,Ghi chú') + '34,Tỉnh Thái Bình,344,Huyện Vũ Thư,13192,Thị trấn Vũ Thư,Thị trấn,x\n',
				/dòng 1, cột «Ghi chú»: cột «Ghi chú» không có trong mẫu/
			],
			[
				'trung.csv',
				header + '34,Tỉnh Thái Bình,344,Huyện Vũ Thư,13192,Thị trấn Vũ Thư,Thị trấn\n34,Tỉnh Thái Bình,344,Huyện Vũ Thư,13192,Xã Hồng Lý,Xã\n',
				/dòng 3, cột «Mã PX»: mã xã 13192 trùng với dòng 2/
			],
			['mo-coi.csv', header + '34,Tỉnh Thái Bình,,,13192,Thị trấn Vũ Thư,Thị trấn\n', /dòng 2, cột «Mã QH»: xã «Thị trấn Vũ Thư» thiếu huyện/]
		];
		for (const [name, content, expected] of cases) {
			const path = join(dir, name);
			writeFileSync(path, content);
			const e = await refusedFile(path);
			const { describeProblems } = await import('../../src/lib/domain/errors');
			expect(describeProblems(e.problems)).toMatch(expected);
		}
		expect(await countUnitsByLevel(t.db, 1)).toEqual({ province: 0, district: 0, commune: 0 });
	});
});
