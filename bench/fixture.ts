/**
 * The benchmark database: real units (pre-2025 list), one campaign per province, 6 record
 * types, N days × 3 reports a day for every commune and type. Written with raw
 * better-sqlite3 statements for speed; current values and finish times are derived with
 * the same domain function the app uses.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { cellFinishTime } from '../src/lib/domain/progress';
import { seededRandom } from '../src/lib/domain/random';
import { addDays, zonedInstant } from '../src/lib/domain/time';
import { migrateToLatest, openSqlite } from '../src/lib/server/db';
import { importUnitList, readUnitFile } from '../src/lib/server/units/import';
import type SQLite from 'better-sqlite3';

export const TYPES = ['khai_sinh', 'ket_hon', 'khai_tu', 'nhan_cha_me_con', 'giam_ho', 'thay_doi_cai_chinh'];
export const START = '2024-10-01';
const TZ = 'Asia/Ho_Chi_Minh';
const SLOTS = ['09:00', '15:00', '21:00'];

export interface FixtureSize {
	name: string;
	provinces: string[] | 'all';
	days: number;
}

export async function buildFixture(path: string, size: FixtureSize, log: (s: string) => void): Promise<void> {
	if (existsSync(path)) return;
	const tmp = `${path}.building`;
	for (const s of ['', '-wal', '-shm']) rmSync(tmp + s, { force: true });
	const { db, sqlite } = openSqlite(tmp);
	await migrateToLatest(db);
	const { hierarchyId } = await importUnitList(db, await readUnitFile('reference/units-2025-03-01-3level.csv'), { asOf: '2025-03-01', source: 'api', actor: 'bench' });
	const provinces = sqlite.prepare("select id, code from units where hierarchy_id = ? and level = 'province' order by code").all(hierarchyId) as { id: number; code: string }[];
	const chosen = size.provinces === 'all' ? provinces : provinces.filter((p) => (size.provinces as string[]).includes(p.code));
	const deadline = addDays(START, size.days + 19);
	const random = seededRandom(2024);
	const insertCampaign = sqlite.prepare('insert into campaigns (code, name, hierarchy_id, province_id, start_date, deadline, is_public) values (?, ?, ?, ?, ?, ?, 1)');
	const insertType = sqlite.prepare('insert into campaign_record_types (campaign_id, record_type, position) values (?, ?, ?)');
	const insertStage = sqlite.prepare("insert into campaign_stages (campaign_id, code, name, position) values (?, 'nhap_lieu', 'Nhập liệu', 0)");
	const insertRevision = sqlite.prepare("insert into target_revisions (campaign_id, commune_id, record_type, target, created_at, source) values (?, ?, ?, ?, ?, 'bench')");
	const insertTarget = sqlite.prepare('insert into current_targets (campaign_id, commune_id, record_type, target, revision_id) values (?, ?, ?, ?, ?)');
	const insertReport = sqlite.prepare(
		"insert into reports (campaign_id, commune_id, record_type, stage, as_of, cumulative, received_at, source) values (?, ?, ?, 'nhap_lieu', ?, ?, ?, 'bench')"
	);
	const insertCurrent = sqlite.prepare(
		"insert into current_values (campaign_id, commune_id, record_type, stage, cumulative, as_of, received_at, report_id, finished_at) values (?, ?, ?, 'nhap_lieu', ?, ?, ?, ?, ?)"
	);
	const instants: string[] = [];
	for (let d = 0; d < size.days; d++) for (const s of SLOTS) instants.push(zonedInstant(addDays(START, d), s, TZ).toISOString());
	const createdAt = zonedInstant(addDays(START, -1), '08:00', TZ).toISOString();

	let reports = 0;
	for (const province of chosen) {
		const communes = sqlite.prepare("select id from units where province_id = ? and level = 'commune'").all(province.id) as { id: number }[];
		sqlite.transaction(() => {
			const campaignId = Number(insertCampaign.run(`bench-${province.code}`, `Đợt đo ${province.code}`, hierarchyId, province.id, START, deadline).lastInsertRowid);
			TYPES.forEach((t, i) => insertType.run(campaignId, t, i));
			insertStage.run(campaignId);
			for (const c of communes) {
				// Most communes finish within the window, some never do.
				const speed = 0.4 + random() * 1.4;
				for (const type of TYPES) {
					const target = 50 + Math.floor(random() * 3000);
					const revision = Number(insertRevision.run(campaignId, c.id, type, target, createdAt).lastInsertRowid);
					insertTarget.run(campaignId, c.id, type, target, revision);
					const perSlot = (target / (size.days * 3)) * speed * 1.2;
					let value = 0;
					let lastId = 0;
					const series: { asOf: string; cumulative: number }[] = [];
					for (const at of instants) {
						value = Math.min(target, value + Math.round(perSlot * (0.5 + random())));
						lastId = Number(insertReport.run(campaignId, c.id, type, at, value, at).lastInsertRowid);
						series.push({ asOf: at, cumulative: value });
						reports++;
					}
					insertCurrent.run(campaignId, c.id, type, value, instants.at(-1), instants.at(-1), lastId, cellFinishTime(series, target, ''));
				}
			}
		})();
		log(`  ${province.code}: ${communes.length} xã, ${reports.toLocaleString('vi-VN')} báo cáo`);
	}
	// What the app keeps on write (campaigns/repository.ts, raiseLatestChanges).
	sqlite.exec(`update campaigns set
		latest_value_as_of = (select max(as_of) from current_values v where v.campaign_id = campaigns.id),
		latest_target_at = (select max(created_at) from target_revisions t where t.campaign_id = campaigns.id)`);
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	sqlite.exec('analyze');
	await db.destroy();
	renameSync(tmp, path);
	for (const s of ['-wal', '-shm']) rmSync(tmp + s, { force: true });
}

export function fixtureInstants(days: number) {
	return {
		now: zonedInstant(addDays(START, days - 1), '22:30', TZ),
		past: zonedInstant(addDays(START, Math.floor(days / 2)), '11:30', TZ)
	};
}

/** Snapshots are append-only by trigger: lift the triggers for the cleanup of the bench's own, then restore them. */
export function removeSnapshotsAfter(sqlite: SQLite.Database, id: number): void {
	const triggers = sqlite.prepare("select name, sql from sqlite_master where type = 'trigger' and tbl_name in ('snapshots', 'snapshot_rows', 'audit_log')").all() as {
		name: string;
		sql: string;
	}[];
	sqlite.transaction(() => {
		for (const t of triggers) sqlite.exec(`drop trigger ${t.name}`);
		sqlite.prepare('delete from snapshot_rows where snapshot_id > ?').run(id);
		sqlite.prepare("delete from audit_log where action = 'take_snapshot' and source = 'bench'").run();
		sqlite.prepare('delete from snapshots where id > ?').run(id);
		for (const t of triggers) sqlite.exec(t.sql);
	})();
}
