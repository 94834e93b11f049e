import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Actor } from '../../domain/access';
import { addDays, localDateOf, zonedInstant, type LocalDate } from '../../domain/time';
import { recordAudit } from '../audit/repository';
import { hashPassword } from '../auth/passwords';
import { findUserByUsername, insertUser } from '../auth/users';
import { drawAwardList, saveAwardRule } from '../awards/service';
import { findCampaignByCode, insertCampaign, setCampaignRecordTypes, setCampaignStages } from '../campaigns/repository';
import { setTargets } from '../campaigns/targets';
import type { Database } from '../db';
import type { Campaign, Role } from '../db/schema';
import { appendReports } from '../reports/repository';
import { importUnitList, readUnitFile } from '../units/import';
import { latestScheduledSnapshot } from '../snapshots/repository';
import { backfillSnapshots } from '../snapshots/service';
import { findUnit, listUnits } from '../units/repository';
import { DEMO_DAYS, DEMO_TOTALS, planDemo } from './plan';

export const DEMO_CAMPAIGN = 'thaibinh-186';
export const DEMO_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const UNITS_FILE = 'reference/units-2025-03-01-3level.csv';
const UNITS_AS_OF = '2025-03-01';
const PROVINCE = '34';
const DEMO_DISTRICT = '344'; // Huyện Vũ Thư
const STAGE = 'nhap_lieu';

export interface DemoOptions {
	/** First day of the 21-day window; by default today is day 10. */
	start?: LocalDate;
	/** The moment the demo is built at: reports run up to it. */
	now?: Date;
	seed?: number;
	/** Fixed passwords (tests); by default random ones are made and returned. */
	password?: string;
}

export interface DemoAccount {
	username: string;
	password: string;
	role: Role;
	unit: string;
}

export interface DemoSummary {
	snapshots: number;
	campaignCode: string;
	start: LocalDate;
	deadline: LocalDate;
	reports: number;
	accounts: DemoAccount[];
}

export function defaultDemoStart(now: Date): LocalDate {
	return addDays(localDateOf(now, DEMO_TIME_ZONE), -9);
}

