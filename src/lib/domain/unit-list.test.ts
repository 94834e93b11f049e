import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { readUnitList, type SourceRow } from './unit-list';

const HEADER_3 = ['Mã TP', 'Tỉnh / Thành Phố', 'Mã QH', 'Quận Huyện', 'Mã PX', 'Phường Xã', 'Cấp'];
const HEADER_2 = ['Mã TP', 'Tỉnh / Thành Phố', 'Mã PX', 'Phường Xã', 'Cấp'];

function read(header: string[], rows: string[][]) {
	const body: SourceRow[] = rows.map((cells, i) => ({ row: i + 2, cells }));
	return readUnitList({ row: 1, cells: header }, body, 'ds.csv');
}

function refusal(header: string[], rows: string[][]): ValidationError {
	try {
		read(header, rows);
	} catch (e) {
		if (e instanceof ValidationError) return e;
		throw e;
	}
	throw new Error('expected the list to be refused');
}

describe('readUnitList', () => {
	it('reads a 3-level list into provinces, districts and communes', () => {
		const list = read(HEADER_3, [
			['34', 'Tỉnh Thái Bình', '344', 'Huyện Vũ Thư', '13192', 'Thị trấn Vũ Thư', 'Thị trấn'],
			['34', 'Tỉnh Thái Bình', '344', 'Huyện Vũ Thư', '13195', 'Xã Hồng Lý', 'Xã'],
			['34', 'Tỉnh Thái Bình', '336', 'Thành phố Thái Bình', '12433', 'Phường Lê Hồng Phong', 'Phường']
		]);
		expect(list.levels).toBe(3);
		expect(list.provinces).toEqual([{ code: '34', name: 'Tỉnh Thái Bình', type: 'Tỉnh', parentCode: null }]);
		expect(list.districts.map((d) => [d.code, d.type])).toEqual([
			['344', 'Huyện'],
			['336', 'Thành phố']
		]);
		expect(list.communes.map((c) => [c.code, c.type, c.parentCode])).toEqual([
			['13192', 'Thị trấn', '344'],
			['13195', 'Xã', '344'],
			['12433', 'Phường', '336']
		]);
	});

	it('reads a 2-level list with communes under provinces; unit types in any case', () => {
		const list = read(HEADER_2, [
			['33', 'Tỉnh Hưng Yên', '12433', 'Phường Thái Bình', 'Phường'],
			['33', 'Tỉnh Hưng Yên', '12436', 'Xã Thái Thụy', 'xã'],
			['31', 'Thành phố Hải Phòng', '11948', 'Đặc khu Bạch Long Vĩ', 'ĐẶC KHU']
		]);
		expect(list.levels).toBe(2);
		expect(list.districts).toEqual([]);
		expect(list.communes.map((c) => [c.type, c.parentCode])).toEqual([
			['Phường', '33'],
			['Xã', '33'],
			['Đặc khu', '31']
		]);
		expect(list.provinces[1].type).toBe('Thành phố');
	});

	it('stores names NFC-normalized and trimmed, so NFD twins are one unit', () => {
		const nfd = 'Xã Hồng Lý'.normalize('NFD');
		const list = read(HEADER_3, [['34', ' Tỉnh Thái Bình ', '344', 'Huyện  Vũ Thư', '13195', `  ${nfd} `, 'Xã']]);
		expect(list.communes[0].name).toBe('Xã Hồng Lý'.normalize('NFC'));
		expect(list.districts[0].name).toBe('Huyện Vũ Thư');
	});

	it('pads codes that lost their leading zeros in Excel', () => {
		const list = read(HEADER_3, [['1', 'Thành phố Hà Nội', '1', 'Quận Ba Đình', '1', 'Phường Phúc Xá', 'Phường']]);
		expect([list.provinces[0].code, list.districts[0].code, list.communes[0].code]).toEqual(['01', '001', '00001']);
	});

	it('keeps a district listed without communes', () => {
		const list = read(HEADER_3, [
			['31', 'Thành phố Hải Phòng', '311', 'Huyện Cát Hải', '11945', 'Thị trấn Cát Bà', 'Thị trấn'],
			['31', 'Thành phố Hải Phòng', '318', 'Huyện Bạch Long Vĩ', '', '', '']
		]);
		expect(list.districts.map((d) => d.code)).toEqual(['311', '318']);
		expect(list.communes).toHaveLength(1);
	});

	it('refuses unknown columns, naming them', () => {
		const e = refusal([...HEADER_3, 'Dân số'], [['34', 'Tỉnh Thái Bình', '344', 'Huyện Vũ Thư', '13192', 'Thị trấn Vũ Thư', 'Thị trấn', '1']]);
		expect(e.problems[0]).toMatchObject({ file: 'ds.csv', row: 1, column: 'Dân số' });
		expect(e.message).toContain('không có gì được ghi');
	});

	it('treats __proto__ and constructor as unknown columns', () => {
		const e = refusal([...HEADER_2, '__proto__', 'constructor'], []);
		expect(e.problems.map((p) => p.column)).toEqual(['__proto__', 'constructor']);
	});

	it('refuses a missing column', () => {
		const e = refusal(['Mã TP', 'Tỉnh / Thành Phố', 'Mã PX', 'Phường Xã'], [['34', 'Tỉnh Thái Bình', '13192', 'Thị trấn Vũ Thư']]);
		expect(e.problems[0].message).toBe('thiếu cột «Cấp».');
	});

	it('refuses duplicate commune codes, naming both rows', () => {
		const e = refusal(HEADER_3, [
			['34', 'Tỉnh Thái Bình', '344', 'Huyện Vũ Thư', '13192', 'Thị trấn Vũ Thư', 'Thị trấn'],
			['34', 'Tỉnh Thái Bình', '344', 'Huyện Vũ Thư', '13192', 'Xã Hồng Lý', 'Xã']
		]);
		expect(e.problems).toEqual([{ file: 'ds.csv', row: 3, column: 'Mã PX', message: 'mã xã 13192 trùng với dòng 2 («Thị trấn Vũ Thư»).' }]);
	});

	it('refuses a commune whose parent is missing', () => {
		const e = refusal(HEADER_3, [['34', 'Tỉnh Thái Bình', '', '', '13192', 'Thị trấn Vũ Thư', 'Thị trấn']]);
		expect(e.problems[0]).toMatchObject({ row: 2, column: 'Mã QH', message: 'xã «Thị trấn Vũ Thư» thiếu huyện (đơn vị cấp trên).' });
		const e2 = refusal(HEADER_2, [['', '', '13192', 'Thị trấn Vũ Thư', 'Thị trấn']]);
		expect(e2.problems[0]).toMatchObject({ row: 2, column: 'Mã TP' });
	});

	it('refuses a district code used for two districts, and bad codes and types', () => {
		const e = refusal(HEADER_3, [
			['34', 'Tỉnh Thái Bình', '344', 'Huyện Vũ Thư', '13192', 'Thị trấn Vũ Thư', 'Thị trấn'],
			['34', 'Tỉnh Thái Bình', '344', 'Huyện Kiến Xương', '13195', 'Xã Hồng Lý', 'Xã'],
			['34', 'Tỉnh Thái Bình', '343', 'Huyện Kiến Xương', '1319A', 'Xã A', 'Xã'],
			['34', 'Tỉnh Thái Bình', '343', 'Huyện Kiến Xương', '13199', 'Xã B', 'Thôn']
		]);
		expect(e.problems.map((p) => [p.row, p.column])).toEqual([
			[3, 'Mã QH'],
			[4, 'Mã PX'],
			[5, 'Cấp']
		]);
	});

	it('refuses a file with a header but no data', () => {
		expect(refusal(HEADER_3, []).problems[0].message).toBe('tệp không có dòng dữ liệu nào.');
	});
});
