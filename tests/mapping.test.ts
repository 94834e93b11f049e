/**
 * The official mapping across the reform of 1/7/2025 (issue 26) on a real database with the
 * real shared lists: its real flaws summed up, refusals that name row and column and write
 * nothing, a second import that changes nothing; Hưng Yên's admin reading Thái Bình's
 * campaign through the production server; names matched however the tone mark is placed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type Problem } from '../src/lib/domain/errors';
import { formatCount } from '../src/lib/domain/format';
import { describeMappingImport } from '../src/lib/domain/mapping';
import { addUser } from '../src/lib/server/auth/accounts';
import { createApiToken } from '../src/lib/server/auth/session';
import { uploadPreview, receiveUpload } from '../src/lib/server/ingest/service';
import { importMapping } from '../src/lib/server/mapping/import';
import { linksBetween } from '../src/lib/server/mapping/repository';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import { findHierarchy } from '../src/lib/server/units/repository';
import { browserOf, DEMO_PASSWORD, startDemoServer } from './helpers/demo-server';
import { actorOf, bytesOf, demoCampaign, templateOf } from './helpers/uploads';

const MAPPING = 'reference/units-mapping-2025-07-01.csv';
const LINES = readFileSync(MAPPING, 'utf8').trimEnd().split(/\r?\n/);
const FROM = '2025-03-01';
const TO = '2026-07-25';

let s: Awaited<ReturnType<typeof startDemoServer>>;

beforeAll(async () => {
	// Own server: it imports unit lists and mappings, which change the hierarchy other files read.
	s = await startDemoServer({ own: true });
	await importUnitList(s.db, await readUnitFile('reference/units-2026-07-25-2level.csv'), { asOf: TO, source: 'api', actor: 'test' });
}, 180_000);
afterAll(() => s?.stop());

const count = async (table: 'hierarchy_links' | 'hierarchy_province_links' | 'audit_log') =>
	Number(
		(
			await s.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
const file = (lines: string[], name = 'bang-chuyen-doi.csv') => ({ name, bytes: new TextEncoder().encode(lines.join('\n')) });
const importLines = (lines: string[], acceptUnknown = false) => importMapping(s.db, file(lines), { from: FROM, to: TO, acceptUnknown, by: 'cli' });

async function refusal(lines: string[], acceptUnknown = false): Promise<Problem[]> {
	const before = { links: await count('hierarchy_links'), audit: await count('audit_log') };
	const error = await importLines(lines, acceptUnknown).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(ValidationError);
	expect({ links: await count('hierarchy_links'), audit: await count('audit_log') }).toEqual(before);
	return (error as ValidationError).problems;
}

/** The CSV line (1-based, as the messages count) of the first data row matching `test`. */
const lineOf = (test: (cells: string[]) => boolean) => LINES.findIndex((l, i) => i > 0 && test(l.split(','))) + 1;
/** Hưng Yên's rows (new province 33) with the header. */
const hungYen = () => LINES.filter((l, i) => i === 0 || l.startsWith('33,'));