/** Fills an empty, migrated database with the Thái Bình demo. */
export async function buildDemo(db: Database, opts: DemoOptions = {}): Promise<DemoSummary> {
	const now = opts.now ?? new Date();
	const start = opts.start ?? defaultDemoStart(now);
	const deadline = addDays(start, DEMO_DAYS - 1);
	const list = await readUnitFile(resolve(UNITS_FILE));
	const { hierarchyId } = await importUnitList(db, list, { asOf: UNITS_AS_OF, source: UNITS_FILE, actor: 'demo' });

	const province = (await findUnit(db, hierarchyId, PROVINCE))!;
	const district = (await findUnit(db, hierarchyId, DEMO_DISTRICT))!;
	const communes = await listUnits(db, hierarchyId, { provinceId: province.id, level: 'commune' });
	const clerkCommune = communes.find((c) => c.parent_id === district.id)!;
	const plan = planDemo(communes, { start, now, timeZone: DEMO_TIME_ZONE, seed: opts.seed ?? 186 });

	const people: (Omit<DemoAccount, 'password'> & { unitId: number; name: string; email: string | null })[] = [
		{ username: 'quantri', role: 'admin', unit: province.name, unitId: province.id, name: 'Phòng Hành chính tư pháp, Sở Tư pháp', email: null },
		{ username: 'lanhdao', role: 'leader', unit: province.name, unitId: province.id, name: 'Lãnh đạo UBND tỉnh', email: 'lanhdao@thaibinh.example' },
		{ username: 'vuthu', role: 'district', unit: district.name, unitId: district.id, name: 'Trưởng phòng Tư pháp huyện Vũ Thư', email: 'tuphap.vuthu@thaibinh.example' },
		{ username: `canbo.${clerkCommune.code}`, role: 'clerk', unit: clerkCommune.name, unitId: clerkCommune.id, name: `Công chức tư pháp - hộ tịch ${clerkCommune.name}`, email: null }
	];
	const accounts = people.map((a) => ({ ...a, password: opts.password ?? randomBytes(9).toString('base64url') }));
	// Hash before the transaction: nothing but SQL may be awaited inside one.
	const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));

	const createdAt = zonedInstant(addDays(start, -1), '08:00', DEMO_TIME_ZONE).toISOString();
	await db.transaction().execute(async (tx) => {
		const campaignId = await insertCampaign(tx, {
			code: DEMO_CAMPAIGN,
			name: 'Số hóa dữ liệu hộ tịch tỉnh Thái Bình (Kế hoạch 186/KH-UBND)',
			hierarchy_id: hierarchyId,
			province_id: province.id,
			start_date: start,
			deadline,
			time_zone: DEMO_TIME_ZONE,
			day_end_hour: 22,
			snapshot_times: JSON.stringify(['06:00', '11:30', '23:00']),
			is_public: 1,
			created_at: createdAt,
			updated_at: createdAt
		});
		await setCampaignRecordTypes(tx, campaignId, Object.keys(DEMO_TOTALS));
		await setCampaignStages(tx, campaignId, [{ code: STAGE, name: 'Nhập liệu' }]);
		await setTargets(tx, campaignId, plan.targets, { at: createdAt, authorId: null, source: 'demo' });
		await appendReports(
			tx,
			plan.reports.map((r) => ({
				campaign_id: campaignId,
				commune_id: r.communeId,
				record_type: r.recordType,
				stage: STAGE,
				as_of: r.asOf.toISOString(),
				cumulative: r.cumulative,
				received_at: r.asOf.toISOString(),
				source: 'demo',
				note: r.note
			}))
		);
		for (const [i, a] of accounts.entries()) {
			await insertUser(tx, {
				username: a.username,
				display_name: a.name,
				password_hash: hashes[i],
				role: a.role,
				unit_id: a.unitId,
				email: a.email,
				created_at: createdAt
			});
		}
		await recordAudit(tx, {
			actor: 'demo',
			action: 'build_demo',
			entity: 'campaign',
			entityId: campaignId,
			campaignId,
			after: { start, deadline, now: now.toISOString(), reports: plan.reports.length }
		});
	});
	const campaign = (await findCampaignByCode(db, DEMO_CAMPAIGN))!;
	const snapshots = await backfillSnapshots(db, campaign, now, 'demo');
	await addDemoAwards(db, campaign, province.id);
	return {
		campaignCode: DEMO_CAMPAIGN,
		snapshots,
		start,
		deadline,
		reports: plan.reports.length,
		accounts: accounts.map(({ username, password, role, unit }) => ({ username, password, role, unit }))
	};
}

/** Three award rules, and one list frozen on the newest snapshot, as an admin would set them. */
async function addDemoAwards(db: Database, campaign: Campaign, provinceId: number) {
	const user = (await findUserByUsername(db, 'quantri'))!;
	const admin: Actor = { userId: user.id, username: user.username, displayName: user.display_name, role: 'admin', unitId: provinceId, provinceId };
	const rules = [
		{ name: 'Hoàn thành xuất sắc', kind: 'finished_by', level: 'district', award: 'Bằng khen của Chủ tịch UBND tỉnh', daysBeforeDeadline: 5 },
		{ name: 'Dẫn đầu phong trào thi đua', kind: 'top_n', level: 'commune', award: 'Giấy khen của Giám đốc Sở Tư pháp', n: 10 },
		{ name: 'Chậm tiến độ', kind: 'below_pct', level: 'commune', award: '', pct: 30, daysBeforeDeadline: 0 }
	];
	const ids: number[] = [];
	for (const rule of rules) ids.push(await saveAwardRule(db, admin, campaign, rule, 'demo'));
	const newest = await latestScheduledSnapshot(db, campaign.id);
	if (newest) await drawAwardList(db, admin, campaign, ids[1], newest.id, 'demo');
}

/** True when the database holds a demo (and may be rebuilt). */
export async function isDemoDatabase(db: Database): Promise<boolean> {
	return (await findCampaignByCode(db, DEMO_CAMPAIGN)) !== undefined;
}
