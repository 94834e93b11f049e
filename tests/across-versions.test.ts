/**
 * A campaign read on another hierarchy version, and a backlog carried over (issue 26 items
 * 2 and 3): the demo built after the reform (Thái Bình's Kế hoạch 186 on the 3-level list,
 * Hưng Yên on the 2-level one, the official mapping imported), the real server.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESTIMATE_MARK } from '../src/lib/domain/across-versions';
import { createApiToken } from '../src/lib/server/auth/session';
import { buildDemo } from '../src/lib/server/demo/build';
import { createTestDb, type TestDb } from './helpers/db';
import { browserOf } from './helpers/demo-server';
import { startServer } from './helpers/processes';

const LIVE_NOW = new Date('2026-11-20T04:00:00Z');
const PASSWORD = 'mat-khau-demo';
const MAPPING = 'reference/units-mapping-2025-07-01.csv';
const NEW = '2026-07-25';
const MID = '2024-12-10T12:00:00+07:00'; // day 10 of Kế hoạch 186, work left everywhere

interface Row {
	unit: { code: string; name: string; level: string };
	target: number;
	done: number;
	credited: number;
	remaining: number;
	rank: number;
	estimate?: boolean;
}

let d: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
const tokens: Record<string, string> = {};

/** The mapping file's links into Hưng Yên (33) from the old communes of Thái Bình's campaign. */
function thaiBinhLinks(oldCodes: Set<string>) {
	const [, ...lines] = readFileSync(MAPPING, 'utf8').trim().split(/\r?\n/);
	return lines
		.map((l) => l.split(','))
		.filter((c) => c[0] === '33' && oldCodes.has(c[4]))
		.map((c) => ({ newCode: c[2], oldCode: c[4], whole: c[6] !== 'một phần' }));
}

