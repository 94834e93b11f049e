/**
 * Upload files crafted to hurt the server (issue 21), each just within the 10 MB upload
 * limit: used by the tests that must see them refused and by the bench that measures what
 * they cost (`bench/hostile.ts`).
 */
import ExcelJS from 'exceljs';
import { MAX_UPLOAD_BYTES } from '../../src/lib/domain/limits';
import { buildZip } from './zip';

export interface HostileFile {
	label: string;
	name: string;
	bytes: Uint8Array;
}

const fill = (byte: string) => new Uint8Array(MAX_UPLOAD_BYTES).fill(byte.charCodeAt(0));

/** A workbook of one sheet named as the template's, with `write` applied to it. */
async function workbook(write: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	write(book.addWorksheet('Số liệu'));
	return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The workbook parts a reader needs, with a sheet of 1,2 GB of zeros whose headers say 9.888 bytes. */
async function lyingZipBomb(): Promise<Uint8Array> {
	const text = (s: string) => new TextEncoder().encode(s);
	return buildZip([
		{ name: '[Content_Types].xml', data: text('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
		{
			name: '_rels/.rels',
			data: text(
				'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
			)
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			data: text(
				'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
			)
		},
		{
			name: 'xl/workbook.xml',
			data: text(
				'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
			)
		},
		{ name: 'xl/worksheets/sheet1.xml', zeros: 1_200_000_000, declaredSize: 9_888 }
	]);
}

/** Every hostile file of the issue, built fresh (the bomb takes a few seconds to deflate). */
export async function hostileFiles(): Promise<HostileFile[]> {
	return [
		{ label: 'CSV 10 MB toàn dòng trống', name: 'dong-trong.csv', bytes: fill('\n') },
		{ label: 'CSV 10 MB toàn dấu «;»', name: 'cham-phay.csv', bytes: fill(';') },
		{ label: 'CSV 10 MB toàn dấu «,»', name: 'phay.csv', bytes: fill(',') },
		{ label: 'Zip bomb khai sai cỡ (9.888 byte khai, 1,2 GB XML)', name: 'bom-gia.xlsx', bytes: await lyingZipBomb() },
		{
			label: '19.966 dòng một ô ở cột XFD',
			name: 'cot-xfd.xlsx',
			bytes: await workbook((sheet) => {
				for (let row = 1; row <= 19_966; row++) sheet.getCell(`XFD${row}`).value = row;
			})
		},
		{
			label: '200 dòng × 1.000 cột',
			name: 'nhieu-cot.xlsx',
			bytes: await workbook((sheet) => {
				const values = Array.from({ length: 1_000 }, (_, i) => i);
				for (let row = 1; row <= 200; row++) sheet.addRow(values);
			})
		}
	];
}

/** What each hostile file must be refused with (a Vietnamese message naming the limit). */
export const HOSTILE_REFUSALS: Record<string, RegExp> = {
	'dong-trong.csv': /tệp dùng tới dòng 20\.001, vượt mức 20\.000 dòng/,
	'cham-phay.csv': /dòng 1 của tệp có ô ở cột CW, vượt mức 100 cột/,
	'phay.csv': /dòng 1 của tệp có ô ở cột CW, vượt mức 100 cột/,
	'bom-gia.xlsx': /khi giải nén tệp lớn, vượt mức 50 MB/,
	'cot-xfd.xlsx': /dòng 1 của trang tính «Số liệu» có ô ở cột XFD, vượt mức 100 cột/,
	'nhieu-cot.xlsx': /dòng 1 của trang tính «Số liệu» có ô ở cột ALL, vượt mức 100 cột/
};
