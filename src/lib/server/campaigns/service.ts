/**
 * Creating and changing campaigns, their targets and unit deadlines: every input checked
 * as a whole, everything in one transaction, every change audited.
 */
import { campaignsChanged } from './events';
import { type Actor, canAdminister, may } from '$lib/domain/access';
import { parseCampaignSettings, parseNewCampaign, type CampaignSettings } from '$lib/domain/campaign-input';
import { ForbiddenError, ValidationError, type Problem } from '$lib/domain/errors';
import { formatDate } from '$lib/domain/format';
import { MAX_TARGET } from '$lib/domain/report-input';
import type { SnapshotTimesPeriod } from '$lib/domain/slots';
import { isValidLocalDate } from '$lib/domain/time';
import { recordAudit } from '../audit/repository';
import type { Conn, Database } from '../db';
import { followGrouping, provinceGrouping } from '../groups/repository';
import { campaignTree } from '../progress/evaluate';
import { wordsOfMiddle } from '$lib/domain/levels';
import { applyGrouping, checkedGrouping } from '../groups/service';
import type { Campaign } from '$lib/domain/campaign';
import type { CampaignUpdate } from '../db/schema';
import { campaignUnits } from '../progress/repository';
import { findHierarchy, findUnit, listUnits } from '../units/repository';
import {
	findCampaignByCode,
	insertCampaign,
	insertSnapshotTimes,
	listCampaignRecordTypes,
	listCampaignStages,
	listSnapshotTimes,
	setCampaignRecordTypes,
	setCampaignStages,
	raiseDataVersion,
	updateCampaign,
	setDeadline
} from './repository';
import { carryOverTargets, splitCarryOver, storeCarryOver, withCarriedRecordTypes } from '../across/carry-over';
import { calendarOf, sameSnapshotTimes, snapshotTimeHistoryOf, thresholdsOf } from './settings';
import { listCurrentTargets, setTargets } from './targets';
import { canRunCampaign } from './part';

function settingsRow(s: CampaignSettings): CampaignUpdate {
	return {
		name: s.name,
		start_date: s.start,
		deadline: s.deadline,
		time_zone: s.timeZone,
		day_end_hour: s.dayEndHour,
		excluded_weekdays: JSON.stringify(s.excludedWeekdays),
		holidays: JSON.stringify(s.holidays),
		snapshot_times: JSON.stringify(s.snapshotTimes),
		on_track_ratio: s.onTrackRatio,
		at_risk_ratio: s.atRiskRatio,
		is_public: s.isPublic ? 1 : 0,
		bracket_thresholds: JSON.stringify(s.bracketThresholds)
	};
}

/** The settings of a stored campaign, in the shape of the API. */
export async function campaignSettings(db: Conn, c: Campaign): Promise<CampaignSettings> {
	const [recordTypes, stages] = await Promise.all([listCampaignRecordTypes(db, c.id), listCampaignStages(db, c.id)]);
	return settingsOf(
		c,
		recordTypes.map((r) => r.code),
		stages
	);
}

/** A campaign's settings from its row and its record types and stages, in order. */
export function settingsOf(c: Campaign, recordTypes: string[], stages: { code: string; name: string }[]): CampaignSettings {
	const cal = calendarOf(c);
	const thresholds = thresholdsOf(c);
	return {
		name: c.name,
		start: cal.start,
		deadline: cal.deadline,
		timeZone: cal.timeZone,
		dayEndHour: cal.dayEndHour,
		excludedWeekdays: cal.excludedWeekdays,
		holidays: cal.holidays,
		snapshotTimes: c.snapshotTimes,
		recordTypes,
		stages,
		onTrackRatio: thresholds.onTrack,
		atRiskRatio: thresholds.atRisk,
		isPublic: c.isPublic,
		bracketThresholds: c.bracketThresholds
	};
}