async function api(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
	const res = await fetch(server.url + path, {
		method: init.method ?? 'GET',
		headers: { authorization: `Bearer ${tokens[token]}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
		body: init.body ? JSON.stringify(init.body) : undefined
	});
	return { status: res.status, body: await res.json() };
}

async function rows(query: string, token = 'quantri'): Promise<Row[]> {
	const res = await api(`/api/v1/campaigns/thaibinh-186/progress?${query}`, token);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body.rows;
}

async function workbookRows(path: string, cookie?: string): Promise<string[][]> {
	const res = await fetch(server.url + path, { headers: cookie ? { cookie } : {} });
	expect(res.status).toBe(200);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(await res.arrayBuffer());
	const sheet = workbook.worksheets[0];
	const out: string[][] = [];
	sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
	return out;
}

beforeAll(async () => {
	d = await createTestDb();
	await buildDemo(d.db, { now: LIVE_NOW, password: PASSWORD });
	for (const username of ['quantri', 'quantri.hungyen']) tokens[username] = (await createApiToken(d.db, username, { name: 'test', actor: 'test' }))!;
	server = await startServer({ DATABASE_PATH: d.path });
}, 180_000);
afterAll(async () => {
	await server?.stop();
	await d?.close();
});

describe('thaibinh-186 read on the 2026-07-25 list', () => {
	let expected: { estimatedCommunes: Set<string>; estimatedGroups: Set<string>; wholeOnly: Map<string, string[]> };

	beforeAll(async () => {
		const old = await rows('level=commune');
		const links = thaiBinhLinks(new Set(old.map((r) => r.unit.code)));
		const splitOld = new Set(links.filter((l) => !l.whole).map((l) => l.oldCode));
		const estimatedCommunes = new Set(links.filter((l) => splitOld.has(l.oldCode)).map((l) => l.newCode));
		const wholeOnly = new Map<string, string[]>();
		for (const l of links) if (!estimatedCommunes.has(l.newCode)) wholeOnly.set(l.newCode, [...(wholeOnly.get(l.newCode) ?? []), l.oldCode]);
		// A group's figure is an estimate when it holds some but not all parts of a split old commune.
		const groups = (await api('/api/v1/groups?province=33', 'quantri.hungyen')).body.groups as { code: string; communes: string[] }[];
		const groupOf = new Map(groups.flatMap((g) => g.communes.map((c) => [c, g.code] as const)));
		const estimatedGroups = new Set<string>();
		for (const o of splitOld) {
			const parts = links.filter((l) => l.oldCode === o).map((l) => groupOf.get(l.newCode));
			if (new Set(parts).size > 1) for (const g of parts) estimatedGroups.add(g!);
		}
		expected = { estimatedCommunes, estimatedGroups, wholeOnly };
		expect(estimatedCommunes.size).toBeGreaterThan(0);
	});

	it('keeps the province total exactly, on either version, at the end and mid-campaign', async () => {
		const [province] = await rows(`hierarchy=${NEW}`);
		expect(province).toMatchObject({ unit: { code: '33', level: 'province' }, target: 1_238_077, credited: 1_238_077, remaining: 0, estimate: false });
		const [own] = await rows(`at=${encodeURIComponent(MID)}`);
		const [other] = await rows(`hierarchy=${NEW}&at=${encodeURIComponent(MID)}`);
		expect(own.credited).toBeGreaterThan(0);
		expect(own.remaining).toBeGreaterThan(0);
		expect([other.target, other.done, other.credited, other.remaining]).toEqual([own.target, own.done, own.credited, own.remaining]);
		const groups = await rows(`hierarchy=${NEW}&level=group&at=${encodeURIComponent(MID)}`);
		expect(groups.reduce((a, g) => a + g.credited, 0)).toBe(own.credited);
	});

	it('gives each new commune the figures of the old communes that went into it, marking exactly the estimates', async () => {
		const at = `at=${encodeURIComponent(MID)}`;
		const old = new Map((await rows(`level=commune&${at}`)).map((r) => [r.unit.code, r]));
		const mapped = await rows(`hierarchy=${NEW}&level=commune&${at}`);
		expect(new Set(mapped.map((r) => r.unit.code))).toEqual(new Set([...expected.wholeOnly.keys(), ...expected.estimatedCommunes]));
		for (const r of mapped) {
			expect(r.estimate, r.unit.code).toBe(expected.estimatedCommunes.has(r.unit.code));
			const sources = expected.wholeOnly.get(r.unit.code);
			if (!sources) continue;
			const sum = (f: keyof Row) => sources.reduce((a, code) => a + (old.get(code)![f] as number), 0);
			expect([r.target, r.done, r.credited], r.unit.code).toEqual([sum('target'), sum('done'), sum('credited')]);
		}
		expect(mapped.reduce((a, r) => a + r.target, 0)).toBe(1_238_077);
		const groups = await rows(`hierarchy=${NEW}&level=group&${at}`);
		expect(new Set(groups.filter((g) => g.estimate).map((g) => g.unit.code))).toEqual(expected.estimatedGroups);
	});

	it('refuses a list without a mapping from the campaign’s, and a date with no list', async () => {
		const res = await api('/api/v1/campaigns/thaibinh-186/progress?hierarchy=2020-01-01', 'quantri');
		expect(res.status).toBe(400);
		expect(res.body.error.message).toContain('2020-01-01');
	});

	it('shows the choice and the marks on the overview, and in its Excel file', async () => {
		const page = await (await fetch(`${server.url}/dot/thaibinh-186?dia-gioi=${NEW}&luc=${encodeURIComponent('2024-12-10T12:00')}`)).text();
		expect(page).toContain('Xem theo:');
		expect(page).toContain('Địa giới trước 1/7/2025');
		expect(page).toContain('Địa giới hiện nay');
		const groups = await rows(`hierarchy=${NEW}&level=group&at=${encodeURIComponent(MID)}`);
		const marked = page.split('<tr').filter((tr) => tr.includes('class="estimate'));
		expect(marked.length).toBe(groups.filter((g) => g.estimate).length);
		for (const g of groups)
			expect(
				marked.some((tr) => tr.includes(`>${g.unit.name}<`)),
				g.unit.name
			).toBe(!!g.estimate);
		if (marked.length) expect(page).toContain('* Ước tính:');
		// The province on its own list by default: districts, no marks.
		const own = await (await fetch(`${server.url}/dot/thaibinh-186`)).text();
		expect(own).toContain('1.238.077');
		expect(own).not.toContain('class="estimate');

		const sheet = await workbookRows(`/dot/thaibinh-186/bang.xlsx?bang=don-vi&dia-gioi=${NEW}&luc=${encodeURIComponent('2024-12-10T12:00')}`);
		const header = sheet.findIndex((r) => r[0] === 'Hạng');
		const mark = sheet[header].indexOf('Ước tính');
		const body = sheet.slice(header + 1).filter((r) => /^\d+$/.test(r[0]));
		expect(body.length).toBe(groups.length);
		if (groups.some((g) => g.estimate)) {
			expect(mark).toBeGreaterThan(0);
			expect(new Set(body.filter((r) => r[mark] === ESTIMATE_MARK).map((r) => r[1]))).toEqual(new Set(groups.filter((g) => g.estimate).map((g) => g.unit.code)));
			expect(sheet.at(-1)![0]).toContain('* Ước tính:');
		} else expect(mark).toBe(-1);
		expect(sheet.some((r) => r[0].includes('danh mục ngày 25/07/2026'))).toBe(true);
	});

	it('ranks the new communes on the leaderboard and its file, marked exactly where estimated', async () => {
		const browser = browserOf(server.url);
		const cookie = await browser.login('quantri', PASSWORD);
		const page = await browser.get(`/dot/thaibinh-186/xep-hang?cap=commune&dia-gioi=${NEW}`, cookie);
		expect(page.status).toBe(200);
		expect(page.text).toContain('Địa giới hiện nay');
		const items = page.text.split('<li').slice(1);
		expect(items.filter((li) => li.includes('class="estimate')).length).toBe(expected.estimatedCommunes.size);

		const sheet = await workbookRows(`/dot/thaibinh-186/xep-hang/xep-hang.xlsx?cap=commune&dia-gioi=${NEW}`, cookie);
		const header = sheet.findIndex((r) => r[0] === 'Hạng');
		const [code, mark] = [sheet[header].indexOf('Mã'), sheet[header].indexOf('Ước tính')];
		const body = sheet.slice(header + 1).filter((r) => /^\d+$/.test(r[0]));
		expect(body.length).toBe(expected.wholeOnly.size + expected.estimatedCommunes.size);
		expect(new Set(body.filter((r) => r[mark] === ESTIMATE_MARK).map((r) => r[code]))).toEqual(expected.estimatedCommunes);
		expect(sheet.at(-1)![0]).toContain('* Ước tính:');

		// The same ranking through the API.
		const res = await api(`/api/v1/campaigns/thaibinh-186/leaderboard?level=commune&hierarchy=${NEW}`, 'quantri');
		expect(res.status).toBe(200);
		const board = res.body as { hierarchy: string; rows: { unit: { code: string }; estimate: boolean }[] };
		expect(board.hierarchy).toBe(NEW);
		expect(board.rows.length).toBe(body.length);
		expect(new Set(board.rows.filter((r) => r.estimate).map((r) => r.unit.code))).toEqual(expected.estimatedCommunes);
	});
});

describe('carrying Kế hoạch 186’s backlog over to a Hưng Yên campaign', () => {
	it('previews and creates targets whose totals per record type are the old remaining at the instant, audited', async () => {
		const own = new Map<string, Row>();
		for (const type of ['khai_sinh', 'ket_hon', 'khai_tu']) own.set(type, (await rows(`recordType=${type}&at=${encodeURIComponent(MID)}`))[0]);
		expect([...own.values()].every((r) => r.remaining > 0)).toBe(true);

		const browser = browserOf(server.url);
		const cookie = await browser.login('quantri.hungyen', PASSWORD);
		const preview = await browser.get(`/quan-tri/dot-moi?tu=thaibinh-186&luc=${encodeURIComponent('2024-12-10T12:00')}`, cookie);
		expect(preview.status).toBe(200);
		const totals = preview.text.slice(preview.text.indexOf('data-testid="carry-totals"'), preview.text.indexOf('</table>', preview.text.indexOf('data-testid="carry-totals"')));
		for (const r of own.values()) expect(totals.split(new Intl.NumberFormat('vi-VN').format(r.remaining)).length - 1).toBe(2);

		const created = await api('/api/v1/campaigns', 'quantri.hungyen', {
			method: 'POST',
			body: {
				code: 'hungyen-chuyen-186',
				name: 'Số hóa phần còn lại của Kế hoạch 186',
				provinceCode: '33',
				hierarchy: NEW,
				start: '2026-11-21',
				deadline: '2026-12-20',
				carryOver: { from: 'thaibinh-186', at: MID }
			}
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		for (const [type, r] of own) {
			const res = await api(`/api/v1/campaigns/hungyen-chuyen-186/progress?recordType=${type}`, 'quantri.hungyen');
			expect(res.body.rows[0], type).toMatchObject({ target: r.remaining, credited: 0 });
		}
		const audit = await d.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'carry_over_targets').execute();
		expect(audit).toHaveLength(1);
		expect(JSON.parse(audit[0].after!)).toMatchObject({ from: 'thaibinh-186', elsewhere: 0 });
	});

	it('refuses a campaign the admin does not read, and writes nothing', async () => {
		const res = await api('/api/v1/campaigns', 'quantri.hungyen', {
			method: 'POST',
			body: { code: 'hungyen-khong-co', name: 'X', provinceCode: '33', hierarchy: NEW, start: '2026-11-21', deadline: '2026-12-20', carryOver: { from: 'khong-co-dot-nay' } }
		});
		expect(res.status).toBe(404);
		expect(await d.db.selectFrom('campaigns').select('id').where('code', '=', 'hungyen-khong-co').executeTakeFirst()).toBeUndefined();
	});
});
