import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/access';
import { insertUser } from '../../src/lib/server/auth/users';
import { findCampaignByCode } from '../../src/lib/server/campaigns/repository';
import { snapshotTimeHistory, updateCampaignSettings } from '../../src/lib/server/campaigns/service';
import type { Database } from '../../src/lib/server/db';
import { queueDeliveries, sendDueDeliveries, smtpTransport } from '../../src/lib/server/delivery/service';
import { startAppJobs } from '../../src/lib/server/jobs/app-jobs';
import { appendReports } from '../../src/lib/server/counts/repository';
import { claimSlot, listSnapshots, snapshotRows } from '../../src/lib/server/snapshots/repository';
import { ownerName, runDueSlots, takeAdhocSnapshot, takeSnapshot } from '../../src/lib/server/snapshots/service';
import { snapshotData } from '../../src/lib/server/snapshots/view';
import { buildDistrictReport, buildProvinceReport } from '../../src/reports/snapshot-report';
import { summaryText } from '../../src/lib/domain/summary-text';
import { createTestDb, type TestDb } from '../helpers/db';
import { seedCampaign } from '../helpers/factories';
import { run } from '../helpers/processes';
import { freePort, parseMail, startSmtp } from '../helpers/smtp';

let t: TestDb;
afterEach(() => t?.close());

// Factory campaign: 01/12 → 21/12/2024 (Asia/Ho_Chi_Minh), created 30/11; communes 13192 and
// 13195 in district 344 (Vũ Thư), 13078 in 343; targets khai_sinh 100 and ket_hon 50 each.
const SIX_AM_10_12 = '2024-12-09T23:00:00.000Z';

async function report(db: Database, campaignId: number, communeId: number, asOf: string, value: number, receivedAt = asOf) {
	await db
		.transaction()
		.execute((tx) =>
			appendReports(tx, [
				{ campaign_id: campaignId, commune_id: communeId, record_type: 'khai_sinh', stage: 'nhap_lieu', as_of: asOf, cumulative: value, received_at: receivedAt, source: 'api' }
			])
		);
}

async function seed() {
	t = await createTestDb();
	const seeded = await seedCampaign(t.db);
	const campaign = (await findCampaignByCode(t.db, 'test'))!;
	return { ...seeded, campaign };
}

const communeRow = async (db: Database, snapshotId: number, communeId: number) =>
	(await snapshotRows(db, snapshotId, { levels: ['commune'], recordType: 'khai_sinh' })).find((r) => r.unit_id === communeId)!;