export async function createCampaign(db: Database, actor: Actor, raw: unknown): Promise<Campaign> {
	if (!may(actor.role, 'administer') && !may(actor.role, 'administerNation')) throw new ForbiddenError('Chỉ quản trị viên mới tạo được đợt số hóa.');
	// `carryOver: {from, at?}`: targets are an earlier campaign's remaining (its record types unless named).
	const { rest, request: carryRequest } = splitCarryOver(raw);
	const input = parseNewCampaign(carryRequest ? await withCarriedRecordTypes(db, actor, rest, carryRequest) : rest);
	const hierarchy = await findHierarchy(db, input.hierarchy);
	if (!hierarchy) throw new ValidationError(`Không có danh mục đơn vị hành chính ngày ${input.hierarchy}.`, [{ field: 'hierarchy', message: 'phiên bản danh mục không tồn tại.' }]);
	// A national campaign (no province) is the ministry's; a province's, its admins' (issue 29).
	const province = input.provinceCode === null ? null : await findUnit(db, hierarchy.id, input.provinceCode);
	if (input.provinceCode === null) {
		if (!canAdminister(actor, null))
			throw new ValidationError('Cần mã tỉnh (provinceCode): chỉ Bộ Tư pháp mới tạo đợt số hóa toàn quốc.', [{ field: 'provinceCode', message: 'bắt buộc.' }]);
		if (input.groups.length || carryRequest)
			throw new ValidationError('Thiết lập đợt số hóa không hợp lệ; không có gì được ghi.', [
				{ field: input.groups.length ? 'groups' : 'carryOver', message: 'đợt toàn quốc không nhận cụm thi đua hay chỉ tiêu chuyển từ đợt khác.' }
			]);
	} else if (!province || province.level !== 'province') {
		throw new ValidationError(`Không có tỉnh mã ${input.provinceCode} trong danh mục ngày ${input.hierarchy}.`, [{ field: 'provinceCode', message: 'tỉnh không tồn tại.' }]);
	}
	if (!canAdminister(actor, province?.id ?? null)) throw new ForbiddenError('Chỉ quản trị viên của tỉnh mới tạo được đợt số hóa của tỉnh đó.');
	if (await findCampaignByCode(db, input.code)) throw new ValidationError(`Mã đợt «${input.code}» đã được dùng.`, [{ field: 'code', message: 'mã đợt đã tồn tại.' }]);

	if (input.groups.length && hierarchy.levels === 3)
		throw new ValidationError('Thiết lập đợt số hóa không hợp lệ; không có gì được ghi.', [
			{ field: 'groups', message: 'cụm thi đua chỉ dùng cho tỉnh không còn cấp huyện (danh mục 2 cấp).' }
		]);
	// Groups given with a campaign become the province's, as PUT /groups would make them.
	const grouping = province && input.groups.length ? await checkedGrouping(db, province, input.groups, input.keepUngrouped) : null;
	// Read before the transaction: nothing but its own writes happen inside it.
	const carried = province && carryRequest ? await carryOverTargets(db, actor, carryRequest, { hierarchy, province, recordTypes: input.recordTypes }) : null;

	const created = await db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		if (province && grouping) await applyGrouping(tx, actor, province, grouping, at, 'api');
		const id = await insertCampaign(tx, {
			...(settingsRow(input) as Required<CampaignUpdate>),
			code: input.code,
			hierarchy_id: hierarchy.id,
			province_id: province?.id ?? null,
			created_at: at,
			updated_at: at
		});
		await setCampaignRecordTypes(tx, id, input.recordTypes);
		await setCampaignStages(tx, id, input.stages);
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'create_campaign',
			entity: 'campaign',
			entityId: id,
			campaignId: id,
			source: 'api',
			after: input,
			at
		});
		// A 2-level campaign stands by the province's groups from its beginning; a national
		// one by every province's, each scoped by its province.
		if (hierarchy.levels === 2) {
			if (province) await followGrouping(tx, id, await provinceGrouping(tx, province.id), '');
			else for (const p of await listUnits(tx, hierarchy.id, { level: 'province' })) await followGrouping(tx, id, await provinceGrouping(tx, p.id), '', p.code);
		}
		if (carried) await storeCarryOver(tx, actor, id, carried, at, 'api');
		return (await findCampaignByCode(tx, input.code))!;
	});
	campaignsChanged();
	return created;
}

/**
 * Changes a campaign's settings. New snapshot times are in force from `now` on: they
 * schedule no slot before it, and the slots the old times scheduled before it stay due
 * (issue 21, item 8).
 */
