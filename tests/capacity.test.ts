/**
 * Capacity (issue 27) on a real SQLite database and the production server: a district head
 * uploads machines and shifts from a file (all or nothing); the plan at two instants, one
 * before and one after the upload, comes through GET /capacity equal to a computation made
 * here from the raw report log; the district's scheduled mail over real SMTP carries it.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/lib/domain/access';
import { ForbiddenError, ValidationError } from '../src/lib/domain/errors';
import { createApiToken } from '../src/lib/server/auth/session';
import { insertUser } from '../src/lib/server/auth/users';
import { capacityTemplate, importCapacityFile, planWorkbook, setCapacitiesJson } from '../src/lib/server/capacity/service';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import type { Campaign } from '$lib/domain/campaign';
import { queueDeliveries, sendDueDeliveries, smtpTransport } from '../src/lib/server/delivery/service';
import { appendReports } from '../src/lib/server/counts/repository';
import { takeSnapshot } from '../src/lib/server/snapshots/service';
import { createTestDb, type TestDb } from './helpers/db';
import { seedCampaign } from './helpers/factories';
import { startServer } from './helpers/processes';
import { freePort, parseMail, startSmtp } from './helpers/smtp';
import { actorOf, bytesOf } from './helpers/uploads';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OFFSET = 7 * HOUR; // Asia/Ho_Chi_Minh has no summer time
const localDate = (ms: number) => new Date(ms + OFFSET).toISOString().slice(0, 10);
const TARGETS: Record<string, number> = { khai_sinh: 100, ket_hon: 50 }; // per commune, as the factory sets them
const VU_THU = ['13192', '13195'];
const ALL = [...VU_THU, '13078'];

let t: TestDb;
let server: Awaited<ReturnType<typeof startServer>>;
let campaign: Campaign;
let head: Actor;
let token: string;
const ids = new Map<string, number>();
const now = Date.now();
const start = localDate(now - 6 * DAY);
const deadline = localDate(now + 3 * DAY);
/** The raw log as written: commune code, record type, asOf (ms), cumulative. */
const log: { commune: string; type: string; asOf: number; value: number }[] = [
	{ commune: '13192', type: 'khai_sinh', asOf: now - 5 * DAY, value: 10 },
	{ commune: '13192', type: 'khai_sinh', asOf: now - 2 * DAY, value: 40 },
	{ commune: '13192', type: 'khai_sinh', asOf: now - 3 * HOUR, value: 70 },
	{ commune: '13192', type: 'ket_hon', asOf: now - 4 * DAY, value: 5 },
	{ commune: '13192', type: 'ket_hon', asOf: now - 30 * 60_000, value: 12 },
	{ commune: '13195', type: 'khai_sinh', asOf: now - 4 * DAY, value: 20 },
	{ commune: '13195', type: 'khai_sinh', asOf: now - DAY, value: 30 }
	// 13078 (Kiến Xương) never reports: it has no rate.
];

// ——— The computation of DESIGN §4, written here from the raw log ———

function creditedAt(commune: string, at: number): number {
	let sum = 0;
	for (const [type, target] of Object.entries(TARGETS)) {
		const inForce = log
			.filter((r) => r.commune === commune && r.type === type && r.asOf <= at)
			.sort((a, b) => a.asOf - b.asOf)
			.at(-1);
		sum += Math.min(inForce?.value ?? 0, target);
	}
	return sum;
}

function expected(at: number, capacityOf: (commune: string) => { m: number; s: number }) {
	const startMs = Date.parse(`${start}T00:00:00+07:00`);
	const w = Math.max(DAY, Math.min(7 * DAY, at - startMs));
	const hour = new Date(at + OFFSET).getUTCHours();
	const from = Date.parse(localDate(at)) + (hour >= 22 ? DAY : 0);
	const daysLeft = Math.max(0, (Date.parse(deadline) - from) / DAY + 1);
	const communes = ALL.map((code) => {
		const target = 150;
		const remaining = target - creditedAt(code, at);
		const pace = ((creditedAt(code, at) - creditedAt(code, at - w)) * DAY) / w;
		const quota = remaining === 0 ? 0 : daysLeft === 0 ? null : Math.ceil(remaining / daysLeft);
		const { m, s } = capacityOf(code);
		const rate = m * s > 0 && pace > 0 ? pace / (m * s) : null;
		const needed = quota === null ? null : quota === 0 ? 0 : rate === null ? null : Math.ceil(quota / rate - 1e-9);
		const verdict = quota === null ? null : needed === null ? 'unknown' : needed <= m * s ? 'enough' : 'short';
		const extraMachines = verdict === 'short' ? Math.ceil(needed! / s) - m : verdict === 'enough' ? 0 : null;
		return { code, machines: m, shiftsPerDay: s, rate, needed, verdict, extraMachines };
	});
	const vuThu = communes.filter((c) => VU_THU.includes(c.code));
	const district = {
		machineShifts: vuThu.reduce((n, c) => n + c.machines * c.shiftsPerDay, 0),
		needed: vuThu.reduce((n, c) => n + (c.needed ?? 0), 0),
		extraMachines: vuThu.reduce((n, c) => n + (c.extraMachines ?? 0), 0),
		short: vuThu.filter((c) => c.verdict === 'short').length,
		unknown: vuThu.filter((c) => c.verdict === 'unknown').length
	};
	return { communes, district: { ...district, verdict: district.unknown ? 'unknown' : district.short ? 'short' : 'enough' } };
}

