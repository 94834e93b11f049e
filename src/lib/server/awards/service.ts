/**
 * Award rules set by admins and the award lists drawn from them (issue 7). A list is
 * evaluated on one stored snapshot and frozen: it names that snapshot, copies the rule
 * as worded then, and later reports or rule edits never change it.
 */
import type { Actor } from '$lib/domain/access';
import {
	awardListTitle,
	defaultSnapshot,
	describeCriteria,
	evaluateAward,
	parseAwardRule,
	snapshotCaution,
	snapshotProblem,
	type AwardContext,
	type AwardCriteria,
	type AwardEntry,
	type AwardKind,
	type ListedUnit
} from '$lib/domain/awards';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '$lib/domain/errors';
import { recordAudit } from '../audit/repository';
import { listCampaignRecordTypes } from '../campaigns/repository';
import { hasCampaignGroups } from '../progress/repository';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { AwardRule } from '../db/schema';
import { headerOf, readableSnapshot, readsProvince, type SnapshotHeader } from '../snapshots/pages';
import { listSnapshots } from '../snapshots/repository';
import { snapshotData } from '../snapshots/view';
import { provinceNameOf } from '../progress/evaluate';
import { buildAwardWorkbook } from '$reports/awards';
import { emulationFigures } from '../leaderboard/emulation';

/** The kinds that read improvement, brackets or streaks (issue 27). */
const EMULATION_KINDS = new Set<AwardKind>(['most_improved', 'bracket_top_n', 'streak']);
import { issuerOf } from '$reports/snapshot-report';
import {
	archiveAwardRule,
	awardListEntries,
	findAwardList,
	findAwardRule,
	insertAwardList,
	insertAwardRule,
	listAwardLists,
	listAwardRules,
	updateAwardRule,
	type AwardListSummary
} from './repository';
import { canRunCampaign } from '../campaigns/part';

export async function awardContext(db: Database, campaign: Campaign): Promise<AwardContext> {
	const [recordTypes, hasGroups] = await Promise.all([listCampaignRecordTypes(db, campaign.id), hasCampaignGroups(db, campaign.id)]);
	return {
		startDate: campaign.start,
		deadline: campaign.deadline,
		timeZone: campaign.timeZone,
		recordTypes: recordTypes.map((t) => ({ code: t.code, name: t.name })),
		hasGroups,
		national: campaign.provinceId === null
	};
}

/** A stored rule's criteria: the kind is a column, the rest is JSON. */
export function criteriaOf(rule: Pick<AwardRule, 'kind' | 'params'>): AwardCriteria {
	return { ...(JSON.parse(rule.params) as Omit<AwardCriteria, 'kind'>), kind: rule.kind as AwardKind };
}

function paramsOf(c: AwardCriteria): string {
	const { kind: _kind, ...params } = c;
	return JSON.stringify(params);
}

export interface RuleView {
	id: number;
	name: string;
	criteria: AwardCriteria;
	description: string;
}

/** The rules of a campaign in the admin's order, each worded in Vietnamese. */
export async function awardRules(db: Database, campaign: Campaign): Promise<RuleView[]> {
	const [ctx, rules] = await Promise.all([awardContext(db, campaign), listAwardRules(db, campaign.id)]);
	return rules.map((r) => ({ id: r.id, name: r.name, criteria: criteriaOf(r), description: describeCriteria(criteriaOf(r), ctx) }));
}

/** One rule, for its own page. */
export async function awardRule(db: Database, actor: Actor, campaign: Campaign, id: number | string): Promise<RuleView> {
	requireAdmin(actor, campaign);
	const rule = await ruleOf(db, campaign, id);
	const criteria = criteriaOf(rule);
	return { id: rule.id, name: rule.name, criteria, description: describeCriteria(criteria, await awardContext(db, campaign)) };
}

function requireAdmin(actor: Actor, campaign: Campaign) {
	if (!canRunCampaign(actor, campaign)) throw new ForbiddenError('Chỉ quản trị của tỉnh mới đặt tiêu chí và lập danh sách khen thưởng.');
}

async function ruleOf(db: Database, campaign: Campaign, id: number | string): Promise<AwardRule> {
	const n = Number(id);
	const rule = Number.isInteger(n) && n > 0 ? await findAwardRule(db, campaign.id, n) : undefined;
	if (!rule || rule.archived_at !== null) throw new NotFoundError(`Không có tiêu chí khen thưởng #${id} trong đợt này.`);
	return rule;
}