export async function updateCampaignSettings(db: Database, actor: Actor, campaign: Campaign, raw: unknown, source: string, now = new Date()): Promise<Campaign> {
	if (!canRunCampaign(actor, campaign)) throw new ForbiddenError();
	const updated = await db.transaction().execute(async (tx) => {
		// The settings a change applies to are read inside it, so that it never undoes another
		// admin's change made in between (its audit "before" is what it replaced).
		const before = await campaignSettings(tx, (await findCampaignByCode(tx, campaign.code))!);
		const after = parseCampaignSettings(raw, before);
		const at = now.toISOString();
		await updateCampaign(tx, campaign.id, { ...settingsRow(after), updated_at: at });
		await raiseDataVersion(tx, campaign.id, at);
		if (JSON.stringify(after.recordTypes) !== JSON.stringify(before.recordTypes)) await setCampaignRecordTypes(tx, campaign.id, after.recordTypes);
		if (JSON.stringify(after.stages) !== JSON.stringify(before.stages)) await setCampaignStages(tx, campaign.id, after.stages);
		if (!sameSnapshotTimes(after.snapshotTimes, before.snapshotTimes)) {
			const id = await insertSnapshotTimes(tx, campaign.id, after.snapshotTimes, at, actor.userId);
			await recordAudit(tx, {
				actor: actor.username,
				userId: actor.userId,
				action: 'set_snapshot_times',
				entity: 'campaign_snapshot_times',
				entityId: id,
				campaignId: campaign.id,
				source,
				before: before.snapshotTimes,
				after: { times: after.snapshotTimes, effectiveFrom: at },
				at
			});
		}
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'update_campaign',
			entity: 'campaign',
			entityId: campaign.id,
			campaignId: campaign.id,
			source,
			before,
			after,
			at
		});
		return (await findCampaignByCode(tx, campaign.code))!;
	});
	campaignsChanged();
	return updated;
}