async function planThroughApi(level: string, at: number) {
	const res = await fetch(
		`${server.url}/api/v1/campaigns/test/capacity?level=${level}&parent=${level === 'commune' ? '344' : '34'}&at=${encodeURIComponent(new Date(at).toISOString())}`,
		{
			headers: { authorization: `Bearer ${token}` }
		}
	);
	expect(res.status).toBe(200);
	return (await res.json()).rows as Record<string, unknown>[];
}

function capacityFile(rows: (string | number)[][]): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Năng lực');
	sheet.addRow(['NĂNG LỰC SỐ HÓA']);
	sheet.addRow([]);
	sheet.addRow(['STT', 'Mã xã', 'Tên xã', 'Số máy', 'Số ca/ngày']);
	rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
	return bytesOf(book);
}

beforeAll(async () => {
	t = await createTestDb();
	const seeded = await seedCampaign(t.db, { start, deadline });
	for (const c of seeded.communes) ids.set(c.code, c.id);
	const vuThu = (await t.db.selectFrom('units').select('id').where('code', '=', '344').where('hierarchy_id', '=', seeded.hierarchyId).executeTakeFirstOrThrow()).id;
	await insertUser(t.db, {
		username: 'tp.vuthu',
		display_name: 'TP Vũ Thư',
		role: 'district',
		unit_id: vuThu,
		email: 'vuthu@example.test',
		password_hash: 'x',
		created_at: new Date(now - 7 * DAY).toISOString()
	});
	await t.db.transaction().execute((tx) =>
		appendReports(
			tx,
			log.map((r) => ({
				campaign_id: seeded.campaignId,
				commune_id: ids.get(r.commune)!,
				record_type: r.type,
				stage: 'nhap_lieu',
				as_of: new Date(r.asOf).toISOString(),
				cumulative: r.value,
				received_at: new Date(r.asOf).toISOString(),
				source: 'api'
			}))
		)
	);
	campaign = (await findCampaignByCode(t.db, 'test'))!;
	head = await actorOf(t.db, 'tp.vuthu');
	token = (await createApiToken(t.db, 'tp.vuthu', { name: 'API', actor: 'test' }))!;
	server = await startServer({ DATABASE_PATH: t.path, CACHE: 'off' });
});

afterAll(async () => {
	await server?.stop();
	await t?.close();
});