/** Creates a rule, or replaces rule `id`; audited with its before and after. */
export async function saveAwardRule(db: Database, actor: Actor, campaign: Campaign, raw: Record<string, unknown>, source: string, id?: number | string): Promise<number> {
	requireAdmin(actor, campaign);
	const { name, criteria } = parseAwardRule(raw, await awardContext(db, campaign));
	const before = id === undefined ? null : await ruleOf(db, campaign, id);
	const at = new Date().toISOString();
	const row = { name, kind: criteria.kind, params: paramsOf(criteria), at };
	return db.transaction().execute(async (tx) => {
		const ruleId = before ? before.id : await insertAwardRule(tx, { campaignId: campaign.id, ...row });
		if (before) await updateAwardRule(tx, before.id, row);
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: before ? 'update_award_rule' : 'create_award_rule',
			entity: 'award_rule',
			entityId: ruleId,
			campaignId: campaign.id,
			source,
			before: before ? { name: before.name, ...criteriaOf(before) } : null,
			after: { name, ...criteria },
			at
		});
		return ruleId;
	});
}

/** Retires a rule: it is no longer offered, and the lists drawn from it stay. */
export async function archiveRule(db: Database, actor: Actor, campaign: Campaign, id: number | string, source: string): Promise<void> {
	requireAdmin(actor, campaign);
	const rule = await ruleOf(db, campaign, id);
	const at = new Date().toISOString();
	await db.transaction().execute(async (tx) => {
		await archiveAwardRule(tx, rule.id, at);
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'archive_award_rule',
			entity: 'award_rule',
			entityId: rule.id,
			campaignId: campaign.id,
			source,
			before: { name: rule.name, ...criteriaOf(rule) },
			at
		});
	});
}

export interface AwardPreview {
	rule: RuleView;
	snapshot: SnapshotHeader;
	/** Why this snapshot cannot carry the rule; the list cannot be frozen then. */
	problem: string | null;
	caution: string | null;
	entries: AwardEntry[];
}

async function evaluate(db: Database, campaign: Campaign, rule: AwardRule, snapshotId: number | string | null): Promise<AwardPreview | null> {
	const ctx = await awardContext(db, campaign);
	const criteria = criteriaOf(rule);
	const choices = (await listSnapshots(db, campaign, 1000)).map((s) => ({ id: s.id, slotAt: s.slot_at }));
	const chosen = snapshotId === null ? defaultSnapshot(criteria, choices, ctx)?.id : snapshotId;
	if (chosen === undefined) return null;
	const snapshot = await readableSnapshot(db, campaign, chosen);
	const data = await snapshotData(db, campaign, snapshot, { recordType: criteria.recordType });
	const emulation = EMULATION_KINDS.has(criteria.kind) ? await emulationFigures(db, campaign, snapshot, criteria.recordType) : undefined;
	return {
		rule: { id: rule.id, name: rule.name, criteria, description: describeCriteria(criteria, ctx) },
		snapshot: headerOf(snapshot),
		problem: snapshotProblem(criteria, snapshot.slot_at, ctx),
		caution: snapshotCaution(criteria, snapshot.slot_at, ctx),
		entries: evaluateAward(data, criteria, ctx, emulation)
	};
}

/**
 * What a list would hold: rule `ruleId` on snapshot `snapshotId`, or on the newest snapshot
 * the rule may rest on. Null when the campaign has no such snapshot yet.
 */
export async function previewAwardList(db: Database, actor: Actor, campaign: Campaign, ruleId: number | string, snapshotId: number | string | null): Promise<AwardPreview | null> {
	requireAdmin(actor, campaign);
	return evaluate(db, campaign, await ruleOf(db, campaign, ruleId), snapshotId);
}

