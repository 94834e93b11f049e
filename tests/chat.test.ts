/**
 * Issue 25 on the demo campaign: the chat text, the picture, the one-page PDF and the file
 * names of a snapshot, through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatPct } from '../src/lib/domain/format';
import { zonedInstant } from '../src/lib/domain/time';
import ExcelJS from 'exceljs';
import { inflateSync } from 'node:zlib';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { findSnapshot } from '../src/lib/server/snapshots/repository';
import { snapshotData } from '../src/lib/server/snapshots/view';
import { PICTURE_WIDTH, pictureSvg } from '../src/reports/summary-picture';
import { browserOf, startDemoServer } from './helpers/demo-server';
import { pdfPages } from './helpers/pdf';

let s: Awaited<ReturnType<typeof startDemoServer>>;
beforeAll(async () => {
	s = await startDemoServer();
}, 90_000);
afterAll(() => s?.stop());

const API = '/api/v1/campaigns/thaibinh-186';
const TZ = 'Asia/Ho_Chi_Minh';
const SIX = zonedInstant('2024-12-10', '06:00', TZ).toISOString();
const ELEVEN_THIRTY = zonedInstant('2024-12-10', '11:30', TZ).toISOString();

async function get(path: string, token: string) {
	const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${s.tokens[token]}` } });
	return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Snapshot 29 (11:30 10/12/2024) as stored, read straight from its rows. */
async function stored() {
	const rows = await s.db
		.selectFrom('snapshot_rows as r')
		.leftJoin('units as u', 'u.id', 'r.unit_id')
		.select([
			'r.level',
			'r.unit_id',
			'u.code',
			'u.name',
			'u.parent_id',
			'r.target',
			'r.credited',
			'r.remaining',
			'r.pct',
			'r.rank',
			'r.rank_change',
			'r.credited_change',
			'r.daily_quota',
			'r.days_left',
			'r.pace',
			'r.projected_finish'
		])
		.where('r.snapshot_id', '=', 29)
		.where('r.record_type', '=', '')
		.execute();
	return {
		province: rows.find((r) => r.level === 'province')!,
		districts: rows.filter((r) => r.level === 'district').sort((a, b) => a.rank! - b.rank! || a.code!.localeCompare(b.code!)),
		communes: rows.filter((r) => r.level === 'commune')
	};
}

/** DESIGN §4 "Roll-call", straight from the report log: work left, nothing received in (06:00, 11:30]. */
async function rollCallByDefinition(communes: { unit_id: number | null; remaining: number }[]) {
	const heard = new Set(
		(await s.db.selectFrom('reports').select('commune_id').where('received_at', '>', SIX).where('received_at', '<=', ELEVEN_THIRTY).execute()).map((r) => r.commune_id)
	);
	const pending = communes.filter((c) => c.remaining > 0);
	return { pending: pending.length, missing: pending.filter((c) => !heard.has(c.unit_id!)) };
}