describe('scheduled snapshots', () => {
	it('after an outage from 05:59 to 06:02 take exactly one 06:00 snapshot, late, with the figures as of 06:00', async () => {
		const { campaign, campaignId, communes } = await seed();
		await report(t.db, campaignId, communes[0].id, '2024-12-09T22:00:00.000Z', 40); // 05:00
		await runDueSlots(t.db, 'instance-a', new Date('2024-12-09T22:59:00.000Z')); // up at 05:59
		expect((await listSnapshots(t.db, campaignId)).some((s) => s.slot_at === SIX_AM_10_12)).toBe(false);

		// While the server is down: a report after the slot, and one entered late for 05:30.
		await report(t.db, campaignId, communes[0].id, '2024-12-09T23:01:00.000Z', 60);
		await report(t.db, campaignId, communes[1].id, '2024-12-09T22:30:00.000Z', 45, '2024-12-09T23:01:30.000Z');

		const restarted = await runDueSlots(t.db, 'instance-b', new Date('2024-12-09T23:02:00.000Z'));
		expect(restarted.map((r) => [r.snapshot.slot_at, r.snapshot.kind, r.newest])).toEqual([[SIX_AM_10_12, 'late', true]]);
		expect(await runDueSlots(t.db, 'instance-b', new Date('2024-12-09T23:03:00.000Z'))).toEqual([]);
		const six = restarted[0].snapshot;
		expect((await communeRow(t.db, six.id, communes[0].id)).done).toBe(40);
		expect((await communeRow(t.db, six.id, communes[1].id)).done).toBe(0);
		// Taken again later, the same slot gives the same figures.
		const again = (await takeSnapshot(t.db, campaign, { slot: new Date(SIX_AM_10_12), kind: 'adhoc' }))!;
		expect((await communeRow(t.db, again.id, communes[1].id)).done).toBe(45); // ad hoc: asOf ≤ t alone
		const [province] = await snapshotRows(t.db, six.id, { levels: ['province'], recordType: '' });
		expect([province.credited, province.target]).toEqual([40, 450]);
	});

	it('takes each slot of the window once, from the campaign start, marking on-time ones as scheduled', async () => {
		const { campaignId } = await seed();
		const taken = await runDueSlots(t.db, 'a', new Date('2024-12-01T04:30:30.000Z')); // 11:30:30 on 01/12
		expect(taken.map((s) => [s.snapshot.slot_at, s.snapshot.kind])).toEqual([
			['2024-11-30T23:00:00.000Z', 'late'],
			['2024-12-01T04:30:00.000Z', 'scheduled']
		]);
		const after = await runDueSlots(t.db, 'a', new Date('2024-12-30T00:00:00.000Z'));
		expect(after).toHaveLength(21 * 3 - 2);
		expect(after.at(-1)!.snapshot.slot_at).toBe('2024-12-21T16:00:00.000Z');
		expect(new Set((await listSnapshots(t.db, campaignId)).map((s) => s.slot_at)).size).toBe(63);
	});

	it('two schedulers (two processes, named by host and pid) on one database take one snapshot per slot', async () => {
		const { campaignId } = await seed();
		const instance = () => run(process.execPath, ['--import', 'tsx', 'tests/helpers/scheduler-instance.ts', t.path, '-', '2024-12-03T05:00:00.000Z']);
		const [a, b] = await Promise.all([instance(), instance()]);
		expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);
		const took = [...a.stdout.split('\n'), ...b.stdout.split('\n')].filter(Boolean);
		const slots = (await listSnapshots(t.db, campaignId)).map((s) => s.slot_at);
		expect(slots).toHaveLength(8); // 01/12 ×3, 02/12 ×3, 03/12 06:00 and 11:30
		expect(new Set(slots).size).toBe(8);
		expect(took.sort()).toEqual([...slots].sort());
	});

	it('leaves a leased slot to its owner until the lease runs out', async () => {
		const { campaignId } = await seed();
		const at = new Date('2024-12-02T04:30:00.000Z');
		const claim = (owner: string, minutes: number) =>
			t.db.transaction().execute((tx) => claimSlot(tx, campaignId, at.toISOString(), owner, new Date(at.getTime() + minutes * 60_000), 5 * 60_000));
		expect(await claim('a', 0)).toBe(true);
		expect(await claim('b', 1)).toBe(false);
		expect(await claim('b', 6)).toBe(true); // a crashed: b takes over
	});

	it('retakes a slot at once when its owner on this host is dead, and waits for a live owner or one on another host', async () => {
		const { campaignId } = await seed();
		const first = new Date('2024-11-30T23:00:00.000Z'); // 06:00 on 01/12, the campaign's first slot
		const after = (slot: Date, seconds: number) => new Date(slot.getTime() + seconds * 1000);
		const holder = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/lease-holder.ts', t.path, String(campaignId), first.toISOString(), after(first, 5).toISOString()], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const exited = once(holder, 'exit');
		try {
			const [line] = (await once(holder.stdout, 'data')) as [Buffer];
			expect(line.toString().trim()).toMatch(new RegExp(`^${hostname()}:${holder.pid}:`));
			expect(await runDueSlots(t.db, ownerName(), after(first, 30))).toEqual([]); // its owner runs: the lease holds
		} finally {
			holder.kill('SIGKILL'); // the owner crashes mid-slot
		}
		await exited;
		const retaken = await runDueSlots(t.db, ownerName(), after(first, 40));
		expect(retaken.map((r) => [r.snapshot.slot_at, r.snapshot.kind])).toEqual([[first.toISOString(), 'scheduled']]);

		// The same dead pid named on another host: this instance cannot tell, so it waits for the lease.
		const noon = new Date('2024-12-01T04:30:00.000Z');
		const remote = `elsewhere.example:${holder.pid}:0badf00d`;
		expect(await t.db.transaction().execute((tx) => claimSlot(tx, campaignId, noon.toISOString(), remote, after(noon, 5), 5 * 60_000))).toBe(true);
		expect(await runDueSlots(t.db, ownerName(), after(noon, 30))).toEqual([]);
		const expired = await runDueSlots(t.db, ownerName(), after(noon, 5 * 60 + 6));
		expect(expired.map((r) => [r.snapshot.slot_at, r.snapshot.kind])).toEqual([[noon.toISOString(), 'late']]);
	});

	it('refuses UPDATE and DELETE on a stored snapshot and its rows', async () => {
		const { campaign } = await seed();
		const s = (await takeSnapshot(t.db, campaign, { slot: new Date(SIX_AM_10_12), kind: 'scheduled' }))!;
		await expect(sql`update snapshot_rows set credited = 1 where snapshot_id = ${s.id}`.execute(t.db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from snapshot_rows where snapshot_id = ${s.id}`.execute(t.db)).rejects.toThrow(/append-only/);
		await expect(sql`update snapshots set kind = ${'adhoc'} where id = ${s.id}`.execute(t.db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from snapshots where id = ${s.id}`.execute(t.db)).rejects.toThrow(/append-only/);
	});

	it('holds the change since the previous snapshot and flags communes with no report since', async () => {
		const { campaign, campaignId, communes } = await seed();
		await report(t.db, campaignId, communes[0].id, '2024-12-09T20:00:00.000Z', 30);
		await report(t.db, campaignId, communes[1].id, '2024-12-09T20:00:00.000Z', 10);
		await takeSnapshot(t.db, campaign, { slot: new Date(SIX_AM_10_12), kind: 'scheduled' });
		await report(t.db, campaignId, communes[0].id, '2024-12-10T02:00:00.000Z', 55);
		const noon = (await takeSnapshot(t.db, campaign, { slot: new Date('2024-12-10T04:30:00.000Z'), kind: 'scheduled' }))!;
		const first = await communeRow(t.db, noon.id, communes[0].id);
		const second = await communeRow(t.db, noon.id, communes[1].id);
		expect([first.credited_change, first.no_report_since_previous]).toEqual([25, 0]);
		expect([second.credited_change, second.no_report_since_previous]).toEqual([0, 1]);
		expect(second.rank_change).toBe(0);
	});

	it('takes an ad-hoc snapshot for an admin, audited, and refuses one in the future', async () => {
		const { campaign, province } = await seed();
		const admin: Actor = { userId: 1, username: 'quantri', displayName: 'Quản trị', role: 'admin', unitId: province.id, provinceId: province.id };
		await insertUser(t.db, {
			username: 'quantri',
			display_name: 'Quản trị',
			password_hash: 'x',
			role: 'admin',
			unit_id: province.id,
			email: null,
			created_at: '2024-11-30T00:00:00.000Z'
		});
		const s = await takeAdhocSnapshot(t.db, admin, campaign, new Date('2024-12-05T05:00:00.000Z'), 'web');
		expect([s.kind, s.taken_by]).toEqual(['adhoc', 1]);
		const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'take_snapshot').execute();
		expect(audit.map((a) => [a.actor, a.entity_id, a.source])).toEqual([['quantri', String(s.id), 'web']]);
		await expect(takeAdhocSnapshot(t.db, admin, campaign, new Date(Date.now() + 3_600_000), 'web')).rejects.toThrow(/tương lai/);
		await expect(takeAdhocSnapshot(t.db, { ...admin, role: 'leader' }, campaign, null, 'web')).rejects.toThrow(/quản trị/);
	});
});