/** The history of the campaign's snapshot times, oldest first: which slots were ever scheduled. */
export async function snapshotTimeHistory(db: Database, campaign: Campaign): Promise<SnapshotTimesPeriod[]> {
	return snapshotTimeHistoryOf(campaign, await listSnapshotTimes(db, campaign.id));
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `[{commune, recordType, target}]`, all or nothing; only changed targets make revisions. */
export async function setCampaignTargets(db: Database, actor: Actor, campaign: Campaign, raw: unknown, source: string): Promise<{ changed: number }> {
	if (!canAdminister(actor, campaign.provinceId)) throw new ForbiddenError();
	if (!Array.isArray(raw)) throw new ValidationError('Chỉ tiêu phải là một danh sách [{commune, recordType, target}].');
	const communes = new Map((await campaignUnits(db, campaign)).filter((u) => u.level === 'commune').map((u) => [u.code, u]));
	const types = new Set((await listCampaignRecordTypes(db, campaign.id)).map((r) => r.code));
	const problems: Problem[] = [];
	const seen = new Map<string, number>();
	const entries: { communeId: number; recordType: string; target: number }[] = [];
	raw.forEach((item, i) => {
		const field = `[${i}]`;
		if (!isObject(item)) return problems.push({ field, message: 'mỗi mục là {commune, recordType, target}.' });
		const commune = typeof item.commune === 'string' ? communes.get(item.commune) : undefined;
		if (!commune) problems.push({ field: `${field}.commune`, message: `xã mã «${String(item.commune)}» không thuộc tỉnh của đợt này.` });
		if (typeof item.recordType !== 'string' || !types.has(item.recordType))
			problems.push({ field: `${field}.recordType`, message: `loại việc «${String(item.recordType)}» không có trong đợt này.` });
		const target = item.target;
		if (typeof target !== 'number' || !Number.isInteger(target) || target < 0 || target > MAX_TARGET) {
			problems.push({ field: `${field}.target`, message: `chỉ tiêu phải là số nguyên từ 0 đến ${MAX_TARGET.toLocaleString('vi-VN')}.` });
		}
		const key = `${String(item.commune)}|${String(item.recordType)}`;
		if (seen.has(key)) problems.push({ field, message: `xã ${String(item.commune)}, loại việc ${String(item.recordType)} đã có ở mục ${seen.get(key)}.` });
		seen.set(key, i);
		if (commune && types.has(item.recordType as string) && typeof target === 'number') entries.push({ communeId: commune.id, recordType: item.recordType as string, target });
	});
	if (problems.length) throw new ValidationError(`Chỉ tiêu không hợp lệ (${problems.length} lỗi); không có gì được ghi.`, problems);

	return db.transaction().execute(async (tx) => {
		// The targets in force are read inside the write: what counts as changed, and each
		// audit entry's value before, are those the write replaces.
		const current = new Map((await listCurrentTargets(tx, campaign.id)).map((t) => [`${t.communeId}|${t.recordType}`, t.target]));
		const changed = entries.filter((e) => current.get(`${e.communeId}|${e.recordType}`) !== e.target);
		if (changed.length === 0) return { changed: 0 };
		const at = new Date().toISOString();
		await setTargets(tx, campaign.id, changed, { at, authorId: actor.userId, source });
		await raiseDataVersion(tx, campaign.id, at);
		await recordAudit(
			tx,
			...changed.map((e) => ({
				actor: actor.username,
				userId: actor.userId,
				action: 'set_target',
				entity: 'target',
				entityId: `${e.communeId}:${e.recordType}`,
				campaignId: campaign.id,
				unitId: e.communeId,
				source,
				before: current.get(`${e.communeId}|${e.recordType}`) ?? null,
				after: e.target,
				at
			}))
		);
		return { changed: changed.length };
	});
}

/** `[{unit, deadline}]`: a unit's own deadline; `deadline: null` removes the override. */
export async function setUnitDeadlines(db: Database, actor: Actor, campaign: Campaign, raw: unknown, source: string): Promise<{ changed: number }> {
	if (!canAdminister(actor, campaign.provinceId)) throw new ForbiddenError();
	const tree = await campaignTree(db, campaign);
	const words = wordsOfMiddle(tree.some((u) => u.level === 'group') ? 'group' : 'district');
	if (!Array.isArray(raw)) throw new ValidationError(`Hạn riêng phải là một danh sách [{unit, deadline}]: unit là mã ${words.middleNoun} hoặc mã xã.`);
	// Units first: a group whose code is also a unit's is named by the unit.
	const nodes = new Map<string, { key: string; code: string; name: string }>();
	for (const u of tree) if (u.level !== 'province' && !nodes.has(u.code)) nodes.set(u.code, u);
	const problems: Problem[] = [];
	const entries: { key: string; code: string; deadline: string | null }[] = [];
	const seen = new Set<string>();
	raw.forEach((item, i) => {
		if (!isObject(item)) return problems.push({ field: `[${i}]`, message: 'mỗi mục là {unit, deadline}.' });
		const node = typeof item.unit === 'string' ? nodes.get(item.unit) : undefined;
		if (!node) problems.push({ field: `[${i}].unit`, message: `không có ${words.middleNoun} hay xã mã «${String(item.unit)}» trong đợt này.` });
		else if (seen.has(node.code)) problems.push({ field: `[${i}].unit`, message: `đơn vị ${node.code} bị lặp.` });
		const deadline = item.deadline;
		if (deadline !== null && !isValidLocalDate(deadline))
			problems.push({ field: `[${i}].deadline`, message: `«${String(deadline)}» không phải ngày hợp lệ (YYYY-MM-DD), hoặc null để bỏ hạn riêng.` });
		else if (deadline !== null && deadline < campaign.start)
			problems.push({ field: `[${i}].deadline`, message: `hạn ${formatDate(deadline)} trước ngày bắt đầu ${formatDate(campaign.start)}.` });
		if (node) {
			seen.add(node.code);
			entries.push({ key: node.key, code: node.code, deadline: deadline as string | null });
		}
	});
	if (problems.length) throw new ValidationError(`Hạn riêng không hợp lệ (${problems.length} lỗi); không có gì được ghi.`, problems);
	await db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		const previous = new Map((await campaignTree(tx, campaign)).map((u) => [u.key, u.deadline]));
		for (const e of entries) await setDeadline(tx, campaign.id, e.key, e.deadline, actor.userId, at);
		await raiseDataVersion(tx, campaign.id, at);
		await recordAudit(
			tx,
			...entries.map((e) => ({
				actor: actor.username,
				userId: actor.userId,
				action: 'set_unit_deadline',
				entity: e.key.startsWith('g:') ? 'group_deadline' : 'unit_deadline',
				entityId: e.code,
				campaignId: campaign.id,
				unitId: e.key.startsWith('u:') ? Number(e.key.slice(2)) : null,
				source,
				before: previous.get(e.key) ?? null,
				after: e.deadline,
				at
			}))
		);
	});
	return { changed: entries.length };
}