describe('the chat text of a snapshot', () => {
	it('is the whole expected text for the province, figures in vi-VN and the roll-call by definition', async () => {
		const { province: p, districts, communes } = await stored();
		const roll = await rollCallByDefinition(communes);
		expect(roll.missing).toHaveLength(1); // the demo's silent commune
		const names = await s.db
			.selectFrom('units')
			.select(['id', 'name'])
			.where(
				'id',
				'in',
				roll.missing.map((c) => c.unit_id!)
			)
			.execute();
		const parentOf = new Map(communes.map((c) => [c.unit_id, c.parent_id]));
		const districtName = new Map(districts.map((d) => [d.unit_id, d.name]));
		const line = (d: (typeof districts)[number]) =>
			`${d.rank}. ${d.name}: ${formatPct(d.pct)} (${d.rank_change === 0 ? '=' : d.rank_change! > 0 ? `▲${d.rank_change}` : `▼${-d.rank_change!}`})`;
		const expected = [
			'TIẾN ĐỘ SỐ HÓA HỘ TỊCH – TỈNH THÁI BÌNH',
			'Số hóa dữ liệu hộ tịch tỉnh Thái Bình (Kế hoạch 186/KH-UBND)',
			'Số liệu chốt lúc 11:30 ngày 10/12/2024',
			'',
			`- Đã số hóa: ${formatCount(p.credited)}/${formatCount(p.target)} hồ sơ (${formatPct(p.pct)}), tăng ${formatCount(p.credited_change!)} từ 06:00.`,
			`- Chỉ tiêu hôm nay: ${formatCount(p.daily_quota!)} hồ sơ/ngày; còn lại ${formatCount(p.remaining)} hồ sơ trong ${p.days_left} ngày (hạn 21/12/2024).`,
			`- Tốc độ ${formatCount(Math.round(p.pace))} hồ sơ/ngày, dự kiến xong ${p.projected_finish!.split('-').reverse().join('/')}: đúng tiến độ.`,
			'',
			'Dẫn đầu:',
			...districts.slice(0, 3).map(line),
			'Cuối bảng:',
			...districts.slice(-3).map(line),
			'',
			`Còn ${roll.missing.length}/${roll.pending} xã chưa báo cáo từ 06:00:`,
			roll.missing.map((c, i) => `${i === 0 ? `${districtName.get(parentOf.get(c.unit_id)!)}: ` : ''}${names.find((n) => n.id === c.unit_id)!.name}`).join(', ') + '.'
		].join('\n');
		const res = await get(`${API}/snapshots/29/summary.txt`, 'lanhdao');
		expect(res.status).toBe(200);
		expect(res.type).toBe('text/plain; charset=utf-8');
		expect(res.bytes.toString('utf8')).toBe(expected);
		expect(expected.length).toBeLessThanOrEqual(2000);
		expect(res.disposition).toContain("filename*=UTF-8''tin-nhan-thaibinh-186-2024-12-10-1130.txt");
	});

	it('gives a district head their district’s text and nobody else’s', async () => {
		const own = await get(`${API}/snapshots/29/summary.txt?unit=344`, 'vuthu');
		expect(own.status).toBe(200);
		const text = own.bytes.toString('utf8');
		expect(text.split('\n')[0]).toBe('TIẾN ĐỘ SỐ HÓA HỘ TỊCH – HUYỆN VŨ THƯ');
		expect(text).toMatch(/^- Xếp hạng: \d\/8 huyện /m);
		expect((await get(`${API}/snapshots/29/summary.txt`, 'vuthu')).status).toBe(403);
		expect((await get(`${API}/snapshots/29/summary.txt?unit=343`, 'vuthu')).status).toBe(403);
		expect((await get(`${API}/snapshots/29/summary.txt?unit=999`, 'lanhdao')).status).toBe(404);
		expect((await get(`${API}/snapshots/29/summary.txt`, 'canbo.13192')).status).toBe(403);
		expect((await get(`${API}/snapshots/29/summary.txt`, 'quantri.hanoi')).status).toBe(403);
	});

	it('is on the snapshot, overview and district pages with the copy button, and the roll-call matches', async () => {
		const b = browserOf(s.url);
		const leader = await b.login('lanhdao');
		const text = (await get(`${API}/snapshots/29/summary.txt`, 'lanhdao')).bytes.toString('utf8');
		const html = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
		for (const path of ['/dot/thaibinh-186/chot-so/29', '/dot/thaibinh-186?lan=29', '/dot/thaibinh-186']) {
			const page = await b.get(path, leader);
			expect(page.text).toContain('Sao chép tin nhắn');
			expect(page.text).toContain(html(text));
		}
		// The overview "now" (12:00) shows the 11:30 snapshot's roll-call: the same count and list as the text.
		const overview = await b.get('/dot/thaibinh-186', leader);
		const headline = text
			.split('\n')
			.find((l) => l.startsWith('Còn '))!
			.replace(/:$/, '');
		expect(overview.text).toContain(`data-testid="roll-call">${headline}</h2>`);
		const district = await b.get('/dot/thaibinh-186/don-vi/344', await b.login('vuthu'));
		expect(district.text).toContain('Sao chép tin nhắn');
		expect(district.text).toContain('TIẾN ĐỘ SỐ HÓA HỘ TỊCH – HUYỆN VŨ THƯ');
	});
});

/** Decodes a PNG as a viewer would: its size, and its pixel data inflated whole (one filter byte per row). */
function decodePng(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
	expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	let width = 0;
	let height = 0;
	let channels = 0;
	const data: Buffer[] = [];
	for (let at = 8; at < bytes.length; ) {
		const length = bytes.readUInt32BE(at);
		const type = bytes.toString('latin1', at + 4, at + 8);
		const body = bytes.subarray(at + 8, at + 8 + length);
		if (type === 'IHDR') [width, height, channels] = [body.readUInt32BE(0), body.readUInt32BE(4), ({ 2: 3, 6: 4 } as Record<number, number>)[body[9]]];
		if (type === 'IDAT') data.push(body);
		at += 12 + length;
	}
	const pixels = inflateSync(Buffer.concat(data));
	expect(pixels.length).toBe(height * (1 + width * channels));
	return { width, height, pixels };
}