describe('the official mapping, imported from the shared file', () => {
	it('refuses the codes outside the lists unless accepted, naming row and column, and writes nothing', async () => {
		const problems = await refusal(LINES);
		expect(problems.map((p) => `${p.row}:${p.column}`)).toEqual(
			expect.arrayContaining([
				`${lineOf((c) => c[2] === '06970')}:Mã PX mới`,
				`${lineOf((c) => c[2] === '23737')}:Mã PX mới`,
				...['318', '471', '498', '536', '755'].map((code) => `${lineOf((c) => c[4] === code)}:Mã PX cũ`)
			])
		);
		expect(new Set(problems.map((p) => p.column))).toEqual(new Set(['Mã PX mới', 'Mã PX cũ']));
	});

	it('imports it when accepted, with a summary naming the 2 unknown codes and the 5 special zones', async () => {
		const result = await importMapping(s.db, { name: MAPPING, bytes: readFileSync(MAPPING) }, { from: FROM, to: TO, acceptUnknown: true, by: 'cli' });
		expect(result).toMatchObject({ status: 'created', links: 10_604, wholeLinks: 9_592, newCommunes: 3_321, splits: 460 });
		const unknown = result.unknown.filter((u) => !u.specialZone).map((u) => [u.side, u.code, u.resolvedTo?.code]);
		expect(unknown).toEqual([
			['new', '06970', '06978'],
			['new', '23737', '23938']
		]);
		expect(result.unknown.filter((u) => u.specialZone).map((u) => u.code)).toEqual(['318', '471', '498', '536', '755']);
		expect(result.provinceLinks).toContainEqual({ oldProvinceCode: '34', newProvinceCode: '33' });
		const text = describeMappingImport(result, formatCount).join('\n');
		for (const words of ['Xã Ba Chẽ', '06978', 'Xã Ia Mơ', '23938', 'Huyện Côn Đảo', '5 huyện đảo', '33 ← 33, 34']) expect(text).toContain(words);

		// Linked as the list codes them: the new Ba Chẽ is the list's 06978.
		const [from, to] = [(await findHierarchy(s.db, FROM))!, (await findHierarchy(s.db, TO))!];
		const links = await linksBetween(s.db, from.id, to.id);
		expect(links).toHaveLength(10_604);
		expect(links.filter((l) => l.newCode === '06978')).toHaveLength(5);
		expect(links.some((l) => l.newCode === '06970')).toBe(false);
		expect(await count('audit_log')).toBeGreaterThan(0);
	});

	it('changes nothing when the same file comes again, and says so', async () => {
		const before = { links: await count('hierarchy_links'), provinces: await count('hierarchy_province_links'), audit: await count('audit_log') };
		const result = await importMapping(s.db, { name: MAPPING, bytes: readFileSync(MAPPING) }, { from: FROM, to: TO, acceptUnknown: true, by: 'cli' });
		expect(result.status).toBe('unchanged');
		expect(describeMappingImport(result, formatCount)[0]).toContain('không có thay đổi');
		expect({ links: await count('hierarchy_links'), provinces: await count('hierarchy_province_links'), audit: await count('audit_log') }).toEqual(before);
	});

	it('refuses a new commune with no link', async () => {
		const lines = hungYen();
		const dropped = lines[1].split(',')[2];
		const problems = await refusal(lines.filter((l, i) => i === 0 || l.split(',')[2] !== dropped));
		expect(problems).toHaveLength(1);
		expect(problems[0].column).toBe('Mã PX mới');
		expect(problems[0].message).toContain(`mã ${dropped}`);
	});

	it('refuses a whole old commune sent to two places', async () => {
		const lines = hungYen();
		const whole = lines.findIndex((l) => l.endsWith(',toàn bộ'));
		const cells = lines[whole].split(',');
		const other = lines.find((l, i) => i > 0 && l.split(',')[2] !== cells[2])!.split(',');
		const twice = [...lines, [cells[0], cells[1], other[2], other[3], cells[4], cells[5], 'toàn bộ'].join(',')];
		const problems = await refusal(twice);
		expect(problems).toEqual([expect.objectContaining({ row: twice.length, column: 'Loại' })]);
		expect(problems[0].message).toContain(cells[4]);
	});

	it('refuses the declared shares of a split commune that do not add up to 100%, and stores them when they do', async () => {
		const lines = hungYen();
		const partOld = lines.find((l) => l.endsWith(',một phần'))!.split(',')[4];
		const withShares = (shares: string[]) => {
			let i = 0;
			return lines.map((l, n) => (n === 0 ? `${l},Tỷ lệ (%)` : l.split(',')[4] === partOld ? `${l},"${shares[i++]}"` : `${l},`));
		};
		const parts = lines.filter((l) => l.split(',')[4] === partOld).length;
		expect(parts).toBe(2);
		const problems = await refusal(withShares(['60', '30']));
		expect(problems.map((p) => p.column)).toEqual(['Tỷ lệ (%)', 'Tỷ lệ (%)']);
		expect(problems[0].message).toContain('90%');
		expect(problems.map((p) => p.row)).toEqual(withShares(['60', '30']).flatMap((l, n) => (l.split(',')[4] === partOld ? [n + 1] : [])));

		const stored = await importLines(withShares(['60,5', '39,5']), false);
		expect(stored.status).toBe('updated');
		const [from, to] = [(await findHierarchy(s.db, FROM))!, (await findHierarchy(s.db, TO))!];
		const shares = (await linksBetween(s.db, from.id, to.id)).filter((l) => l.oldCode === partOld).map((l) => l.share);
		expect(shares.sort()).toEqual([0.395, 0.605]);
	});

	it('refuses a code outside the lists in a province file, and accepts it when asked', async () => {
		const lines = hungYen();
		const unknown = [...lines.slice(0, -1), lines.at(-1)!.replace(/^((?:[^,]*,){4})\d{5}/, '$199999')];
		const problems = await refusal(unknown);
		expect(problems).toEqual([expect.objectContaining({ row: unknown.length, column: 'Mã PX cũ' })]);
	});
});

