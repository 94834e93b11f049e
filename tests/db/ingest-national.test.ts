/**
 * The national template (10.047 communes × 6 record types, a campaign over the whole
 * pre-2025 list) through the real worker and a real SQLite file: accepted unchanged, and
 * Vietnamese correction reasons stored exactly as written, wherever the pieces that
 * exceljs's reader decodes one by one happen to end (issue 21, item 2).
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../../src/lib/domain/count-sheet';
import { seededRandom } from '../../src/lib/domain/random';
import { confirmUpload, countTemplate, receiveUpload, uploadPreview } from '../../src/lib/server/ingest/service';
import { readUnitFile } from '../../src/lib/server/units/import';
import { TEMPLATE_HEADER_ROW } from '../../src/reports/count-template';
import { nationalList, setUp } from '../../bench/ingest';

let dir: string;
let n: Awaited<ReturnType<typeof setUp>>;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'tiendo-national-'));
	n = await setUp('national', nationalList(await readUnitFile('reference/units-2025-03-01-3level.csv')), '99', join(dir, 'national.db'));
}, 180_000);
afterAll(async () => {
	await n?.db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

const VIETNAMESE = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐƯƠ  ';

/**
 * A reason of 20 to 80 characters, nearly all of them two or three bytes in UTF-8. (No
 * emoji: exceljs's own writer splits their surrogate pairs, so the file would hold U+FFFD.)
 */
function randomReason(random: () => number): string {
	const chars = Array.from(VIETNAMESE);
	let text = '';
	for (let i = 20 + Math.floor(random() * 60); i > 0; i--) text += chars[Math.floor(random() * chars.length)];
	return text.trim() || 'đúng thực tế';
}

async function template() {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.from((await countTemplate(n.db, n.admin, n.campaign, 'reports')).bytes) as unknown as ArrayBuffer);
	return workbook;
}

describe('the national template', () => {
	it('is accepted unchanged, with no name taken for another', async () => {
		const file = await countTemplate(n.db, n.admin, n.campaign, 'reports');
		const id = await receiveUpload(n.db, n.admin, n.campaign, 'reports', { name: 'toan-quoc.xlsx', bytes: file.bytes });
		const preview = await uploadPreview(n.db, n.admin, n.campaign, id, 5);
		expect(preview.problems).toEqual([]);
		expect(preview.changeCount).toBe(0);
	}, 120_000);

	it('stores every reason exactly, at every offset around each 16 KiB boundary, and no U+FFFD that was not written', async () => {
		const random = seededRandom(21);
		// Three files, each with every later byte one further on: a boundary that fell at one
		// byte of a character in the first falls at each of its (at most three) bytes in turn.
		for (let shift = 0; shift < 3; shift++) {
			const workbook = await template();
			const sheet = workbook.getWorksheet('Số liệu')!;
			const header = sheet.getRow(TEMPLATE_HEADER_ROW).values as unknown[];
			const noteColumn = header.indexOf(HEADERS.note);
			const reasons = new Map<string, string>();
			const value = 101 + shift;
			sheet.eachRow((row, number) => {
				if (number <= TEMPLATE_HEADER_ROW) return;
				const reason = (number === TEMPLATE_HEADER_ROW + 1 ? 'x'.repeat(shift) : '') + (number === 5_000 ? 'có sẵn ký tự \ufffd trong tệp' : randomReason(random));
				for (let c = 4; c < noteColumn; c++) row.getCell(c).value = value;
				row.getCell(noteColumn).value = reason;
				reasons.set(String(row.getCell(1).value), reason);
			});
			expect(reasons.size).toBe(n.communes.length);
			const id = await receiveUpload(n.db, n.admin, n.campaign, 'reports', { name: `ly-do-${shift}.xlsx`, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) });
			expect((await uploadPreview(n.db, n.admin, n.campaign, id, 5)).problems).toEqual([]);
			expect((await confirmUpload(n.db, n.admin, n.campaign, id)).accepted).toBe(n.communes.length * 6);

			const stored = await n.db
				.selectFrom('reports as r')
				.innerJoin('units as u', 'u.id', 'r.commune_id')
				.select(['u.code', 'r.note'])
				.where('r.campaign_id', '=', n.campaign.id)
				.where('r.cumulative', '=', value)
				.execute();
			expect(stored).toHaveLength(n.communes.length * 6);
			const wrong = stored.filter((r) => r.note !== reasons.get(r.code));
			expect(wrong.slice(0, 3)).toEqual([]);
			expect(stored.filter((r) => r.note?.includes('\ufffd')).map((r) => r.note)).toEqual(Array(6).fill('có sẵn ký tự \ufffd trong tệp'));
		}
	}, 300_000);
});
