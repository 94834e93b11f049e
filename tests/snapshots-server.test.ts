import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../src/lib/domain/format';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { campaignSettings } from '../src/lib/server/campaigns/service';
import { browserOf, startDemoServer } from './helpers/demo-server';

let s: Awaited<ReturnType<typeof startDemoServer>>;
beforeAll(async () => {
	s = await startDemoServer();
}, 60_000);
afterAll(() => s.stop());

const API = '/api/v1/campaigns/thaibinh-186';

async function download(path: string, token: string) {
	const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${s.tokens[token]}` } });
	return { status: res.status, type: res.headers.get('content-type'), bytes: await res.arrayBuffer() };
}

describe('snapshots on the server', () => {
	it('lists the archive and takes an ad-hoc snapshot for an admin through the API', async () => {
		const list = await s.call(`${API}/snapshots`, { token: 'lanhdao' });
		expect(list.status).toBe(200);
		expect(list.body.snapshots).toHaveLength(29);
		expect(list.body.snapshots[0]).toMatchObject({ at: '2024-12-10T11:30:00+07:00', kind: 'scheduled' });
		// The change is since the snapshot before: the archive lists the newest first.
		expect(list.body.snapshots[0].creditedChange).toBe(list.body.snapshots[0].credited - list.body.snapshots[1].credited);
		expect(list.body.snapshots[0].creditedChange).toBeGreaterThan(0);

		const taken = await s.call(`${API}/snapshots`, { token: 'quantri', method: 'POST', body: { at: '2024-12-09T23:00:00+07:00' } });
		expect(taken.status).toBe(201);
		expect(taken.body).toMatchObject({ at: '2024-12-09T23:00:00+07:00', kind: 'adhoc' });
		const refused = await s.call(`${API}/snapshots`, { token: 'quantri', method: 'POST', body: { at: '2099-01-01T00:00:00Z' } });
		expect([refused.status, refused.body.error.message]).toEqual([400, 'Không chốt số liệu cho thời điểm trong tương lai (07:00 01/01/2099).']);
	});

	it('gives one snapshot’s rows within the reader’s scope', async () => {
		const districts = await s.call(`${API}/snapshots/29?level=district`, { token: 'vuthu' });
		expect(districts.body.rows).toHaveLength(8);
		expect(districts.body.rows.map((r: { rank: number }) => r.rank).sort((a: number, b: number) => a - b)[0]).toBe(1);
		const communes = await s.call(`${API}/snapshots/29?level=commune`, { token: 'vuthu' });
		// Vũ Thư's communes only: exactly those the progress API lists under district 344.
		const vuThu = await s.call(`${API}/progress?level=commune&parent=344`, { token: 'lanhdao' });
		const codes = (rows: { unit: { code: string } }[]) => rows.map((r) => r.unit.code).sort();
		expect(vuThu.body.rows).toHaveLength(30);
		expect(codes(communes.body.rows)).toEqual(codes(vuThu.body.rows));
		const clerk = await s.call(`${API}/snapshots/29?level=commune`, { token: 'canbo.13192' });
		expect(clerk.body.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['13192']);
		expect((await s.call(`${API}/snapshots/9999`, { token: 'vuthu' })).status).toBe(404);
	});

	it('serves the province report to a leader and a district report to its head', async () => {
		const province = await download(`${API}/snapshots/29/report.xlsx`, 'lanhdao');
		expect(province.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(province.bytes);
		expect(book.worksheets).toHaveLength(1 + 8 + 3);
		expect(book.worksheets[0].getCell('A6').value).toBe('Số liệu chốt lúc 11:30 ngày 10/12/2024');
		expect((await download(`${API}/snapshots/29/report.xlsx`, 'vuthu')).status).toBe(403);
		const own = await download(`${API}/snapshots/29/report.xlsx?unit=344`, 'vuthu');
		const district = new ExcelJS.Workbook();
		await district.xlsx.load(own.bytes);
		expect(district.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Các xã', 'Khai sinh', 'Kết hôn', 'Khai tử']);
	});

	it('shows the archive, a snapshot and its printable report in Vietnamese', async () => {
		const b = browserOf(s.url);
		const cookie = await b.login('vuthu');
		const archive = await b.get('/dot/thaibinh-186/chot-so', cookie);
		expect(archive.text).toContain('Các lần chốt số liệu');
		expect(archive.text).toContain('11:30 10/12/2024');
		expect(archive.text).not.toContain('Chốt số liệu ngay'); // admins only
		const page = await b.get('/dot/thaibinh-186/chot-so/29', cookie);
		expect(page.text).toContain('Số liệu chốt lúc 11:30 10/12/2024');
		expect(page.text).toContain('Các xã của Huyện Vũ Thư');
		expect(page.text).toContain('so với lần chốt 06:00 10/12/2024');
		const print = await b.get('/dot/thaibinh-186/chot-so/29/in', cookie);
		expect(print.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(print.text).toContain('PHỤ LỤC: TIẾN ĐỘ CỦA CÁC XÃ');
	});
});

describe('the leaderboard', () => {
	it('is public for a public campaign at district level, and nothing else is', async () => {
		const b = browserOf(s.url);
		const page = await b.get('/dot/thaibinh-186/xep-hang');
		expect(page.status).toBe(200);
		expect(page.text).toContain('Bảng xếp hạng thi đua');
		expect(page.text).toContain('Theo số liệu chốt lúc <strong>11:30 10/12/2024</strong>');
		expect(page.text).toContain('Huyện Vũ Thư');
		const api = await s.call(`${API}/leaderboard`);
		expect(api.status).toBe(200);
		expect(api.body.rows).toHaveLength(8);
		expect(api.body.rows.map((r: { rank: number }) => r.rank)).toEqual([...api.body.rows.map((r: { rank: number }) => r.rank)].sort((x, y) => x - y));
		expect((await s.call(`${API}/leaderboard?level=commune`)).status).toBe(403);
		expect((await s.call(`${API}/snapshots`)).status).toBe(401);
		expect((await s.call(`${API}/snapshots/29`)).status).toBe(401);
		expect((await b.get('/dot/thaibinh-186/chot-so')).status).toBe(303);
		expect((await b.get('/dot/thaibinh-186/xep-hang?cap=commune')).status).toBe(403);
	});

	it('ranks communes within a district without renumbering, for an earlier snapshot too', async () => {
		const all = await s.call(`${API}/leaderboard?level=commune`, { token: 'lanhdao' });
		const vuThu = await s.call(`${API}/leaderboard?level=commune&parent=344`, { token: 'lanhdao' });
		expect(all.body.rows).toHaveLength(242);
		const rankOf = new Map(all.body.rows.map((r: { unit: { code: string }; rank: number }) => [r.unit.code, r.rank]));
		expect(vuThu.body.rows.every((r: { unit: { code: string }; rank: number; parent: { code: string } }) => r.parent.code === '344' && rankOf.get(r.unit.code) === r.rank)).toBe(
			true
		);
		const early = await s.call(`${API}/leaderboard?snapshot=3`, { token: 'lanhdao' });
		expect(early.body.snapshot.at).toBe('2024-12-01T23:00:00+07:00');
		expect(early.body.rows.every((r: { pct: number }) => r.pct < 0.2)).toBe(true);
		const finishers = all.body.rows.filter((r: { firstInProvince: boolean }) => r.firstInProvince);
		expect(finishers.length).toBeGreaterThanOrEqual(1);
		expect(all.body.rows.filter((r: { firstInParent: boolean }) => r.firstInParent).length).toBeGreaterThanOrEqual(finishers.length);
	});

	it('downloads as an official workbook', async () => {
		const res = await fetch(`${s.url}/dot/thaibinh-186/xep-hang/xep-hang.xlsx`);
		expect(res.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.getWorksheet('Xếp hạng')!;
		expect(sheet.getCell('A4').value).toBe('BẢNG XẾP HẠNG THI ĐUA CẤP HUYỆN');
		expect(sheet.getCell('A8').value).toBe('Hạng');
		expect(sheet.getCell('A9').value).toBe(1);
		const api = await s.call(`${API}/leaderboard`);
		const names = Array.from({ length: 9 }, (_, i) => sheet.getCell(9 + i, 4).value);
		expect(names).toEqual([...api.body.rows.map((r: { unit: { name: string } }) => r.unit.name), null]);
	});
});

describe('award lists on the server', () => {
	const ADMIN = '/quan-tri/dot/thaibinh-186/khen-thuong';

	it('an admin sets a rule, previews it on a snapshot and freezes the list; leaders read, print and download it', async () => {
		const b = browserOf(s.url);
		const admin = await b.login('quantri');
		const count = async (table: 'award_rules' | 'award_lists') => (await s.db.selectFrom(table).select('id').execute()).length;
		const [rules, lists] = [await count('award_rules'), await count('award_lists')]; // the demo's
		const refused = await b.post(
			`${ADMIN}?/create`,
			{ name: 'Xuất sắc', kind: 'pct_by', level: 'district', recordType: '', award: 'Bằng khen', pct: '120', dateMode: 'before', daysBeforeDeadline: '0' },
			{ cookie: admin }
		);
		expect(refused.status).toBe(400);
		expect(refused.text).toContain('Tỷ lệ «120» phải là phần trăm lớn hơn 0 và không quá 100');
		expect(await count('award_rules')).toBe(rules);

		const created = await b.post(
			`${ADMIN}?/create`,
			{ name: 'Dẫn đầu toàn tỉnh', kind: 'top_n', level: 'district', recordType: '', award: 'Bằng khen của Chủ tịch UBND tỉnh', n: '3' },
			{ cookie: admin }
		);
		expect(created.status).toBe(200);
		expect(created.text).toContain('Đã thêm tiêu chí «Dẫn đầu toàn tỉnh»');
		const index = await b.get(ADMIN, admin);
		expect(index.text).toContain('Đơn vị cấp huyện xếp trong 3 hạng đầu (tất cả loại việc) tại lần chốt số được chọn');
		const ruleId = String(rules + 1);
		expect(index.text).toContain(`khen-thuong/${ruleId}"`);

		const preview = await b.get(`${ADMIN}/${ruleId}?lan=29`, admin);
		expect(preview.text).toContain('Số liệu chốt lúc <strong>11:30 10/12/2024</strong>');
		expect(preview.text).toContain('Chốt danh sách (3 đơn vị)');
		const drawn = await b.post(`${ADMIN}/${ruleId}?/draw`, { snapshot: '29' }, { cookie: admin });
		expect(drawn.status).toBe(303);
		const listPath = drawn.location!;
		expect(listPath).toMatch(/^\/dot\/thaibinh-186\/khen-thuong\/\d+$/);

		const leader = await b.login('lanhdao');
		const page = await b.get(listPath, leader);
		expect(page.status).toBe(200);
		for (const text of [
			'DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG',
			'UBND TỈNH THÁI BÌNH',
			'Căn cứ số liệu chốt lúc 11:30 10/12/2024 (lần chốt số #29)',
			'Bằng khen của Chủ tịch UBND tỉnh',
			'Tổng số: 3 đơn vị.',
			'GIÁM ĐỐC'
		])
			expect(page.text).toContain(text);
		const res = await fetch(`${s.url}${listPath}/danh-sach.xlsx`, { headers: { cookie: leader } });
		expect(res.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const sheet = book.getWorksheet('Khen thưởng')!;
		expect(sheet.getCell('A4').value).toBe('DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG');
		const board = await s.call(`${API}/leaderboard?snapshot=29`);
		expect([10, 11, 12].map((r) => sheet.getCell(r, 2).value)).toEqual(board.body.rows.slice(0, 3).map((r: { unit: { name: string } }) => r.unit.name));

		// Others may not: a district head, a leader on the admin page, an anonymous visitor.
		const head = await b.login('vuthu');
		expect((await b.get(listPath, head)).status).toBe(403);
		expect((await fetch(`${s.url}${listPath}/danh-sach.xlsx`, { headers: { cookie: head } })).status).toBe(403);
		expect((await b.get(ADMIN, leader)).status).toBe(403);
		expect((await b.post(`${ADMIN}/${ruleId}?/draw`, { snapshot: '29' }, { cookie: leader })).status).toBe(403);
		expect((await b.get(listPath)).status).toBe(303);
		expect(await count('award_lists')).toBe(lists + 1);
	});
});

