/**
 * Words that fit the hierarchy (issue 22, item 4): every page, workbook, PDF, chat text and
 * mail preview of the live 2-level demo campaign, read by its admin, its group lead and a
 * clerk on the production server, says neither "huyện" nor "thị trấn", and never doubles
 * a level word ("CỤM CỤM", "HUYỆN HUYỆN").
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../src/lib/server/demo/build';
import { createTestDb, type TestDb } from './helpers/db';
import { browserOf } from './helpers/demo-server';
import { pdfPages } from './helpers/pdf';
import { startServer } from './helpers/processes';

const LIVE_NOW = new Date('2026-11-20T04:00:00Z');
const PASSWORD = 'mat-khau-demo';
const CODE = 'hungyen-hotich';
const DOT = `/dot/${CODE}`;
const DISTRICT_ERA = /huyện|thị trấn/iu;
const DOUBLED = /(?<!\p{L})(cụm|huyện|xã|tỉnh)\s+\1(?!\p{L})/iu;

let d: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
let b: ReturnType<typeof browserOf>;

beforeAll(async () => {
	d = await createTestDb();
	await buildDemo(d.db, { now: LIVE_NOW, password: PASSWORD });
	server = await startServer({ DATABASE_PATH: d.path });
	b = browserOf(server.url);
}, 120_000);
afterAll(async () => {
	await server?.stop();
	await d?.close();
});

/** What a reader reads of a response: the page's text without markup, a workbook's cells, a PDF's text. */
async function readable(path: string, cookie?: string): Promise<string> {
	const res = await fetch(server.url + path, { headers: cookie ? { cookie } : {} });
	expect(res.status, path).toBe(200);
	const type = res.headers.get('content-type') ?? '';
	const bytes = new Uint8Array(await res.arrayBuffer());
	if (type.includes('spreadsheetml')) {
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(bytes as unknown as ArrayBuffer);
		return book.worksheets
			.flatMap((ws) => [
				ws.name,
				...ws
					.getSheetValues()
					.flat(2)
					.map((v) => (v && typeof v === 'object' && 'richText' in v ? '' : String(v ?? '')))
			])
			.join('\n');
	}
	if (type.includes('pdf')) return (await pdfPages(bytes)).join('\n');
	// Text of different elements stays apart: a role in one cell and a unit in the next are not one phrase.
	return new TextDecoder()
		.decode(bytes)
		.replace(/<script[\s\S]*?<\/script>/g, ' | ')
		.replace(/<[^>]+>/g, ' | ');
}

