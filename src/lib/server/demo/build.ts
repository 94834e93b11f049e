import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Actor } from '$lib/domain/access';
import { draftsFromAssignments } from '$lib/domain/groups';
import { between, seededRandom } from '$lib/domain/random';
import { addDays, localDateOf, zonedInstant, type LocalDate } from '$lib/domain/time';
import { recordAudit } from '../audit/repository';
import { hashPassword } from '../auth/passwords';
import { findUserByUsername, insertUser } from '../auth/users';
import { drawAwardList, saveAwardRule } from '../awards/service';
import { findCampaignByCode, insertCampaign, setCampaignRecordTypes, setCampaignStages } from '../campaigns/repository';
import { setTargets } from '../campaigns/targets';
import type { Conn, Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Role, Unit } from '../db/schema';
import { followGrouping, provinceGrouping } from '../groups/repository';
import { applyGrouping, checkedGrouping } from '../groups/service';
import { appendReports } from '../counts/repository';
import { importUnitList, readUnitFile } from '../units/import';
import { latestScheduledSnapshot } from '../snapshots/repository';
import { backfillSnapshots } from '../snapshots/service';
import { findUnit, listUnits } from '../units/repository';
import { DEMO_DAYS, DEMO_TOTALS, planDemo, planTargets, type DemoPlan, type PlannedTarget } from './plan';
import { clusterOfCommunes, HUNG_YEN_CLUSTERS, targetsAcrossReform } from './reform';
import { importMapping } from '../mapping/import';
import { linksBetween } from '../mapping/repository';

/** Thái Bình's Kế hoạch 186/KH-UBND, the history: 01/12/2024 → 21/12/2024 on the 3-level list. */
export const DEMO_CAMPAIGN = 'thaibinh-186';
/** Today's Hưng Yên, the live campaign on the 2-level list: day 10 of 21 by default. */
export const LIVE_CAMPAIGN = 'hungyen-hotich';
export const DEMO_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const HISTORY_START: LocalDate = '2024-12-01';
/** The reform: a live campaign on the 2-level list exists only from 1/7/2025. */
export const REFORM_DATE: LocalDate = '2025-07-01';
const OLD_UNITS = { file: 'reference/units-2025-03-01-3level.csv', asOf: '2025-03-01' };
const NEW_UNITS = { file: 'reference/units-2026-07-25-2level.csv', asOf: '2026-07-25' };
const MAPPING_FILE = 'reference/units-mapping-2025-07-01.csv';
const THAI_BINH = '34';
const HUNG_YEN = '33'; // its code on both lists: old Hưng Yên, and Hưng Yên after absorbing Thái Bình
const VU_THU = '344'; // Huyện Vũ Thư
const LIVE_GROUP = 'CUM-5'; // TP Thái Bình and Vũ Thư: where the history's clerk and district head worked
const LIVE_TYPES = ['khai_sinh', 'ket_hon', 'khai_tu', 'nhan_cha_me_con'];
/** Nhận cha, mẹ, con registers are small: about 1.2% of a commune's births. */
const RECOGNITIONS_PER_BIRTH = 0.012;
const STAGE = 'nhap_lieu';
const SNAPSHOT_TIMES = ['06:00', '11:30', '23:00'];

export interface DemoOptions {
	/** First day of the live campaign's 21-day window; by default today is day 10. */
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
	/** The campaign the account is for. */
	campaign: string;
}

export interface DemoCampaignSummary {
	code: string;
	name: string;
	start: LocalDate;
	deadline: LocalDate;
	reports: number;
	snapshots: number;
}

export interface DemoSummary extends DemoCampaignSummary {
	/** The code of the campaign the home page shows (the live one, else the history). */
	campaignCode: string;
	/** The live campaign first (when built), then the history. */
	campaigns: DemoCampaignSummary[];
	accounts: DemoAccount[];
}

export function defaultDemoStart(now: Date): LocalDate {
	return addDays(localDateOf(now, DEMO_TIME_ZONE), -9);
}

/** True when `now` is after the reform: the live Hưng Yên campaign is built. */
export function hasLiveCampaign(now: Date): boolean {
	return localDateOf(now, DEMO_TIME_ZONE) >= REFORM_DATE;
}

