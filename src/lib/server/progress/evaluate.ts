import { campaignStartInstant } from '../../domain/calendar';
import { evaluateCampaign, type CellInput, type ProgressRow, type UnitNode } from '../../domain/evaluate';
import { cellFinishTime, paceWindowMs } from '../../domain/progress';
import { listCampaignRecordTypes, primaryStage, type CampaignRecordType } from '../campaigns/repository';
import { calendarOf, thresholdsOf } from '../campaigns/settings';
import type { Conn } from '../db';
import type { Campaign } from '../db/schema';
import { cellSeries } from '../reports/repository';
import {
	campaignGroupMembers,
	campaignGroups,
	campaignUnits,
	cumulativeAt,
	currentTargets,
	currentValues,
	deadlineOverrides,
	hierarchyLevels,
	latestChanges,
	targetsAt,
	valuesAt
} from './repository';

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

/** The tree of a campaign: province, districts or groups, communes. */
export async function campaignTree(conn: Conn, campaign: Campaign): Promise<EvaluatedUnit[]> {
	const units = await campaignUnits(conn, campaign);
	const { levels } = await hierarchyLevels(conn, campaign.hierarchy_id);
	const overrides = new Map((await deadlineOverrides(conn, campaign.id)).map((d) => [d.unit_id, d.deadline]));
	const key = (id: number) => `u:${id}`;
	const tree: EvaluatedUnit[] = [];
	const groupOf = new Map<number, number>();
	for (const u of units) {
		if (u.level === 'province') tree.push({ key: key(u.id), id: u.id, code: u.code, name: u.name, level: 'province', parentKey: null, deadline: overrides.get(u.id) ?? null });
	}
	const provinceKey = tree[0]?.key ?? null;
	if (levels === 2) {
		for (const g of await campaignGroups(conn, campaign.id)) {
			tree.push({ key: `g:${g.id}`, id: g.id, code: g.code, name: g.name, level: 'group', parentKey: provinceKey, deadline: null });
		}
		for (const m of await campaignGroupMembers(conn, campaign.id)) groupOf.set(m.commune_id, m.group_id);
	}
	for (const u of units) {
		if (u.level === 'district') tree.push({ key: key(u.id), id: u.id, code: u.code, name: u.name, level: 'district', parentKey: provinceKey, deadline: overrides.get(u.id) ?? null });
	}
	for (const u of units) {
		if (u.level !== 'commune') continue;
		const group = groupOf.get(u.id);
		const parentKey = group !== undefined ? `g:${group}` : u.parent_id !== null ? key(u.parent_id) : provinceKey;
		tree.push({ key: key(u.id), id: u.id, code: u.code, name: u.name, level: 'commune', parentKey, deadline: overrides.get(u.id) ?? null });
	}
	return tree;
}

/**
 * Evaluates a campaign at an instant from the report log. "Now" reads the current-value
 * table; any other instant seeks each cell's value in force then, so that the figures are
 * the ones a snapshot taken at that instant would hold.
 */
export async function evaluateCampaignAt(conn: Conn, campaign: Campaign, opts: EvaluateOptions = {}): Promise<CampaignProgress> {
	const at = opts.at ?? new Date();
	const atIso = at.toISOString();
	const calendar = calendarOf(campaign);
	const receivedBy = opts.receivedByAt ? atIso : null;
	const [recordTypes, stage, units, latest] = await Promise.all([
		listCampaignRecordTypes(conn, campaign.id),
		primaryStage(conn, campaign.id),
		campaignTree(conn, campaign),
		latestChanges(conn, campaign.id)
	]);
	const targetsCurrent = latest.targetsAt === null || latest.targetsAt <= atIso;
	const valuesCurrent = receivedBy === null && (latest.valuesAt === null || latest.valuesAt <= atIso);

	const nowTargets = await currentTargets(conn, campaign.id);
	const targets = targetsCurrent ? nowTargets : await targetsAt(conn, campaign.id, atIso);
	const current = await currentValues(conn, campaign.id, stage);
	const done = valuesCurrent ? current : await valuesAt(conn, campaign.id, stage, atIso, receivedBy);
	const before = await cumulativeAt(
		conn,
		campaign.id,
		stage,
		new Date(at.getTime() - paceWindowMs(at, campaignStartInstant(calendar))).toISOString(),
		receivedBy
	);

	const cellKey = (communeId: number, recordType: string) => `${communeId}|${recordType}`;
	const cells = new Map<string, CellInput & { communeId: number }>();
	const cellAt = (communeId: number, recordType: string) => {
		const k = cellKey(communeId, recordType);
		let cell = cells.get(k);
		if (!cell) {
			cell = { communeId, communeKey: `u:${communeId}`, recordType, target: 0, done: 0, doneBefore: 0, finishedAt: null, lastReportAt: null };
			cells.set(k, cell);
		}
		return cell;
	};
	for (const t of targets) cellAt(t.commune_id, t.record_type).target = t.target;
	for (const v of done) {
		const cell = cellAt(v.commune_id, v.record_type);
		cell.done = v.cumulative;
		cell.lastReportAt = v.as_of;
	}
	for (const v of before) cellAt(v.commune_id, v.record_type).doneBefore = v.cumulative;

	// Finish times: the current table's when it holds for this instant, else from the cell's series.
	const nowTargetOf = new Map(nowTargets.map((t) => [cellKey(t.commune_id, t.record_type), t.target]));
	const currentOf = new Map(current.map((c) => [cellKey(c.commune_id, c.record_type), c]));
	for (const [k, cell] of cells) {
		if (cell.target <= 0 || cell.done < cell.target) continue;
		const cv = currentOf.get(k);
		const reusable = receivedBy === null && nowTargetOf.get(k) === cell.target && cv?.finished_at != null && cv.finished_at <= atIso;
		if (reusable) cell.finishedAt = cv!.finished_at;
		else {
			const series = await cellSeries(conn, { campaign_id: campaign.id, commune_id: cell.communeId, record_type: cell.recordType, stage }, { asOfMax: atIso, receivedMax: receivedBy ?? undefined });
			cell.finishedAt = cellFinishTime(series, cell.target, '');
		}
	}

	const rows = evaluateCampaign({
		at,
		calendar,
		thresholds: thresholdsOf(campaign),
		recordTypes: recordTypes.map((r) => r.code),
		units,
		cells: [...cells.values()]
	});
	return { at, recordTypes, units, rows };
}