describe('the words of a 2-level campaign', () => {
	it('say no "huyện", no "thị trấn" and no doubled level word anywhere a user reads', async () => {
		const snapshot = (
			await d.db
				.selectFrom('snapshots as s')
				.innerJoin('campaigns as c', 'c.id', 's.campaign_id')
				.select('s.id')
				.where('c.code', '=', CODE)
				.where('s.kind', '=', 'scheduled')
				.orderBy('s.slot_at', 'desc')
				.executeTakeFirstOrThrow()
		).id;
		const award = (
			await d.db.selectFrom('award_lists as a').innerJoin('campaigns as c', 'c.id', 'a.campaign_id').select('a.id').where('c.code', '=', CODE).orderBy('a.id').executeTakeFirst()
		)?.id;
		const commune = (
			await d.db
				.selectFrom('campaign_group_memberships as m')
				.innerJoin('campaign_groups as g', 'g.id', 'm.group_id')
				.innerJoin('units as u', 'u.id', 'm.commune_id')
				.innerJoin('campaigns as c', 'c.id', 'm.campaign_id')
				.select('u.code')
				.where('c.code', '=', CODE)
				.where('g.code', '=', 'CUM-5')
				.where('m.valid_to', 'is', null)
				.orderBy('u.code')
				.executeTakeFirstOrThrow()
		).code;
		const admin = await b.login('quantri.hungyen', PASSWORD);
		const lead = await b.login('truongcum5.hungyen', PASSWORD);
		const clerk = await b.login('canbo.13192.hungyen', PASSWORD);
		const read: [string, string | undefined][] = [
			['/', undefined],
			[DOT, undefined],
			[`${DOT}/xep-hang`, undefined],
			[DOT, admin],
			[`${DOT}/don-vi/CUM-5`, admin],
			[`${DOT}/xa/${commune}`, admin],
			[`${DOT}/xep-hang`, admin],
			[`${DOT}/xep-hang?cap=commune`, admin],
			[`${DOT}/xep-hang?cap=commune&huyen=CUM-5`, admin],
			[`${DOT}/chot-so`, admin],
			[`${DOT}/chot-so/${snapshot}`, admin],
			[`${DOT}/chot-so/${snapshot}?don-vi=CUM-5`, admin],
			[`${DOT}/chot-so/${snapshot}/in`, admin],
			[`${DOT}/chat-luong`, admin],
			[`${DOT}/khen-thuong`, admin],
			[`${DOT}/nhap`, admin],
			[`${DOT}/nhap/${commune}`, admin],
			['/quan-tri', admin],
			[`/quan-tri/dot/${CODE}`, admin],
			[`/quan-tri/dot/${CODE}/chi-tieu`, admin],
			[`/quan-tri/dot/${CODE}/han-rieng`, admin],
			[`/quan-tri/dot/${CODE}/khen-thuong`, admin],
			['/quan-tri/nguoi-dung', admin],
			['/quan-tri/nguoi-dung/nhap', admin],
			['/quan-tri/cum-thi-dua', admin],
			['/quan-tri/gui-bao-cao', admin],
			['/quan-tri/gui-bao-cao/xem-truoc', admin],
			['/tai-khoan', lead],
			[DOT, lead],
			[`${DOT}/don-vi/CUM-5`, lead],
			[`${DOT}/nhap`, lead],
			[`${DOT}/xa/13192`, clerk],
			// Workbooks, the PDF and the chat text.
			[`${DOT}/bang.xlsx?bang=don-vi`, admin],
			[`${DOT}/bang.xlsx?bang=loai-viec&don-vi=CUM-5`, admin],
			[`${DOT}/bang.xlsx?bang=don-vi&don-vi=CUM-5`, admin],
			[`${DOT}/bang.xlsx?bang=chua-bao-cao`, admin],
			[`${DOT}/chot-so/luu-tru.xlsx`, admin],
			[`${DOT}/chot-so/${snapshot}/bao-cao.xlsx`, admin],
			[`${DOT}/chot-so/${snapshot}/bao-cao.xlsx?unit=CUM-5`, lead],
			[`${DOT}/chot-so/${snapshot}/bao-cao.pdf`, admin],
			[`${DOT}/chot-so/${snapshot}/bao-cao.pdf?unit=CUM-5`, lead],
			[`${DOT}/xep-hang/xep-hang.xlsx`, admin],
			[`${DOT}/xep-hang/xep-hang.xlsx?cap=commune`, admin],
			[`${DOT}/nhap/mau.xlsx`, admin],
			[`${DOT}/nhap/mau-chi-tieu.xlsx`, admin],
			[`${DOT}/xa/${commune}/lich-su.xlsx`, admin],
			['/quan-tri/cum-thi-dua/mau.xlsx', admin],
			...(award
				? ([
						[`${DOT}/khen-thuong/${award}`, admin],
						[`${DOT}/khen-thuong/${award}/danh-sach.xlsx`, admin]
					] as [string, string][])
				: [])
		];
		const found: string[] = [];
		for (const [path, cookie] of read) {
			const text = await readable(path, cookie);
			for (const pattern of [DISTRICT_ERA, DOUBLED]) {
				const m = pattern.exec(text);
				if (m) found.push(`${path}: «${text.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ')}»`);
			}
		}
		expect(found).toEqual([]);
		expect(read.length).toBeGreaterThan(40);
	}, 240_000);

	it('answers level=district on a 2-level campaign with 400 naming level=group', async () => {
		const res = await fetch(`${server.url}/api/v1/campaigns/${CODE}/progress?level=district`);
		const body = await res.json();
		expect([res.status, body.error.code]).toEqual([400, 'invalid']);
		expect(body.error.message).toContain('level=group');
		const groups = await fetch(`${server.url}/api/v1/campaigns/${CODE}/progress?level=group`);
		expect((await groups.json()).rows).toHaveLength(6);
	});
});