type Person = Omit<DemoAccount, 'password' | 'campaign'> & { unitId: number; name: string; email: string | null; groupCode?: string };

interface DemoCampaignInput {
	code: string;
	name: string;
	hierarchyId: number;
	province: Unit;
	start: LocalDate;
	types: string[];
	plan: DemoPlan;
	people: Person[];
	now: Date;
	password?: string;
	/** A 2-level campaign's cụm thi đua, applied to the province before the campaign is made. */
	groups?: Awaited<ReturnType<typeof checkedGrouping>>;
}

/**
 * Fills an empty, migrated database with the demo: Thái Bình's Kế hoạch 186/KH-UBND at its
 * real dates with the reports up to `now` (finished when `now` is past 21/12/2024), and
 * from 1/7/2025 on the live campaign of today's Hưng Yên.
 */
export async function buildDemo(db: Database, opts: DemoOptions = {}): Promise<DemoSummary> {
	const now = opts.now ?? new Date();
	const seed = opts.seed ?? 186;
	const oldList = await readUnitFile(resolve(OLD_UNITS.file));
	const old = await importUnitList(db, oldList, { asOf: OLD_UNITS.asOf, source: OLD_UNITS.file, actor: 'demo' });

	const thaiBinh = (await findUnit(db, old.hierarchyId, THAI_BINH))!;
	const vuThu = (await findUnit(db, old.hierarchyId, VU_THU))!;
	const tbCommunes = await listUnits(db, old.hierarchyId, { provinceId: thaiBinh.id, level: 'commune' });
	const tbClerkCommune = tbCommunes.find((c) => c.parent_id === vuThu.id)!;
	const tbPlan = planDemo(tbCommunes, { start: HISTORY_START, now, timeZone: DEMO_TIME_ZONE, seed });
	const history = await buildCampaign(db, {
		code: DEMO_CAMPAIGN,
		name: 'Số hóa dữ liệu hộ tịch tỉnh Thái Bình (Kế hoạch 186/KH-UBND)',
		hierarchyId: old.hierarchyId,
		province: thaiBinh,
		start: HISTORY_START,
		types: Object.keys(DEMO_TOTALS),
		plan: tbPlan,
		now,
		password: opts.password,
		people: [
			{ username: 'quantri', role: 'admin', unit: thaiBinh.name, unitId: thaiBinh.id, name: 'Phòng Hành chính tư pháp, Sở Tư pháp', email: null },
			{ username: 'lanhdao', role: 'leader', unit: thaiBinh.name, unitId: thaiBinh.id, name: 'Lãnh đạo UBND tỉnh', email: 'lanhdao@thaibinh.example' },
			{ username: 'vuthu', role: 'district', unit: vuThu.name, unitId: vuThu.id, name: 'Trưởng phòng Tư pháp huyện Vũ Thư', email: 'tuphap.vuthu@thaibinh.example' },
			{
				username: `canbo.${tbClerkCommune.code}`,
				role: 'clerk',
				unit: tbClerkCommune.name,
				unitId: tbClerkCommune.id,
				name: `Công chức tư pháp - hộ tịch ${tbClerkCommune.name}`,
				email: null
			}
		]
	});
	if (!hasLiveCampaign(now)) return { ...history.summary, campaignCode: DEMO_CAMPAIGN, campaigns: [history.summary], accounts: history.accounts };

	// Today's Hưng Yên: old Hưng Yên and Thái Bình, their communes merged into 104.
	const start = opts.start ?? defaultDemoStart(now);
	const newList = await readUnitFile(resolve(NEW_UNITS.file));
	const { hierarchyId } = await importUnitList(db, newList, { asOf: NEW_UNITS.asOf, source: NEW_UNITS.file, actor: 'demo' });
	// The official mapping, as an operator imports it: its two codes outside the lists and its island districts accepted.
	await importMapping(db, { name: MAPPING_FILE, bytes: await readFile(resolve(MAPPING_FILE)) }, { from: OLD_UNITS.asOf, to: NEW_UNITS.asOf, acceptUnknown: true, by: 'demo' });
	const hungYen = (await findUnit(db, hierarchyId, HUNG_YEN))!;
	const communes = await listUnits(db, hierarchyId, { provinceId: hungYen.id, level: 'commune' });
	const ofHungYen = new Set(communes.map((c) => c.code));
	const links = (await linksBetween(db, old.hierarchyId, hierarchyId)).filter((l) => ofHungYen.has(l.newCode));

	// Targets: the old Thái Bình communes' as in the history; old Hưng Yên's at a similar scale.
	const oldHungYen = (await findUnit(db, old.hierarchyId, HUNG_YEN))!;
	const oldHyCommunes = await listUnits(db, old.hierarchyId, { provinceId: oldHungYen.id, level: 'commune' });
	const scaled = Object.fromEntries(Object.entries(DEMO_TOTALS).map(([type, total]) => [type, Math.round((total * oldHyCommunes.length) / tbCommunes.length)]));
	const oldTargets = targetsByCode([...tbCommunes, ...oldHyCommunes], [...tbPlan.targets, ...planTargets(oldHyCommunes, scaled, seededRandom(seed + 1))]);
	const random = seededRandom(seed + 2);
	for (const t of oldTargets.values()) t.nhan_cha_me_con = Math.round(t.khai_sinh * RECOGNITIONS_PER_BIRTH * between(random, 0.7, 1.3));
	const newTargets = targetsAcrossReform(links, oldTargets, LIVE_TYPES);
	const targets: PlannedTarget[] = LIVE_TYPES.flatMap((recordType) => communes.map((c) => ({ communeId: c.id, recordType, target: newTargets.get(c.code)?.[recordType] ?? 0 })));

	// Cụm thi đua along the old districts.
	const districtOf = new Map([...tbCommunes, ...oldHyCommunes].map((c) => [c.code, String(c.parent_id)]));
	const oldDistricts = await listUnits(db, old.hierarchyId, { level: 'district' });
	const districtCode = new Map(oldDistricts.map((d) => [String(d.id), d.code]));
	const byCode = new Map([...districtOf].map(([commune, id]) => [commune, districtCode.get(id)!]));
	const { drafts } = draftsFromAssignments(clusterOfCommunes(links, byCode, HUNG_YEN_CLUSTERS).map((a) => ({ ...a, where: {} })));
	const groups = await checkedGrouping(db, hungYen, drafts, false);

	// The clerk works in the new commune that took in the history's clerk commune.
	const clerkCode = links.find((l) => l.oldCode === tbClerkCommune.code)!.newCode;
	const clerkCommune = communes.find((c) => c.code === clerkCode)!;
	const live = await buildCampaign(db, {
		code: LIVE_CAMPAIGN,
		name: `Số hóa dữ liệu hộ tịch tỉnh Hưng Yên năm ${start.slice(0, 4)}`,
		hierarchyId,
		province: hungYen,
		start,
		types: LIVE_TYPES,
		plan: planDemo(communes, { start, now, timeZone: DEMO_TIME_ZONE, seed: seed + 3, targets }),
		now,
		password: opts.password,
		groups,
		people: [
			{ username: 'quantri.hungyen', role: 'admin', unit: hungYen.name, unitId: hungYen.id, name: 'Phòng Hành chính tư pháp, Sở Tư pháp tỉnh Hưng Yên', email: null },
			{ username: 'lanhdao.hungyen', role: 'leader', unit: hungYen.name, unitId: hungYen.id, name: 'Lãnh đạo UBND tỉnh Hưng Yên', email: 'lanhdao@hungyen.example' },
			{
				username: 'truongcum5.hungyen',
				role: 'district',
				unit: `${HUNG_YEN_CLUSTERS.find((c) => c.code === LIVE_GROUP)!.name} (${LIVE_GROUP})`,
				unitId: hungYen.id,
				groupCode: LIVE_GROUP,
				name: `Cụm trưởng ${HUNG_YEN_CLUSTERS.find((c) => c.code === LIVE_GROUP)!.name}`,
				email: 'cum5@hungyen.example'
			},
			{
				username: `canbo.${clerkCommune.code}.hungyen`,
				role: 'clerk',
				unit: clerkCommune.name,
				unitId: clerkCommune.id,
				name: `Công chức tư pháp - hộ tịch ${clerkCommune.name}`,
				email: null
			}
		]
	});
	return { ...live.summary, campaignCode: LIVE_CAMPAIGN, campaigns: [live.summary, history.summary], accounts: [...live.accounts, ...history.accounts] };
}

