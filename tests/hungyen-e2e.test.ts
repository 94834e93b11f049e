/**
 * A Hưng Yên campaign run from a fresh database the way a Sở Tư pháp would, with only the
 * CLI, the pages and the API: the 2-level list imported, the cụm thi đua uploaded from a
 * workbook written by another program (openpyxl), 104 clerks and 6 group leads created
 * from one file, a campaign created and targeted through the API, and a scheduled slot
 * taken by the server itself: each group lead receives exactly one mail, whose workbook
 * holds their group's communes and no other.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, addDays } from '../src/lib/domain/time';
import { openDatabase, type Database } from '../src/lib/server/db';
import { tempDir } from './helpers/db';
import { browserOf } from './helpers/demo-server';
import { runCli, startServer } from './helpers/processes';
import { freePort, parseMail, startSmtp } from './helpers/smtp';

const TZ = 'Asia/Ho_Chi_Minh';
const PASSWORD = 'mat khau quan tri du dai';
const GROUPS = 6;

let dir: string;
let env: Record<string, string>;
let db: Database;
let close: () => void;
let communes: { code: string; name: string }[];
const groupOf = (i: number) => `CUM-${(i % GROUPS) + 1}`;

async function cli(args: string[], input?: string) {
	const result = await runCli(args, { env, input });
	if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

beforeAll(async () => {
	dir = tempDir();
	env = { DATABASE_PATH: join(dir, 'hungyen.db') };
	await cli(['import-units', 'reference/units-2026-07-25-2level.csv', '--as-of', '2026-07-25']);
	await cli(['user', 'add', 'quantri.hy', '--role', 'admin', '--unit', '33'], PASSWORD);
	const opened = openDatabase(env.DATABASE_PATH, { readonly: true });
	db = opened.db;
	close = () => void db.destroy();
	communes = await db
		.selectFrom('units as u')
		.innerJoin('units as p', 'p.id', 'u.province_id')
		.select(['u.code', 'u.name'])
		.where('p.code', '=', '33')
		.where('u.level', '=', 'commune')
		.orderBy('u.code')
		.execute();
}, 120_000);
afterAll(() => close?.());

describe('a Hưng Yên campaign from a fresh database', () => {
	it('has the 104 communes of the 2-level list', () => expect(communes).toHaveLength(104));

	it('runs end to end: groups from an openpyxl file, accounts from one file, a scheduled slot mailed to each group lead', async () => {
		// The groups, in a workbook written by openpyxl: a title, a header on row 3, a total row.
		const groupsFile = join(dir, 'cum-thi-dua.xlsx');
		const rows = communes.map((c, i) => [i + 1, c.code, c.name, groupOf(i), `Cụm thi đua số ${(i % GROUPS) + 1}`]);
		writeFileSync(join(dir, 'rows.json'), JSON.stringify(rows));
		execFileSync('/usr/bin/python3', [
			'-c',
			`import json, openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Chia cụm 2026'
ws.append(['DANH SÁCH CỤM THI ĐUA TỈNH HƯNG YÊN']); ws.append([])
ws.append(['STT', 'Mã xã', 'Tên xã', 'Mã cụm', 'Tên cụm'])
for r in json.load(open(sys.argv[1])): ws.append(r)
ws.append(['', 'Tổng cộng', '', '', ''])
wb.save(sys.argv[2])`,
			join(dir, 'rows.json'),
			groupsFile
		]);

		// 104 clerks and 6 group leads, one file saved as Vietnamese Excel saves a CSV.
		const accounts = [
			'Tên đăng nhập;Họ và tên;Vai trò;Mã đơn vị;Email',
			...communes.map((c) => `canbo.${c.code};Cán bộ ${c.name};cán bộ xã;${c.code};`),
			...Array.from({ length: GROUPS }, (_, g) => `truongcum.${g + 1};Trưởng cụm ${g + 1};district;CUM-${g + 1};cum${g + 1}@example.test`)
		];

		const smtpPort = await freePort();
		const smtp = await startSmtp(smtpPort);
		const server = await startServer({ ...env, SCHEDULER: 'on', SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
		try {
			const b = browserOf(server.url);
			const cookie = await b.login('quantri.hy', PASSWORD);
			const upload = new FormData();
			upload.set('file', new Blob([new Uint8Array(readFileSync(groupsFile))]), 'cum-thi-dua.xlsx');
			const uploaded = await fetch(`${server.url}/quan-tri/cum-thi-dua?/upload`, { method: 'POST', body: upload, headers: { cookie, origin: server.url, accept: 'text/html' } });
			const uploadedText = await uploaded.text();
			expect(uploaded.status, uploadedText).toBe(200);
			expect(uploadedText).toContain('Đã lưu 6 cụm với 104 xã');
			const page = await b.get('/quan-tri/cum-thi-dua', cookie);
			expect(page.text).toContain('Cụm thi đua số 6');

			// Group leads need the groups first: the accounts come after them.
			writeFileSync(join(dir, 'tai-khoan.csv'), '\ufeff' + accounts.join('\r\n') + '\r\n');
			const imported = await cli(['user', 'import', join(dir, 'tai-khoan.csv')]);
			expect(imported).toContain('Đã tạo 110 tài khoản');

			const token = (await cli(['token', 'create', 'quantri.hy'])).trim();
			const api = (path: string, method: string, body: unknown) =>
				fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
					async (r) => ({ status: r.status, body: await r.json() })
				);

			// A slot a little ahead, in the campaign's time, taken by the server itself: the next
			// whole minute at least 20 s away, time enough to create the campaign and its targets.
			const now = new Date();
			const slot = new Date(Math.ceil((now.getTime() + 20_000) / 60_000) * 60_000);
			const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(slot);
			const today = localDateOf(now, TZ);
			const created = await api('/campaigns', 'POST', {
				code: 'hungyen-2026',
				name: 'Số hóa hộ tịch tỉnh Hưng Yên 2026',
				provinceCode: '33',
				hierarchy: '2026-07-25',
				start: addDays(today, -2),
				deadline: addDays(today, 18),
				snapshotTimes: [hhmm],
				recordTypes: ['khai_sinh', 'ket_hon']
			});
			expect(created.status, JSON.stringify(created.body)).toBe(201);
			const targets = await api(
				'/campaigns/hungyen-2026/targets',
				'PUT',
				communes.flatMap((c, i) => [
					{ commune: c.code, recordType: 'khai_sinh', target: 1000 + i },
					{ commune: c.code, recordType: 'ket_hon', target: 300 }
				])
			);
			expect(targets.status, JSON.stringify(targets.body)).toBe(200);

			// Wait for the slot and its six mails.
			const deadline = Date.now() + 180_000;
			while (smtp.received.length < GROUPS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
			await new Promise((r) => setTimeout(r, 2000)); // nothing more arrives
			const snapshots = await db.selectFrom('snapshots').select(['slot_at', 'kind']).execute();
			expect(snapshots).toEqual([{ slot_at: slot.toISOString(), kind: 'scheduled' }]);

			const mails = smtp.received.map((m) => ({ to: m.to[0], mail: parseMail(m.raw) }));
			expect(mails.map((m) => m.to).sort()).toEqual(Array.from({ length: GROUPS }, (_, g) => `cum${g + 1}@example.test`).sort());
			for (const { to, mail } of mails) {
				const g = Number(/cum(\d)@/.exec(to)![1]);
				expect(mail.subject).toContain(`Cụm thi đua số ${g}`);
				const xlsx = mail.attachments.find((a) => a.filename.endsWith('.xlsx'))!;
				const book = new ExcelJS.Workbook();
				await book.xlsx.load(xlsx.content as unknown as ArrayBuffer);
				const text = book.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join('\n');
				const mine = communes.filter((_, i) => groupOf(i) === `CUM-${g}`);
				const others = communes.filter((_, i) => groupOf(i) !== `CUM-${g}`);
				for (const c of mine) expect(text).toContain(c.name);
				expect(others.filter((c) => text.split('\n').includes(c.name)).map((c) => c.name)).toEqual([]);
			}
		} finally {
			await server.stop();
			await smtp.stop();
		}
	}, 300_000);
});