describe('the province that absorbed Thái Bình', () => {
	const tokens: Record<string, string> = {};
	beforeAll(async () => {
		await addUser(s.db, { username: 'quantri.hungyen', role: 'admin', unitCode: '33', password: DEMO_PASSWORD, hierarchy: TO });
		await addUser(s.db, { username: 'lanhdao.thanhhoa', role: 'leader', unitCode: '38', password: DEMO_PASSWORD, hierarchy: TO });
		for (const username of ['quantri.hungyen', 'lanhdao.thanhhoa', 'quantri.hanoi']) tokens[username] = (await createApiToken(s.db, username, { name: 'test', actor: 'test' }))!;
	}, 60_000);
	const call = (path: string, username: string, init: { method?: string; body?: unknown } = {}) => s.call(path, { token: tokens[username], ...init });

	it('reads Thái Bình’s campaign down to its communes, and changes nothing in it', async () => {
		const progress = await call('/api/v1/campaigns/thaibinh-186/progress?level=commune', 'quantri.hungyen');
		expect(progress.status).toBe(200);
		expect(progress.body.rows).toHaveLength(242);
		expect((await call('/api/v1/campaigns/thaibinh-186/snapshots', 'quantri.hungyen')).status).toBe(200);
		const put = await call('/api/v1/campaigns/thaibinh-186/targets', 'quantri.hungyen', { method: 'PUT', body: [{ commune: '13192', recordType: 'khai_sinh', target: 1 }] });
		expect(put.status).toBe(403);
		const report = await call('/api/v1/campaigns/thaibinh-186/reports', 'quantri.hungyen', {
			method: 'POST',
			body: { reports: [{ commune: '13192', recordType: 'khai_sinh', delta: 1 }] }
		});
		expect(report.status).toBe(403);

		const b = browserOf(s.url);
		const cookie = await b.login('quantri.hungyen');
		expect((await b.get('/dot/thaibinh-186/chot-so', cookie)).status).toBe(200);
		expect((await b.get('/dot/thaibinh-186/xa/13192', cookie)).status).toBe(200);
		expect((await b.get('/quan-tri/dot/thaibinh-186', cookie)).status).toBe(403);
	});

	it('stays closed to the users of other provinces', async () => {
		for (const username of ['lanhdao.thanhhoa', 'quantri.hanoi']) {
			expect((await call('/api/v1/campaigns/thaibinh-186/progress?level=commune', username)).status).toBe(403);
			expect((await call('/api/v1/campaigns/thaibinh-186/snapshots', username)).status).toBe(403);
		}
	});

	it('shows the admin the links into their province, and imports only those', async () => {
		const b = browserOf(s.url);
		const cookie = await b.login('quantri.hungyen');
		const page = await b.get('/quan-tri/sap-nhap', cookie);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Tỉnh Thái Bình (34)');
		const admin = await actorOf(s.db, 'quantri.hungyen');
		const result = await importMapping(s.db, { name: MAPPING, bytes: readFileSync(MAPPING) }, { from: FROM, to: TO, acceptUnknown: false, by: admin });
		// Only Hưng Yên's rows are read: the codes outside the lists are other provinces'.
		expect(result).toMatchObject({ provinces: ['33'], unknown: [] });
		expect(result.newCommunes).toBe(104);
	});
});

describe('names written with the other tone-mark placement', () => {
	it('accepts a count template whose commune names place the tone mark the other way, or come decomposed', async () => {
		const { workbook } = await templateOf(s.db, 'vuthu');
		const sheet = workbook.getWorksheet('Số liệu')!;
		const rowOf = (code: string) => {
			let found = 0;
			sheet.eachRow((row, n) => {
				if (row.getCell(1).value === code) found = n;
			});
			return sheet.getRow(found);
		};
		expect(rowOf('13204').getCell(2).value).toBe('Xã Hiệp Hòa');
		rowOf('13204').getCell(2).value = 'Xã Hiệp Hoà';
		rowOf('13216').getCell(2).value = 'Xã Tân Hòa'.normalize('NFD');
		rowOf('13204').getCell(4).value = Number(rowOf('13204').getCell(4).value ?? 0) + 1;
		const actor = await actorOf(s.db, 'vuthu');
		const campaign = await demoCampaign(s.db);
		const id = await receiveUpload(s.db, actor, campaign, 'reports', { name: 'vu-thu.xlsx', bytes: await bytesOf(workbook) });
		expect((await uploadPreview(s.db, actor, campaign, id)).problems).toEqual([]);

		// Another name is still refused.
		rowOf('13204').getCell(2).value = 'Xã Hiệp Hỏa';
		const wrong = await receiveUpload(s.db, actor, campaign, 'reports', { name: 'vu-thu-sai.xlsx', bytes: await bytesOf(workbook) });
		expect((await uploadPreview(s.db, actor, campaign, wrong)).problems.map((p) => p.column)).toEqual(['B']);
	});
});