describe('the history of snapshot times (issue 21, item 8)', () => {
	async function admin(provinceId: number): Promise<Actor> {
		const userId = await insertUser(t.db, {
			username: 'quantri',
			display_name: 'Quản trị',
			password_hash: 'x',
			role: 'admin',
			unit_id: provinceId,
			email: null,
			created_at: '2024-11-30T00:00:00.000Z'
		});
		return { userId, username: 'quantri', displayName: 'Quản trị', role: 'admin', unitId: provinceId, provinceId };
	}
	const localTime = (slotAt: string) => new Date(slotAt).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false });

	it("a time added to a running campaign schedules no slot before the change, and the next day's on time", async () => {
		const { campaign, campaignId, province } = await seed();
		const upTo10 = await runDueSlots(t.db, 'a', new Date('2024-12-10T03:00:00.000Z')); // 10:00 on 10/12
		expect(upTo10).toHaveLength(9 * 3 + 1); // 01/12–09/12, and 06:00 on 10/12
		await updateCampaignSettings(t.db, await admin(province.id), campaign, { snapshotTimes: ['06:00', '09:24', '11:30', '23:00'] }, 'web', new Date('2024-12-10T03:00:00.000Z'));

		const changed = (await findCampaignByCode(t.db, 'test'))!;
		const caughtUp = await runDueSlots(t.db, 'a', new Date('2024-12-10T03:01:00.000Z'));
		expect(caughtUp).toEqual([]); // no 09:24 of 01/12–10/12 is invented
		const nextDay = await runDueSlots(t.db, 'a', new Date('2024-12-11T02:24:20.000Z')); // 09:24:20 on 11/12
		expect(nextDay.map((r) => [r.snapshot.slot_at, r.snapshot.kind])).toEqual([
			['2024-12-10T04:30:00.000Z', 'late'],
			['2024-12-10T16:00:00.000Z', 'late'],
			['2024-12-10T23:00:00.000Z', 'late'],
			['2024-12-11T02:24:00.000Z', 'scheduled']
		]);
		const at924 = (await listSnapshots(t.db, campaignId)).filter((s) => localTime(s.slot_at) === '09:24');
		expect(at924.map((s) => s.slot_at)).toEqual(['2024-12-11T02:24:00.000Z']);
		expect((await snapshotTimeHistory(t.db, changed)).map((p) => [p.from.toISOString(), p.times])).toEqual([
			['2024-11-30T01:00:00.000Z', ['06:00', '11:30', '23:00']],
			['2024-12-10T03:00:00.000Z', ['06:00', '09:24', '11:30', '23:00']]
		]);
	});

	it('a time removed mid-campaign still has its earlier missed slots caught up, and the change is audited', async () => {
		const { campaign, campaignId, province } = await seed();
		const quantri = await admin(province.id);
		await runDueSlots(t.db, 'a', new Date('2024-12-05T00:00:00.000Z')); // up to 07:00 on 05/12, then down
		await updateCampaignSettings(t.db, quantri, campaign, { snapshotTimes: ['06:00', '23:00'] }, 'web', new Date('2024-12-06T03:00:00.000Z')); // 10:00 on 06/12
		// Reordering the same times changes no schedule: no new history entry.
		await updateCampaignSettings(t.db, quantri, (await findCampaignByCode(t.db, 'test'))!, { snapshotTimes: ['23:00', '06:00'] }, 'web', new Date('2024-12-06T03:30:00.000Z'));

		const restarted = await runDueSlots(t.db, 'b', new Date('2024-12-07T00:00:00.000Z')); // 07:00 on 07/12
		expect(restarted.map((r) => r.snapshot.slot_at)).toEqual([
			'2024-12-05T04:30:00.000Z', // 11:30 on 05/12: scheduled before the removal, missed
			'2024-12-05T16:00:00.000Z',
			'2024-12-05T23:00:00.000Z',
			'2024-12-06T16:00:00.000Z', // no 11:30 on 06/12: removed at 10:00
			'2024-12-06T23:00:00.000Z'
		]);
		expect(restarted.every((r) => r.snapshot.kind === 'late')).toBe(true);

		const history = await t.db.selectFrom('campaign_snapshot_times').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
		expect(history.map((h) => [h.times, h.effective_from, h.set_by])).toEqual([
			['["06:00","11:30","23:00"]', '2024-11-30T01:00:00.000Z', null],
			['["06:00","23:00"]', '2024-12-06T03:00:00.000Z', quantri.userId]
		]);
		const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'set_snapshot_times').execute();
		expect(audit.map((a) => [a.actor, a.entity, a.entity_id, a.campaign_id, a.source, JSON.parse(a.before!), JSON.parse(a.after!), a.at])).toEqual([
			[
				'quantri',
				'campaign_snapshot_times',
				String(history[1].id),
				campaignId,
				'web',
				['06:00', '11:30', '23:00'],
				{ times: ['06:00', '23:00'], effectiveFrom: '2024-12-06T03:00:00.000Z' },
				'2024-12-06T03:00:00.000Z'
			]
		]);
	});
});