/** Per old commune code, its targets by record type. */
function targetsByCode(communes: Unit[], targets: PlannedTarget[]): Map<string, Record<string, number>> {
	const codeOf = new Map(communes.map((c) => [c.id, c.code]));
	const result = new Map<string, Record<string, number>>();
	for (const t of targets) {
		const code = codeOf.get(t.communeId)!;
		result.set(code, { ...result.get(code), [t.recordType]: t.target });
	}
	return result;
}

/** One demo campaign with its accounts, reports, snapshots up to `now` and award rules. */
async function buildCampaign(db: Database, input: DemoCampaignInput): Promise<{ summary: DemoCampaignSummary; accounts: DemoAccount[] }> {
	const { plan, province, start, now } = input;
	const deadline = addDays(start, DEMO_DAYS - 1);
	const accounts = input.people.map((a) => ({ ...a, password: input.password ?? randomBytes(9).toString('base64url') }));
	// Hash before the transaction: nothing but SQL may be awaited inside one.
	const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));

	const createdAt = zonedInstant(addDays(start, -1), '08:00', DEMO_TIME_ZONE).toISOString();
	await db.transaction().execute(async (tx) => {
		const userIds: number[] = [];
		for (const [i, a] of accounts.entries()) {
			userIds.push(
				await insertUser(tx, {
					username: a.username,
					display_name: a.name,
					password_hash: hashes[i],
					role: a.role,
					unit_id: a.unitId,
					group_code: a.groupCode ?? null,
					email: a.email,
					created_at: createdAt
				})
			);
		}
		if (input.groups) await applyGrouping(tx, adminActor(accounts[0].username, userIds[0], province), province, input.groups, createdAt, 'demo');
		const campaignId = await insertCampaign(tx, {
			code: input.code,
			name: input.name,
			hierarchy_id: input.hierarchyId,
			province_id: province.id,
			start_date: start,
			deadline,
			time_zone: DEMO_TIME_ZONE,
			day_end_hour: 22,
			snapshot_times: JSON.stringify(SNAPSHOT_TIMES),
			is_public: 1,
			created_at: createdAt,
			updated_at: createdAt
		});
		// A 2-level campaign stands by the province's groups from its beginning.
		if (input.groups) await followGrouping(tx, campaignId, await provinceGrouping(tx, province.id), '');
		await setCampaignRecordTypes(tx, campaignId, input.types);
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
		await recordAudit(tx, {
			actor: 'demo',
			action: 'build_demo',
			entity: 'campaign',
			entityId: campaignId,
			campaignId,
			after: { start, deadline, now: now.toISOString(), reports: plan.reports.length }
		});
	});
	const campaign = (await findCampaignByCode(db, input.code))!;
	const snapshots = await backfillSnapshots(db, campaign, now, 'demo');
	await addDemoAwards(db, campaign, province.id, accounts[0].username);
	return {
		summary: { code: input.code, name: input.name, start, deadline, reports: plan.reports.length, snapshots },
		accounts: accounts.map(({ username, password, role, unit }) => ({ username, password, role, unit, campaign: input.code }))
	};
}

function adminActor(username: string, userId: number, province: Unit): Actor {
	return { userId, username, displayName: username, role: 'admin', unitId: province.id, provinceId: province.id };
}

/** Three award rules, and one list frozen on the newest snapshot, as an admin would set them. */
async function addDemoAwards(db: Database, campaign: Campaign, provinceId: number, adminUsername: string) {
	const user = (await findUserByUsername(db, adminUsername))!;
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
export async function isDemoDatabase(db: Conn): Promise<boolean> {
	return (await findCampaignByCode(db, DEMO_CAMPAIGN)) !== undefined;
}