describe('capacity from a file, the plan through the API, and the mail', () => {
	const revisions = async () =>
		Number(
			(
				await t.db
					.selectFrom('capacity_revisions')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	let uploadedAt = 0;

	it('refuses a file with a bad value, naming its row and column, and writes nothing', async () => {
		const bytes = await capacityFile([
			['13192', 'Thị trấn Vũ Thư', 1, 2],
			['13195', 'Xã Hồng Lý', -1, 5]
		]);
		const refused = await importCapacityFile(t.db, head, campaign, { name: 'nang-luc.xlsx', bytes }).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		expect((refused as ValidationError).problems).toEqual([
			expect.objectContaining({ row: 5, column: 'D', message: 'Số máy: không được âm.' }),
			expect.objectContaining({ row: 5, column: 'E', message: 'Số ca/ngày: số ca mỗi ngày phải là số nguyên từ 1 đến 4.' })
		]);
		// A commune of another district is not the head's to set.
		const foreign = await importCapacityFile(t.db, head, campaign, { name: 'nang-luc.xlsx', bytes: await capacityFile([['13078', 'Thị trấn Kiến Xương', 4, 3]]) }).catch(
			(e: unknown) => e
		);
		expect((foreign as Error).message).toContain('không được đặt năng lực của Thị trấn Kiến Xương (13078)');
		const api = await setCapacitiesJson(t.db, head, campaign, [{ commune: '13078', machines: 4, shiftsPerDay: 3 }], 'api').catch((e: unknown) => e);
		expect(api).toBeInstanceOf(ForbiddenError);
		expect(await revisions()).toBe(0);
	});

	it('takes the head’s file, audited, only the values that change', async () => {
		const bytes = await capacityFile([
			['13192', 'Thị trấn Vũ Thư', 1, 2],
			['13195', 'Xã Hồng Lý', 3, 1]
		]);
		expect(await importCapacityFile(t.db, head, campaign, { name: 'nang-luc.xlsx', bytes })).toEqual({ changed: 2, rows: 2 });
		uploadedAt = Date.now();
		expect(await importCapacityFile(t.db, head, campaign, { name: 'nang-luc.xlsx', bytes })).toEqual({ changed: 0, rows: 2 });
		expect(await revisions()).toBe(2);
		const audit = await t.db.selectFrom('audit_log').select(['actor', 'action', 'source', 'before', 'after']).where('action', '=', 'set_capacity').orderBy('id').execute();
		expect(audit.map((a) => [a.actor, a.source, JSON.parse(a.before!), JSON.parse(a.after!)])).toEqual([
			['tp.vuthu', 'excel', { machines: 2, shiftsPerDay: 3 }, { machines: 1, shiftsPerDay: 2 }],
			['tp.vuthu', 'excel', { machines: 2, shiftsPerDay: 3 }, { machines: 3, shiftsPerDay: 1 }]
		]);
	});

	it('gives at two instants the plan computed from the raw log, at the capacity then in force', async () => {
		const before = uploadedAt - HOUR; // the defaults, 2 machines × 3 shifts
		const after = uploadedAt + 1_000; // the file's
		const file: Record<string, { m: number; s: number }> = { '13192': { m: 1, s: 2 }, '13195': { m: 3, s: 1 } };
		for (const [at, capacityOf] of [
			[before, () => ({ m: 2, s: 3 })],
			[after, (code: string) => file[code] ?? { m: 2, s: 3 }]
		] as const) {
			const want = expected(at, capacityOf);
			const communes = await planThroughApi('commune', at);
			expect(communes.map((r) => (r.unit as { code: string }).code).sort()).toEqual([...VU_THU].sort());
			for (const row of communes) {
				const c = want.communes.find((x) => x.code === (row.unit as { code: string }).code)!;
				expect(row).toMatchObject({ machines: c.machines, shiftsPerDay: c.shiftsPerDay, neededMachineShifts: c.needed, extraMachines: c.extraMachines, verdict: c.verdict });
				if (c.rate === null) expect(row.ratePerMachineShift).toBeNull();
				else expect(row.ratePerMachineShift as number).toBeCloseTo(c.rate, 2);
			}
			const [district] = (await planThroughApi('district', at)).filter((r) => (r.unit as { code: string }).code === '344');
			expect(district).toMatchObject({
				machineShifts: want.district.machineShifts,
				neededMachineShifts: want.district.needed,
				extraMachines: want.district.extraMachines,
				verdict: want.district.verdict,
				shortCommunes: want.district.short,
				unknownCommunes: want.district.unknown
			});
		}
		// The file left the district short: the plan says so, and by how many machines.
		const want = expected(after, (code) => file[code] ?? { m: 2, s: 3 });
		expect(want.district).toMatchObject({ verdict: 'short' });

		// The same plan as a workbook: a row per commune, the district's total last.
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(Buffer.from((await planWorkbook(t.db, head, campaign, '344', new Date(after))).bytes) as unknown as ArrayBuffer);
		const rows = (book.worksheets[0].getSheetValues().filter((r) => Array.isArray(r)) as unknown[][]).map((r) => r.slice(1));
		const header = rows.findIndex((r) => r[0] === 'Mã');
		const extra = rows[header].indexOf('Thiếu máy');
		for (const c of want.communes.filter((x) => VU_THU.includes(x.code))) expect(rows.find((r) => r[0] === c.code)![extra] ?? null).toBe(c.extraMachines);
		expect(rows.at(-1)![1]).toBe('Cộng Huyện Vũ Thư');
		expect(rows.at(-1)![extra]).toBe(want.district.extraMachines);
		// The head's template holds their communes with the values now in force.
		const template = new ExcelJS.Workbook();
		await template.xlsx.load(Buffer.from((await capacityTemplate(t.db, head, campaign)).bytes) as unknown as ArrayBuffer);
		const filled = (template.worksheets[0].getSheetValues().filter((r) => Array.isArray(r)) as unknown[][]).slice(3).map((r) => r.slice(2));
		expect(filled).toEqual([
			['13192', 'Thị trấn Vũ Thư', 1, 2],
			['13195', 'Xã Hồng Lý', 3, 1]
		]);
	});

	it('mails the district head the plan in the scheduled report, over real SMTP', async () => {
		const slot = Date.now();
		const snapshot = (await takeSnapshot(t.db, campaign, { slot: new Date(slot), kind: 'scheduled' }))!;
		const port = await freePort();
		const smtp = await startSmtp(port);
		try {
			expect(await queueDeliveries(t.db, campaign, snapshot)).toBe(1);
			expect(await sendDueDeliveries(t.db, smtpTransport(`smtp://127.0.0.1:${port}`))).toEqual({ sent: 1, failed: 0 });
		} finally {
			await smtp.stop();
		}
		const mail = parseMail(smtp.received[0].raw);
		const want = expected(slot, (code) => ({ '13192': { m: 1, s: 2 }, '13195': { m: 3, s: 1 } })[code] ?? { m: 2, s: 3 }).district;
		expect(mail.text.replace(/\r\n/g, '\n')).toContain(`- Năng lực: thiếu ${want.extraMachines} máy ở ${want.short} xã.`);
	});
});