describe('the scheduler', () => {
	it('registers each snapshot time in the campaign zone and re-registers when an admin changes them', async () => {
		const { campaign, province } = await seed();
		await t.db.updateTable('campaigns').set({ created_at: new Date().toISOString() }).execute(); // nothing to catch up
		const jobs = startAppJobs(t.db, { transport: null, owner: 'a', log: () => {} });
		try {
			await jobs.sync();
			expect(
				jobs.scheduler
					.jobs()
					.map((j) => [j.name, j.cron])
					.sort()
			).toEqual([
				['snapshot:test:06:00', '0 6 * * *'],
				['snapshot:test:11:30', '30 11 * * *'],
				['snapshot:test:23:00', '0 23 * * *'],
				['tick', '* * * * *']
			]);
			const userId = await insertUser(t.db, {
				username: 'quantri',
				display_name: 'Quản trị',
				password_hash: 'x',
				role: 'admin',
				unit_id: province.id,
				email: null,
				created_at: '2024-11-30T00:00:00.000Z'
			});
			const admin: Actor = { userId, username: 'quantri', displayName: 'Quản trị', role: 'admin', unitId: province.id, provinceId: province.id };
			await updateCampaignSettings(t.db, admin, campaign, { snapshotTimes: ['07:15', '23:00'] }, 'web');
			await expect
				.poll(() =>
					jobs.scheduler
						.jobs()
						.map((j) => j.name)
						.sort()
				)
				.toEqual(['snapshot:test:07:15', 'snapshot:test:23:00', 'tick']);
			// The next 07:15 run is at 00:15 UTC, in the campaign's zone.
			const next = jobs.scheduler.jobs().find((j) => j.name === 'snapshot:test:07:15')!.nextRun!;
			expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 15]);
		} finally {
			await jobs.stop();
		}
		expect(jobs.scheduler.jobs()).toEqual([]);
	});
});

