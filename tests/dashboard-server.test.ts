import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { evaluateCampaignAt } from '../src/lib/server/progress/evaluate';
import { provinceSummary } from '../src/lib/server/progress/summary';
import { formatCount, formatPct } from '../src/lib/domain/format';
import { browserOf, startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
let b: ReturnType<typeof browserOf>;
beforeAll(async () => {
	s = await startDemoServer();
	b = browserOf(s.url);
}, 60_000);
afterAll(() => s.stop());

const DOT = '/dot/thaibinh-186';
const headOf = (html: string) => ({
	pct: /data-testid="head-pct">([^<]+)</.exec(html)?.[1],
	done: /data-testid="head-done">([^<]+)</.exec(html)?.[1],
	target: /data-testid="head-target">([^<]+)</.exec(html)?.[1]
});

async function workbook(path: string, cookie?: string) {
	const res = await fetch(s.url + path, { headers: cookie ? { cookie } : {} });
	if (res.status !== 200) return { status: res.status, sheet: null };
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(await res.arrayBuffer());
	return { status: 200, sheet: book.worksheets[0] };
}

describe('dashboards on the server', () => {
	it('shows the province as of a snapshot: the figures the snapshot holds, clearly labelled', async () => {
		const page = await b.get(`${DOT}?lan=29`);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Số liệu chốt lúc 11:30 10/12/2024');
		const row = await s.db
			.selectFrom('snapshot_rows')
			.selectAll()
			.where('snapshot_id', '=', 29)
			.where('level', '=', 'province')
			.where('record_type', '=', '')
			.executeTakeFirstOrThrow();
		expect(headOf(page.text)).toEqual({ pct: formatPct(row.pct), done: formatCount(row.credited), target: formatCount(row.target) });
		// The map and the district table; a district's page is not public, so nothing links to it.
		expect(page.text.match(/<use href="\/ban-do\/34-[0-9a-f]+\.svg#d\d+"/g)).toHaveLength(8);
		expect(page.text).not.toContain('dot/thaibinh-186/don-vi/');
		// For the province's own readers each district is linked, the moment kept.
		const leader = await b.get(`${DOT}?lan=29`, await b.login('lanhdao'));
		expect(leader.text).toContain(`dot/thaibinh-186/don-vi/344?lan=29"`);
	});

	it('travels to any past instant in the campaign’s zone, and refuses the future', async () => {
		const page = await b.get(`${DOT}?luc=2024-12-05T12:00`);
		expect(page.text).toContain('Số liệu tại thời điểm 12:00 05/12/2024');
		const campaign = (await findCampaignByCode(s.db, 'thaibinh-186'))!;
		const { total } = provinceSummary(await evaluateCampaignAt(s.db, campaign, { at: new Date('2024-12-05T05:00:00.000Z') }));
		expect(headOf(page.text)).toEqual({ pct: formatPct(total.pct), done: formatCount(total.credited), target: formatCount(total.target) });
		const future = await b.get(`${DOT}?luc=2099-01-01T00:00`);
		expect(future.status).toBe(400);
		expect(future.text).toContain('còn ở tương lai');
		expect((await b.get(`${DOT}?luc=hôm-qua`)).status).toBe(400);
	});

	it('shows a district’s communes to those who may see them', async () => {
		// Not public: anonymous visitors sign in first; another province's users do not find it.
		const anonymous = await b.get(`${DOT}/don-vi/344?lan=29`);
		expect([anonymous.status, anonymous.location]).toEqual([303, `/dang-nhap?sau=${encodeURIComponent('/dot/thaibinh-186/don-vi/344?lan=29')}`]);
		expect((await b.get(`${DOT}/don-vi/344`, await b.login('quantri.hanoi'))).status).toBe(404);
		const head = await b.login('vuthu');
		const own = await b.get(`${DOT}/don-vi/344?lan=29`, head);
		expect(own.text).toMatch(/Theo xã, phường, thị trấn \(\d+\)/);
		expect(own.text).toContain(`dot/thaibinh-186/xa/13192?lan=29"`);
		const other = await b.get(`${DOT}/don-vi/343`, head);
		expect(other.text).toContain('nằm ngoài phạm vi tài khoản của bạn');
		expect((await b.get(`${DOT}/don-vi/99999`, head)).status).toBe(404);
		expect((await b.get(`${DOT}/don-vi/13075`, head)).status).toBe(404); // a commune of another district
	});

	it('gives a commune its dashboard, history and, for those who report, the entry form', async () => {
		const clerk = await b.login('canbo.13192');
		const page = await b.get(`${DOT}/xa/13192`, clerk);
		expect(page.text).toContain('<h1 id="unit-name">Thị trấn Vũ Thư</h1>');
		expect(page.text).toContain('Lịch sử số liệu và nhật ký thay đổi');
		expect(page.text).toMatch(/action="[^"]*nhap\/13192\?\/preview"/);
		const key = /name="key" value="([^"]+)"/.exec(page.text)![1];
		const preview = await b.post(`${DOT}/nhap/13192?/preview`, { key, mode: 'cumulative', 'v:khai_sinh': '9' }, { cookie: clerk });
		expect(preview.status).toBe(400); // lower than the current value: a correction needs a reason, said in Vietnamese
		expect(preview.text).toContain('lý do');
		const leader = await b.get(`${DOT}/xa/13192`, await b.login('lanhdao'));
		expect(leader.text).not.toContain('?/preview');
	});

	it('gives every table as a workbook holding the rows of the page', async () => {
		const districts = await workbook(`${DOT}/bang.xlsx?bang=don-vi&lan=29`);
		expect(districts.sheet!.getCell('A4').value).toBe('TIẾN ĐỘ SỐ HÓA THEO HUYỆN — TỈNH THÁI BÌNH');
		expect(districts.sheet!.getCell('A6').value).toBe('Số liệu chốt lúc 11:30 10/12/2024');
		const rows = await s.db
			.selectFrom('snapshot_rows as r')
			.innerJoin('units as u', 'u.id', 'r.unit_id')
			.select(['u.name', 'r.rank', 'r.credited'])
			.where('r.snapshot_id', '=', 29)
			.where('r.level', '=', 'district')
			.where('r.record_type', '=', '')
			.orderBy('r.rank')
			.orderBy('u.code')
			.execute();
		const read = Array.from({ length: 8 }, (_, i) => [
			districts.sheet!.getCell(9 + i, 3).value,
			districts.sheet!.getCell(9 + i, 1).value,
			districts.sheet!.getCell(9 + i, 5).value
		]);
		expect(read).toEqual(rows.map((r) => [r.name, r.rank, r.credited]));
		const head = await b.login('vuthu');
		const types = await workbook(`${DOT}/bang.xlsx?bang=loai-viec&don-vi=344`, head);
		expect(types.sheet!.getCell('A9').value).toBe('Khai sinh');
		expect((await workbook(`${DOT}/bang.xlsx?bang=loai-viec&don-vi=344`)).status).toBe(401);
		const silent = await workbook(`${DOT}/bang.xlsx?bang=chua-bao-cao&don-vi=344&lan=29`, head);
		expect(silent.sheet!.getCell('C8').value).toBe('Xã, phường, thị trấn');
		expect((await workbook(`${DOT}/bang.xlsx?bang=chua-bao-cao`)).status).toBe(401);
		expect((await workbook(`${DOT}/bang.xlsx?bang=chua-bao-cao`, await b.login('quantri.hanoi'))).status).toBe(403);
		expect((await workbook(`${DOT}/bang.xlsx?bang=bia`)).status).toBe(400);
		const archive = await workbook('/dot/thaibinh-186/chot-so/luu-tru.xlsx', head);
		expect([archive.sheet!.getCell('A7').value, archive.sheet!.getCell('A8').value]).toEqual(['Thời điểm chốt', '11:30 10/12/2024']);
	});
});