describe('the picture of the standings', () => {
	it('is a PNG 1080 px wide, drawn from an SVG that names every district', async () => {
		const res = await get(`${API}/snapshots/29/summary.png`, 'lanhdao');
		expect(res.status).toBe(200);
		expect(res.type).toBe('image/png');
		expect(res.disposition).toContain("filename*=UTF-8''xep-hang-thaibinh-186-2024-12-10-1130.png");
		const png = decodePng(res.bytes);
		expect(png.width).toBe(PICTURE_WIDTH);
		expect(png.height).toBeGreaterThan(600);
		const campaign = (await findCampaignByCode(s.db, 'thaibinh-186'))!;
		const data = await snapshotData(s.db, campaign, (await findSnapshot(s.db, campaign.id, 29))!);
		const { districts, province } = await stored();
		const svg = await pictureSvg(data, data.units.find((u) => u.level === 'province')!.key);
		expect(svg).toMatch(new RegExp(`^<svg width="${PICTURE_WIDTH}" height="${png.height}"`));
		// Text stays text in the SVG, a word per element: read back in order, it holds every name and figure.
		const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
		for (const d of districts) expect(drawn).toContain(`${d.rank}${d.name}${formatPct(d.pct)}`);
		expect(drawn).toContain(`Tỉnh Thái Bình: ${formatPct(province.pct)}`);
		// A district's picture ranks its communes; the district head may fetch it, not another's.
		const own = await get(`${API}/snapshots/29/summary.png?unit=344`, 'vuthu');
		expect(decodePng(own.bytes).height).toBeGreaterThan(png.height);
		expect((await get(`${API}/snapshots/29/summary.png?unit=343`, 'vuthu')).status).toBe(403);
	});
});

describe('the one-page report', () => {
	it('is one A4 page for the demo province: header, ranked table, roll-call and signature block; the communes from page 2', async () => {
		const res = await get(`${API}/snapshots/29/report.pdf`, 'lanhdao');
		expect(res.status).toBe(200);
		expect(res.type).toBe('application/pdf');
		expect(res.disposition).toContain("filename*=UTF-8''bao-cao-thaibinh-186-2024-12-10-1130.pdf");
		const pages = await pdfPages(res.bytes);
		const [first, second] = pages.map((p) => p.replace(/\s+/g, ' '));
		for (const text of [
			'UBND TỈNH THÁI BÌNH',
			'SỞ TƯ PHÁP',
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc',
			'BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH',
			'Số liệu chốt lúc 11:30 ngày 10/12/2024'
		])
			expect(first).toContain(text);
		// The table in rank order, each district with its percentage, then the total.
		const { districts, province } = await stored();
		const at = districts.map((d) => first.indexOf(`${d.name} `));
		expect(at.every((i) => i > 0)).toBe(true);
		expect(at).toEqual([...at].sort((a, b) => a - b));
		for (const d of districts) expect(first).toContain(`${d.name} ${formatCount(d.target)} ${formatCount(d.credited)} ${formatPct(d.pct)}`);
		expect(first).toContain(`Toàn tỉnh Thái Bình ${formatCount(province.target)} ${formatCount(province.credited)} ${formatPct(province.pct)}`);
		expect(first).toMatch(/Còn 1\/\d+ xã chưa báo cáo từ 06:00:/);
		for (const text of ['Nơi nhận:', 'Thái Bình, ngày 10 tháng 12 năm 2024', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']) expect(first).toContain(text);
		expect(first).not.toContain('PHỤ LỤC');
		expect(second).toContain('PHỤ LỤC: TIẾN ĐỘ CỦA CÁC XÃ');
		// A district head's own report is their district's.
		const own = await get(`${API}/snapshots/29/report.pdf?unit=344`, 'vuthu');
		expect((await pdfPages(own.bytes))[0]).toContain('UBND HUYỆN VŨ THƯ');
		expect((await get(`${API}/snapshots/29/report.pdf`, 'vuthu')).status).toBe(403);
	});

	it('is in the Excel report too: ranked, dates as dates, record types by name, the signature block', async () => {
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await get(`${API}/snapshots/29/report.xlsx`, 'lanhdao')).bytes as unknown as ArrayBuffer);
		const sheet = book.getWorksheet('Tổng hợp')!;
		const { districts } = await stored();
		expect(districts.map((_, i) => sheet.getCell(9 + i, 3).value)).toEqual(districts.map((d) => d.name));
		const deadline = sheet.getCell(9, 9).value;
		expect(deadline).toBeInstanceOf(Date);
		expect((deadline as Date).toISOString()).toBe('2024-12-21T00:00:00.000Z');
		expect(sheet.getCell(9, 9).numFmt).toBe('dd/mm/yyyy');
		const texts: string[] = [];
		sheet.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && texts.push(c.value)));
		for (const text of ['Nơi nhận:', 'Thái Bình, ngày 10 tháng 12 năm 2024', 'KT. GIÁM ĐỐC']) expect(texts).toContain(text);
		expect(texts.some((t) => /^Còn 1\/\d+ xã chưa báo cáo từ 06:00:$/.test(t))).toBe(true);
		const district = new ExcelJS.Workbook();
		await district.xlsx.load((await get(`${API}/snapshots/29/report.xlsx?unit=344`, 'vuthu')).bytes as unknown as ArrayBuffer);
		const byType = district.getWorksheet('Tổng hợp')!;
		expect([9, 10, 11].map((r) => byType.getCell(r, 3).value)).toEqual(['Khai sinh', 'Kết hôn', 'Khai tử']);
		const codes: unknown[] = [];
		byType.eachRow((row) => row.eachCell((c) => /^(khai_sinh|ket_hon|khai_tu)$/.test(String(c.value)) && codes.push(c.value)));
		expect(codes).toEqual([]);
	});
});