describe('snapshot reports', () => {
	it('province and district workbooks, read back, hold the header, the sheets and the figures', async () => {
		const { campaign, campaignId, communes } = await seed();
		const town = communes.find((c) => c.code === '13192')!;
		await report(t.db, campaignId, town.id, '2024-12-09T20:00:00.000Z', 130); // above target: credited 100
		const s = (await takeSnapshot(t.db, campaign, { slot: new Date(SIX_AM_10_12), kind: 'scheduled' }))!;
		const data = await snapshotData(t.db, campaign, s);

		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await buildProvinceReport(data).xlsx.writeBuffer());
		expect(book.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Huyện Kiến Xương', 'Huyện Vũ Thư', 'Khai sinh', 'Kết hôn']);
		const summary = book.getWorksheet('Tổng hợp')!;
		expect([summary.getCell('A1').value, summary.getCell('A2').value]).toEqual(['UBND TỈNH THÁI BÌNH', 'SỞ TƯ PHÁP']);
		const motto = summary.getRow(1).values as unknown[];
		expect(motto).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(summary.getRow(2).values as unknown[]).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(summary.getCell('A4').value).toBe('BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH');
		expect(summary.getCell('A6').value).toBe('Số liệu chốt lúc 06:00 ngày 10/12/2024');
		expect(summary.getRow(8).values).toEqual([
			undefined,
			'STT',
			'Mã',
			'Huyện, thị xã, thành phố',
			'Chỉ tiêu',
			'Đã số hóa',
			'Được tính',
			'Còn lại',
			'Tỷ lệ',
			'Hạn',
			'Số ngày còn lại',
			'Chỉ tiêu/ngày',
			'Tốc độ (hồ sơ/ngày)',
			'Dự kiến xong',
			'Trạng thái',
			'Về đích',
			'Hạng',
			'Tăng từ lần chốt trước'
		]);
		// Districts in rank order: 344 Vũ Thư (130 done, 100 credited of 300), 343 Kiến Xương (nothing yet).
		const vuThu = summary.getRow(9);
		expect([vuThu.getCell(2).value, vuThu.getCell(3).value, vuThu.getCell(4).value, vuThu.getCell(5).value, vuThu.getCell(6).value, vuThu.getCell(7).value]).toEqual([
			'344',
			'Huyện Vũ Thư',
			300,
			130,
			100,
			200
		]);
		expect(vuThu.getCell(8).value).toBeCloseTo(1 / 3);
		expect([vuThu.getCell(8).numFmt, vuThu.getCell(4).numFmt, vuThu.getCell(9).value, vuThu.getCell(10).value, vuThu.getCell(11).value, vuThu.getCell(16).value]).toEqual([
			'0.0%',
			'#,##0',
			new Date('2024-12-21T00:00:00.000Z'),
			12,
			17,
			1
		]);
		expect(vuThu.getCell(9).numFmt).toBe('dd/mm/yyyy'); // a real date
		const total = summary.getRow(11);
		expect([total.getCell(3).value, total.getCell(4).value, total.getCell(6).value]).toEqual(['Toàn tỉnh Thái Bình', 450, 100]);
		expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 8 });
		expect(summary.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '8:8' });
		const district = book.getWorksheet('Huyện Vũ Thư')!;
		expect([district.getCell('C9').value, district.getCell('D9').value, district.getCell('E9').value]).toEqual(['Thị trấn Vũ Thư', 150, 130]);
		for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));

		const own = new ExcelJS.Workbook();
		await own.xlsx.load(await buildDistrictReport(data, `u:${town.parent_id}`).xlsx.writeBuffer());
		expect(own.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Các xã', 'Khai sinh', 'Kết hôn']);
		const communeSheet = own.getWorksheet('Các xã')!;
		expect([8, 9, 10, 11].map((r) => communeSheet.getCell(r, 3).value)).toEqual(['Xã, phường, thị trấn', 'Thị trấn Vũ Thư', 'Xã Hồng Lý', 'Cộng Huyện Vũ Thư']);
		expect([communeSheet.getCell(11, 4).value, communeSheet.getCell(11, 6).value]).toEqual([300, 100]);
	});
});

