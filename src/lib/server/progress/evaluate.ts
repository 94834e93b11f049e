import { campaignStartInstant } from '$lib/domain/calendar';
import { evaluateCampaign, NATION_KEY, type CellInput, type ProgressRow, type UnitNode } from '$lib/domain/evaluate';
import { groupInNation } from '$lib/domain/groups';
import { NATION_NAME } from '$lib/domain/levels';
import { cellFinishTime, paceWindowMs } from '$lib/domain/progress';
import { listCampaignRecordTypes, primaryStage, type CampaignRecordType } from '../campaigns/repository';
import { calendarOf, thresholdsOf } from '../campaigns/settings';
import type { Conn } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { cellSeries } from '../counts/repository';
import { campaignCells, campaignGroupingAt, campaignUnits, deadlineOverrides, groupDeadlineOverrides, hierarchyLevels, latestChanges } from './repository';

export interface EvaluatedUnit extends UnitNode {
	id: number; // unit id, or group id for a group
}

export interface CampaignProgress {
	at: Date;
	recordTypes: CampaignRecordType[];
	units: EvaluatedUnit[];
	rows: ProgressRow[];
}

export interface EvaluateOptions {
	at?: Date;
	/** A scheduled snapshot counts only reports received by its instant. */
	receivedByAt?: boolean;
}

/** The name of the campaign's province, e.g. "Tỉnh Thái Bình" ("Toàn quốc" for a national campaign). */
export async function provinceNameOf(conn: Conn, campaign: Campaign): Promise<string> {
	return (await campaignTree(conn, campaign)).find((u) => u.parentKey === null)?.name ?? '';
}

/**
 * The tree of a campaign: province, districts or groups, communes. A 2-level campaign's
 * communes sit in the groups in force at `at` (ISO; by default now), so that a past
 * instant keeps the grouping it had. A national campaign (no province) has the nation as
 * its root and every province of its hierarchy version under it; on the 2-level list each
 * province's cụm thi đua sit under their own province (the group's scope, not its
 * communes), with their scoped code and their province in their name
 * (`groupInNation`), and a province's part holds only its own cụm, as the province names them.
 */
export async function campaignTree(conn: Conn, campaign: Campaign, at: string | null = null): Promise<EvaluatedUnit[]> {
	const units = await campaignUnits(conn, campaign);
	const { levels } = await hierarchyLevels(conn, campaign.hierarchyId);
	const overrides = new Map((await deadlineOverrides(conn, campaign.id)).map((d) => [`u:${d.unit_id}`, d.deadline]));
	const key = (id: number) => `u:${id}`;
	const tree: EvaluatedUnit[] = [];
	const groupOf = new Map<number, number>();
	const national = campaign.provinceId === null;
	if (national) tree.push({ key: NATION_KEY, id: 0, code: '', name: NATION_NAME, level: 'nation', parentKey: null, deadline: null });
	for (const u of units) {
		if (u.level === 'province')
			tree.push({ key: key(u.id), id: u.id, code: u.code, name: u.name, level: 'province', parentKey: national ? NATION_KEY : null, deadline: overrides.get(key(u.id)) ?? null });
	}
	const provinceKey = national ? null : (tree[0]?.key ?? null);
	if (levels === 2) {
		const [grouping, groupDeadlines] = await Promise.all([campaignGroupingAt(conn, campaign.id, at), groupDeadlineOverrides(conn, campaign.id)]);
		for (const d of groupDeadlines) overrides.set(`g:${d.group_id}`, d.deadline);
		// A group scoped by a province (a national campaign's) sits under that province.
		const provinceOf = new Map(units.filter((u) => u.level === 'province').map((u) => [u.code, u]));
		const placed = new Set<number>();
		for (const g of grouping.groups) {
			const province = g.provinceCode === null ? undefined : provinceOf.get(g.provinceCode);
			const parentKey = g.provinceCode === null ? provinceKey : province && key(province.id);
			if (!parentKey) continue; // another province's, outside this part
			placed.add(g.id);
			// Among every province's (the ministry's tree), a group is named with its province; a part's are the province's own.
			const { code, name } = national && province ? groupInNation(g, province) : g;
			tree.push({ key: `g:${g.id}`, id: g.id, code, name, level: 'group', parentKey, deadline: overrides.get(`g:${g.id}`) ?? null });
		}
		for (const m of grouping.members) if (placed.has(m.group_id)) groupOf.set(m.commune_id, m.group_id);
	}
	for (const u of units) {
		if (u.level === 'district')
			tree.push({
				key: key(u.id),
				id: u.id,
				code: u.code,
				name: u.name,
				level: 'district',
				parentKey: provinceKey ?? key(u.parent_id!),
				deadline: overrides.get(key(u.id)) ?? null
			});
	}
	for (const u of units) {
		if (u.level !== 'commune') continue;
		const group = groupOf.get(u.id);
		const parentKey = group !== undefined ? `g:${group}` : u.parent_id !== null ? key(u.parent_id) : provinceKey;
		tree.push({ key: key(u.id), id: u.id, code: u.code, name: u.name, level: 'commune', parentKey, deadline: overrides.get(key(u.id)) ?? null });
	}
	return tree;
}