describe('snapshot times on the admin page (issue 21, item 8)', () => {
	it('an admin adds a time through the form: kept in the history from that moment, audited, and shown', async () => {
		const b = browserOf(s.url);
		const admin = await b.login('quantri');
		const campaign = (await findCampaignByCode(s.db, 'thaibinh-186'))!;
		const v = await campaignSettings(s.db, campaign);
		const fields: [string, string][] = [
			['name', v.name],
			['start', v.start],
			['deadline', v.deadline],
			['timeZone', v.timeZone],
			['dayEndHour', String(v.dayEndHour)],
			['holidays', v.holidays.join(', ')],
			['snapshotTimes', '06:00, 09:24, 11:30, 23:00'],
			['stages', v.stages.map((st) => `${st.code}: ${st.name}`).join('\n')],
			['onTrackRatio', String(v.onTrackRatio)],
			['atRiskRatio', String(v.atRiskRatio)],
			...v.excludedWeekdays.map((d): [string, string] => ['excludedWeekdays', String(d)]),
			...v.recordTypes.map((r): [string, string] => ['recordTypes', r]),
			...(v.isPublic ? [['isPublic', 'on'] as [string, string]] : [])
		];
		const res = await fetch(`${s.url}/quan-tri/dot/thaibinh-186`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: s.url, cookie: admin },
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
		expect([res.status, (await res.text()).includes('Đã lưu thiết lập.')]).toEqual([200, true]);

		const history = await s.db.selectFrom('campaign_snapshot_times').selectAll().where('campaign_id', '=', campaign.id).orderBy('id').execute();
		expect(history.map((h) => [JSON.parse(h.times), h.effective_from])).toEqual([
			[['06:00', '11:30', '23:00'], campaign.createdAt],
			[['06:00', '09:24', '11:30', '23:00'], history[1].effective_from]
		]);
		const audit = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'set_snapshot_times').execute();
		expect(audit.map((a) => [a.actor, a.source, a.entity_id, a.at, JSON.parse(a.before!)])).toEqual([
			['quantri', 'form', String(history[1].id), history[1].effective_from, ['06:00', '11:30', '23:00']]
		]);

		const page = await b.get('/quan-tri/dot/thaibinh-186', admin);
		expect(page.text).toContain('Lịch sử giờ chốt số liệu');
		expect(page.text).toContain(`<td>${formatDateTime(history[1].effective_from, v.timeZone)} (đang áp dụng)</td><td>06:00, 09:24, 11:30, 23:00</td>`);
		expect(page.text).toContain('<td>08:00 30/11/2024</td><td>06:00, 11:30, 23:00</td>'); // the demo campaign's creation
	});
});