/** Evaluates rule `ruleId` on snapshot `snapshotId` and freezes the result; audited. */
export async function drawAwardList(db: Database, actor: Actor, campaign: Campaign, ruleId: number | string, snapshotId: number | string, source: string): Promise<number> {
	requireAdmin(actor, campaign);
	const rule = await ruleOf(db, campaign, ruleId);
	const preview = (await evaluate(db, campaign, rule, snapshotId))!;
	if (preview.problem) throw new ValidationError(preview.problem, [{ field: 'snapshot', message: preview.problem }]);
	const at = new Date().toISOString();
	return db.transaction().execute(async (tx) => {
		// The rule must be the one evaluated: an edit in between would give a list its wording does not match.
		const now = await findAwardRule(tx, campaign.id, rule.id);
		if (!now || now.archived_at !== null || now.updated_at !== rule.updated_at)
			throw new ConflictError('Tiêu chí vừa được sửa hoặc ngừng dùng; hãy xem lại danh sách trước khi chốt.');
		const id = await insertAwardList(
			tx,
			{
				campaign_id: campaign.id,
				rule_id: rule.id,
				snapshot_id: preview.snapshot.id,
				name: rule.name,
				kind: rule.kind,
				params: rule.params,
				description: preview.rule.description,
				created_by: actor.userId,
				frozen_at: at
			},
			preview.entries.map((e) => ({
				position: e.position,
				unit_id: e.unitKey.startsWith('u:') ? Number(e.unitKey.slice(2)) : null,
				group_id: e.unitKey.startsWith('g:') ? Number(e.unitKey.slice(2)) : null,
				level: e.level,
				code: e.code,
				name: e.name,
				parent_name: e.parentName,
				pct: e.pct,
				credited: e.credited,
				target: e.target,
				finished_at: e.finishedAt,
				rank: e.rank,
				award: e.award,
				reason: e.reason
			}))
		);
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'draw_award_list',
			entity: 'award_list',
			entityId: id,
			campaignId: campaign.id,
			source,
			after: { rule: rule.id, name: rule.name, snapshot: preview.snapshot.id, slotAt: preview.snapshot.slotAt, entries: preview.entries.map((e) => e.code) },
			at
		});
		return id;
	});
}

function requireReader(actor: Actor | null, campaign: Campaign) {
	if (!readsProvince(actor, campaign)) throw new ForbiddenError('Danh sách khen thưởng dành cho lãnh đạo và quản trị của tỉnh.');
}

/** The frozen lists of a campaign, newest first. */
export async function awardLists(db: Database, actor: Actor | null, campaign: Campaign): Promise<AwardListSummary[]> {
	requireReader(actor, campaign);
	return listAwardLists(db, campaign.id);
}

export interface FrozenList {
	id: number;
	/** The issuing province, e.g. "Tỉnh Thái Bình". */
	provinceName: string;
	name: string;
	kind: string;
	title: string;
	description: string;
	slotAt: string;
	snapshotId: number;
	snapshotKind: string;
	frozenAt: string;
	frozenBy: string | null;
	entries: ListedUnit[];
}

/** One frozen list as stored: nothing in it is recomputed. */
export async function frozenList(db: Database, actor: Actor | null, campaign: Campaign, id: number | string): Promise<FrozenList> {
	requireReader(actor, campaign);
	const n = Number(id);
	const list = Number.isInteger(n) && n > 0 ? await findAwardList(db, campaign.id, n) : undefined;
	if (!list) throw new NotFoundError(`Không có danh sách khen thưởng #${id} trong đợt này.`);
	const [entries, provinceName] = await Promise.all([awardListEntries(db, list.id), provinceNameOf(db, campaign)]);
	return {
		id: list.id,
		provinceName,
		name: list.name,
		kind: list.kind,
		title: awardListTitle(list.kind),
		description: list.description,
		slotAt: list.slotAt,
		snapshotId: list.snapshotId,
		snapshotKind: list.snapshotKind,
		frozenAt: list.frozenAt,
		frozenBy: list.createdByName,
		entries: entries.map((e) => ({
			position: e.position,
			code: e.code,
			name: e.name,
			level: e.level,
			parentName: e.parent_name,
			pct: e.pct,
			credited: e.credited,
			target: e.target,
			finishedAt: e.finished_at,
			rank: e.rank,
			award: e.award,
			reason: e.reason
		}))
	};
}

/** The official workbook of a frozen list. */
export function awardWorkbook(campaign: Campaign, list: FrozenList) {
	const workbook = buildAwardWorkbook({ issuer: issuerOf(list.provinceName), provinceName: list.provinceName, campaignName: campaign.name, timeZone: campaign.timeZone, list });
	return { name: `danh-sach-${list.kind === 'below_pct' ? 'kiem-diem' : 'khen-thuong'}-${campaign.code}-${list.id}.xlsx`, workbook };
}