/**
 * The cells of a campaign as they stood at `at` (with the values at the start of the pace
 * window and each finished cell's finish time), keyed by `keyOf(communeId)`. "Now" reads
 * the current-value table; any other instant seeks each cell's value in force then.
 */
export async function campaignCellsAt(
	conn: Conn,
	campaign: Campaign,
	opts: { at: Date; receivedBy: string | null; stage: string; keyOf: (communeId: number) => string }
): Promise<CellInput[]> {
	const { at, receivedBy, stage } = opts;
	const atIso = at.toISOString();
	const latest = await latestChanges(conn, campaign.id);
	const targetsCurrent = latest.targetsAt === null || latest.targetsAt <= atIso;
	const valuesCurrent = receivedBy === null && (latest.valuesAt === null || latest.valuesAt <= atIso);

	const windowStart = new Date(at.getTime() - paceWindowMs(at, campaignStartInstant(calendarOf(campaign)))).toISOString();
	const rows = await campaignCells(conn, {
		campaignId: campaign.id,
		stage,
		valuesAt: valuesCurrent ? null : atIso,
		targetsAt: targetsCurrent ? null : atIso,
		before: windowStart,
		receivedBy
	});

	const cells: CellInput[] = [];
	for (const [communeId, recordType, target, targetNow, cumulative, asOf, before, currentFinish] of rows) {
		const cell: CellInput = {
			communeKey: opts.keyOf(communeId),
			recordType,
			target,
			done: cumulative ?? 0,
			doneBefore: before ?? 0,
			finishedAt: null,
			lastReportAt: asOf
		};
		if (target > 0 && cell.done >= target) {
			// The current table's finish time when it holds for this instant, else from the cell's series.
			const reusable = receivedBy === null && targetNow === target && currentFinish !== null && currentFinish <= atIso;
			if (reusable) cell.finishedAt = currentFinish;
			else {
				const series = await cellSeries(
					conn,
					{ campaign_id: campaign.id, commune_id: communeId, record_type: recordType, stage },
					{ asOfMax: atIso, receivedMax: receivedBy ?? undefined }
				);
				cell.finishedAt = cellFinishTime(series, target, '');
			}
		}
		cells.push(cell);
	}
	return cells;
}

/**
 * Evaluates a campaign at an instant from the report log, so that the figures are the ones
 * a snapshot taken at that instant would hold.
 */
export async function evaluateCampaignAt(conn: Conn, campaign: Campaign, opts: EvaluateOptions = {}): Promise<CampaignProgress> {
	const at = opts.at ?? new Date();
	const atIso = at.toISOString();
	const receivedBy = opts.receivedByAt ? atIso : null;
	const [recordTypes, stage, units] = await Promise.all([listCampaignRecordTypes(conn, campaign.id), primaryStage(conn, campaign.id), campaignTree(conn, campaign, atIso)]);
	const communeKeys = new Map(units.filter((u) => u.level === 'commune').map((u) => [u.id, u.key]));
	const cells = await campaignCellsAt(conn, campaign, { at, receivedBy, stage, keyOf: (id) => communeKeys.get(id) ?? `u:${id}` });
	return {
		at,
		recordTypes,
		units,
		rows: evaluateCampaign({ at, calendar: calendarOf(campaign), thresholds: thresholdsOf(campaign), recordTypes: recordTypes.map((r) => r.code), units, cells })
	};
}