describe('what people receive', () => {
	it('an admin sees the mail, text, picture and PDF of the newest scheduled snapshot for any recipient, without SMTP', async () => {
		const b = browserOf(s.url);
		const admin = await b.login('quantri');
		const page = await b.get('/quan-tri/gui-bao-cao/xem-truoc', admin);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Lần chốt theo lịch gần nhất: <strong>11:30 10/12/2024</strong>');
		expect(page.text).toMatch(/Thư gửi Lãnh đạo UBND tỉnh &lt;lanhdao@thaibinh.example(>|&gt;)/);
		expect(page.text).toContain('Tiến độ số hóa hộ tịch: Tỉnh Thái Bình — 11:30 10/12/2024');
		expect(page.text).toContain('bao-cao-thaibinh-186-2024-12-10-1130.pdf');
		expect(page.text).toContain('/dot/thaibinh-186/chot-so/29/anh.png"');
		const text = (await get(`${API}/snapshots/29/summary.txt`, 'lanhdao')).bytes.toString('utf8');
		expect(page.text).toContain(text.split('\n').slice(0, 5).join('\n'));
		const vuthu = (await s.db.selectFrom('users').select('id').where('username', '=', 'vuthu').executeTakeFirstOrThrow()).id;
		const district = await b.get(`/quan-tri/gui-bao-cao/xem-truoc?dot=thaibinh-186&nguoi=${vuthu}`, admin);
		expect(district.text).toContain('Tiến độ số hóa hộ tịch: Huyện Vũ Thư — 11:30 10/12/2024');
		expect(district.text).toContain('/dot/thaibinh-186/chot-so/29/anh.png?unit=344"');
		expect(district.text).toContain('bao-cao-thaibinh-186-344-2024-12-10-1130.xlsx');
	});

	it('an admin registers a webhook through the API: the secret once, then listed without it, then removed', async () => {
		const created = await s.call(`${API}/webhooks`, { token: 'quantri', method: 'POST', body: { url: 'https://bot.thaibinh.example/tiendo' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ url: 'https://bot.thaibinh.example/tiendo', secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
		const list = await s.call(`${API}/webhooks`, { token: 'quantri' });
		expect(list.body.webhooks).toEqual([{ id: created.body.id, url: 'https://bot.thaibinh.example/tiendo', createdAt: created.body.createdAt }]);
		const removed = await fetch(`${s.url}${API}/webhooks/${created.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.tokens.quantri}` } });
		expect(removed.status).toBe(204);
		expect((await s.call(`${API}/webhooks`, { token: 'quantri' })).body.webhooks).toEqual([]);
	});
});

describe('file names', () => {
	it('are in the campaign’s local time for every download of a snapshot', async () => {
		const leader = await get(`${API}/snapshots/29/report.xlsx`, 'lanhdao');
		expect(leader.disposition).toContain("filename*=UTF-8''bao-cao-thaibinh-186-2024-12-10-1130.xlsx");
		const district = await get(`${API}/snapshots/29/report.xlsx?unit=344`, 'vuthu');
		expect(district.disposition).toContain("filename*=UTF-8''bao-cao-thaibinh-186-344-2024-12-10-1130.xlsx");
		const b = browserOf(s.url);
		const cookie = await b.login('lanhdao');
		const table = await b.get('/dot/thaibinh-186/bang.xlsx?bang=don-vi&lan=28', cookie);
		expect(table.headers.get('content-disposition')).toContain("filename*=UTF-8''don-vi-thaibinh-186-2024-12-10-0600.xlsx");
		const board = await b.get('/dot/thaibinh-186/xep-hang/xep-hang.xlsx', cookie);
		expect(board.headers.get('content-disposition')).toContain('-2024-12-10-1130.xlsx');
	});
});