describe('delivery', () => {
	async function people(provinceId: number, districts: { id: number }[]) {
		const base = { password_hash: 'x', created_at: '2024-11-30T00:00:00.000Z' };
		await insertUser(t.db, { ...base, username: 'lanhdao', display_name: 'Lãnh đạo', role: 'leader', unit_id: provinceId, email: 'lanhdao@example.test' });
		await insertUser(t.db, { ...base, username: 'kienxuong', display_name: 'TP Kiến Xương', role: 'district', unit_id: districts[0].id, email: 'kienxuong@example.test' });
		await insertUser(t.db, { ...base, username: 'vuthu', display_name: 'TP Vũ Thư', role: 'district', unit_id: districts[1].id, email: 'vuthu@example.test' });
		await insertUser(t.db, { ...base, username: 'khongnhan', display_name: 'Không nhận', role: 'district', unit_id: districts[1].id, email: 'khongnhan@example.test', notify: 0 });
		await insertUser(t.db, { ...base, username: 'canbo', display_name: 'Cán bộ', role: 'clerk', unit_id: districts[1].id, email: 'canbo@example.test' });
	}

	async function districtsOf(hierarchyId: number) {
		return t.db.selectFrom('units').select(['id', 'code', 'name']).where('hierarchy_id', '=', hierarchyId).where('level', '=', 'district').orderBy('code').execute();
	}

	it('mails each district head their district report and the leader the province report over real SMTP', async () => {
		const { campaign, campaignId, communes, province, hierarchyId } = await seed();
		const districts = await districtsOf(hierarchyId);
		await people(province.id, districts);
		await report(t.db, campaignId, communes.find((c) => c.code === '13192')!.id, '2024-12-09T20:00:00.000Z', 60);
		const port = await freePort();
		const smtp = await startSmtp(port);
		try {
			const s = (await takeSnapshot(t.db, campaign, { slot: new Date(SIX_AM_10_12), kind: 'scheduled' }))!;
			expect(await queueDeliveries(t.db, campaign, s)).toBe(3);
			expect(await sendDueDeliveries(t.db, smtpTransport(`smtp://127.0.0.1:${port}`))).toEqual({ sent: 3, failed: 0 });
		} finally {
			await smtp.stop();
		}
		const byRecipient = new Map(smtp.received.map((m) => [m.to[0], parseMail(m.raw)]));
		expect([...byRecipient.keys()].sort()).toEqual(['kienxuong@example.test', 'lanhdao@example.test', 'vuthu@example.test']);
		const vuThu = byRecipient.get('vuthu@example.test')!;
		expect(vuThu.subject).toBe('Tiến độ số hóa hộ tịch: Huyện Vũ Thư — 06:00 10/12/2024');
		// The body is the snapshot's chat text for the district, then the link.
		const data = await snapshotData(t.db, campaign, await t.db.selectFrom('snapshots').selectAll().executeTakeFirstOrThrow());
		expect(vuThu.text.replace(/\r\n/g, '\n').startsWith(summaryText(data, `u:${districts[1].id}`) + '\n')).toBe(true);
		expect(vuThu.text).toContain('- Đã số hóa: 60/300 hồ sơ (20,0%).');
		expect(vuThu.text).toContain('- Chỉ tiêu hôm nay: 20 hồ sơ/ngày');
		expect(vuThu.text).toContain('- Xếp hạng: 1/2 huyện');
		expect(vuThu.attachments.map((a) => a.filename)).toEqual(['bao-cao-test-344-2024-12-10-0600.xlsx']);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(vuThu.attachments[0].content as unknown as ArrayBuffer);
		expect(book.getWorksheet('Các xã')!.getCell('C9').value).toBe('Thị trấn Vũ Thư');
		const leader = byRecipient.get('lanhdao@example.test')!;
		expect(leader.subject).toContain('Tỉnh Thái Bình');
		// The director's mail: the one-page PDF, then the workbook.
		expect(leader.attachments.map((a) => a.filename)).toEqual(['bao-cao-test-2024-12-10-0600.pdf', 'bao-cao-test-2024-12-10-0600.xlsx']);
		expect(leader.attachments[0].content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const leaderBook = new ExcelJS.Workbook();
		await leaderBook.xlsx.load(leader.attachments[1].content as unknown as ArrayBuffer);
		expect(leaderBook.worksheets[0].name).toBe('Tổng hợp');
		const log = await t.db.selectFrom('deliveries').select(['recipient', 'status', 'attempts']).orderBy('recipient').execute();
		expect(log.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
	});

	it('with the SMTP server down stores the snapshot, logs the failure and retries with backoff', async () => {
		const { campaignId, province, hierarchyId } = await seed();
		await people(province.id, await districtsOf(hierarchyId));
		const port = await freePort(); // nothing listens yet
		const at = new Date('2024-12-09T23:00:10.000Z');
		const jobs = startAppJobs(t.db, { transport: smtpTransport(`smtp://127.0.0.1:${port}`), now: () => at, owner: 'a', log: () => {} });
		try {
			await jobs.tick();
			// The snapshot is stored before any mail is tried.
			expect((await listSnapshots(t.db, campaignId)).map((s) => s.slot_at)).toContain(SIX_AM_10_12);
			await jobs.sendMail();
		} finally {
			await jobs.stop();
		}
		const snapshots = await listSnapshots(t.db, campaignId);
		expect(snapshots[0]).toMatchObject({ slot_at: SIX_AM_10_12, kind: 'scheduled' });
		let log = await t.db.selectFrom('deliveries').selectAll().execute();
		expect(log).toHaveLength(3); // only the newest slot of the catch-up is mailed
		expect(log.every((d) => d.status === 'retrying' && d.attempts === 1 && d.last_error && d.next_attempt_at === '2024-12-09T23:01:10.000Z')).toBe(true);

		const transport = smtpTransport(`smtp://127.0.0.1:${port}`)!;
		expect(await sendDueDeliveries(t.db, transport, { now: new Date('2024-12-09T23:01:00.000Z') })).toEqual({ sent: 0, failed: 0 }); // not yet due
		const smtp = await startSmtp(port);
		try {
			expect(await sendDueDeliveries(t.db, transport, { now: new Date('2024-12-09T23:01:10.000Z') })).toEqual({ sent: 3, failed: 0 });
		} finally {
			await smtp.stop();
		}
		log = await t.db.selectFrom('deliveries').selectAll().execute();
		expect(log.map((d) => [d.status, d.attempts])).toEqual([
			['sent', 2],
			['sent', 2],
			['sent', 2]
		]);
		expect(smtp.received).toHaveLength(3);
	});
});
