/**
 * A campaign read on another hierarchy version (DESIGN §3 "Across the reform", §4 "Figures
 * across hierarchy versions"): its old communes' cells carried onto the new communes by the
 * imported mapping, then the other tree (its province(s), their cụm thi đua, the new
 * communes) evaluated by the same code as the campaign's own.
 */
import { readerOf, type Actor } from '$lib/domain/access';
import { estimateKeys, mapCells, markEstimates, splitsOf } from '$lib/domain/across-versions';
import { ValidationError } from '$lib/domain/errors';
import { evaluateCampaign } from '$lib/domain/evaluate';
import { formatDate } from '$lib/domain/format';
import { figureKey, instantSnapshot, type PreviousFigure, type SnapshotData } from '$lib/domain/snapshot';
import { listCampaignRecordTypes, primaryStage } from '../campaigns/repository';
import { calendarOf, thresholdsOf } from '../campaigns/settings';
import type { Conn } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Hierarchy } from '$lib/domain/hierarchy';
import { campaignCellsAt, type CampaignProgress, type EvaluateOptions, type EvaluatedUnit } from '../progress/evaluate';
import { campaignUnits } from '../progress/repository';
import { findHierarchy, findHierarchyById } from '../units/repository';
import { communesWithProvinces, hierarchiesMappedFrom, linksFrom, provinceGroupsOf } from './repository';

export interface ProgressOnHierarchy extends CampaignProgress {
	hierarchy: Hierarchy;
	/** Old communes with figures that the mapping takes nowhere on this version. */
	unmapped: string[];
	/** Whether any row rests on an undeclared share. */
	hasEstimates: boolean;
}

/**
 * The hierarchy version a reader asks for by its date (`hierarchy=2026-07-25`): null for
 * none or the campaign's own; a validation error for a date no list was imported for.
 */
export async function requestedHierarchy(conn: Conn, campaign: Campaign, asOf: string | null): Promise<Hierarchy | null> {
	if (!asOf) return null;
	const hierarchy = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? await findHierarchy(conn, asOf) : undefined;
	if (!hierarchy)
		throw new ValidationError(`Không có danh mục đơn vị hành chính ngày «${asOf}»; dùng ngày hiệu lực của một danh mục đã nhập, ví dụ 2026-07-25.`, [
			{ field: 'hierarchy', message: 'không có danh mục ngày này.' }
		]);
	return hierarchy.id === campaign.hierarchyId ? null : hierarchy;
}

/** The hierarchy versions a campaign can be read on: its own, then those the mapping reaches from it. */
export async function hierarchyChoices(conn: Conn, campaign: Campaign): Promise<{ asOf: string; levels: number; own: boolean }[]> {
	const [own, targets] = await Promise.all([findHierarchyById(conn, campaign.hierarchyId), hierarchiesMappedFrom(conn, campaign.hierarchyId)]);
	return [...(own ? [{ asOf: own.asOf, levels: own.levels, own: true }] : []), ...targets.map((t) => ({ asOf: t.as_of, levels: t.levels, own: false }))];
}

/** The words of the choice: "Địa giới trước 1/7/2025" for a 3-level list, "Địa giới hiện nay" for a 2-level one. */
export function hierarchyLabel(h: { levels: number }): string {
	return h.levels === 3 ? 'Địa giới trước 1/7/2025' : 'Địa giới hiện nay';
}

/** Evaluates the campaign at an instant on another hierarchy version. */
export async function evaluateOnHierarchy(conn: Conn, campaign: Campaign, hierarchy: Hierarchy, opts: EvaluateOptions = {}): Promise<ProgressOnHierarchy> {
	const at = opts.at ?? new Date();
	const receivedBy = opts.receivedByAt ? at.toISOString() : null;
	if (hierarchy.levels !== 2)
		throw new ValidationError('Chỉ đọc được số liệu của đợt trên danh mục 2 cấp (tỉnh → xã).', [{ field: 'hierarchy', message: 'danh mục không phải 2 cấp.' }]);
	const [recordTypes, stage, oldUnits] = await Promise.all([listCampaignRecordTypes(conn, campaign.id), primaryStage(conn, campaign.id), campaignUnits(conn, campaign)]);
	const oldCodeOf = new Map(oldUnits.filter((u) => u.level === 'commune').map((u) => [u.id, u.code]));
	const splits = splitsOf(await linksFrom(conn, campaign.hierarchyId, hierarchy.id, [...oldCodeOf.values()]));
	if (splits.size === 0) {
		throw new ValidationError(`Chưa có bảng chuyển đổi đơn vị hành chính từ danh mục của đợt này sang danh mục ngày ${formatDate(hierarchy.asOf)}.`, [
			{ field: 'hierarchy', message: 'chưa nhập bảng chuyển đổi.' }
		]);
	}

	const units = await otherTree(conn, hierarchy, [...new Set([...splits.values()].flatMap((s) => s.parts))]);
	const keyOfCode = new Map(units.filter((u) => u.level === 'commune').map((u) => [u.code, u.key]));
	const cells = await campaignCellsAt(conn, campaign, { at, receivedBy, stage, keyOf: (id) => oldCodeOf.get(id) ?? '' });
	const mapped = mapCells(splits, cells);
	const lost = new Set(mapped.unmapped);
	const onTree = mapped.cells.flatMap((c) => {
		const key = keyOfCode.get(c.communeKey);
		if (key === undefined) {
			if (c.target > 0 || c.done > 0) lost.add(c.oldCode);
			return [];
		}
		return [{ ...c, communeKey: key }];
	});
	const estimates = estimateKeys(splits, mapped.cells, units, (code) => keyOfCode.get(code));
	const rows = evaluateCampaign({ at, calendar: calendarOf(campaign), thresholds: thresholdsOf(campaign), recordTypes: recordTypes.map((r) => r.code), units, cells: onTree });
	return { at, recordTypes, units, rows: markEstimates(rows, estimates), hierarchy, unmapped: [...lost].sort(), hasEstimates: estimates.size > 0 };
}

/**
 * The campaign's figures at an instant on another hierarchy version, shaped like a
 * snapshot's. With `previousAt` (the slot of the previous scheduled snapshot), ranks and
 * credited records carry their change since then, read on the same version.
 */
export async function snapshotDataOnHierarchy(
	conn: Conn,
	campaign: Campaign,
	hierarchy: Hierarchy,
	at: Date,
	opts: { receivedByAt?: boolean; previousAt?: string | null } = {}
): Promise<SnapshotData> {
	const progress = await evaluateOnHierarchy(conn, campaign, hierarchy, { at, receivedByAt: opts.receivedByAt });
	let previous: { slotAt: string; figures: Map<string, PreviousFigure> } | null = null;
	if (opts.previousAt) {
		const before = await evaluateOnHierarchy(conn, campaign, hierarchy, { at: new Date(opts.previousAt), receivedByAt: true });
		previous = { slotAt: opts.previousAt, figures: new Map(before.rows.map((r) => [figureKey(r.unitKey, r.recordType), { credited: r.credited, rank: r.rank }])) };
	}
	const provinceName = progress.units
		.filter((u) => u.level === 'province')
		.map((u) => u.name)
		.join(', ');
	return instantSnapshot({ campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone }, provinceName, at, progress, previous });
}

/**
 * The other tree: the provinces of the new communes, their cụm thi đua as they stand now
 * (those holding any of these communes), the new communes. Deadlines are the campaign's.
 */
async function otherTree(conn: Conn, hierarchy: Hierarchy, codes: string[]): Promise<EvaluatedUnit[]> {
	const { communes, provinces } = await communesWithProvinces(conn, hierarchy.id, codes);
	const { groups, members } = await provinceGroupsOf(
		conn,
		provinces.map((p) => p.id)
	);
	const groupOf = new Map(members.map((m) => [m.commune_id, m.group_id]));
	const held = new Set(communes.flatMap((c) => (groupOf.has(c.id) ? [groupOf.get(c.id)!] : [])));
	const tree: EvaluatedUnit[] = provinces.map((p) => ({ key: `u:${p.id}`, id: p.id, code: p.code, name: p.name, level: 'province', parentKey: null, deadline: null }));
	for (const g of groups) {
		if (held.has(g.id)) tree.push({ key: `g:${g.id}`, id: g.id, code: g.code, name: g.name, level: 'group', parentKey: `u:${g.province_id}`, deadline: null });
	}
	for (const c of communes) {
		const group = groupOf.get(c.id);
		tree.push({ key: `u:${c.id}`, id: c.id, code: c.code, name: c.name, level: 'commune', parentKey: group !== undefined ? `g:${group}` : `u:${c.province_id}`, deadline: null });
	}
	return tree;
}

/**
 * The units of the other tree a reader sees: every unit for the admins and leaders who read
 * the whole campaign; the provinces and cụm thi đua for anyone else who may read it (the
 * communes of the other version are no one unit's own).
 */
export function visibleOnOtherTree(units: readonly { key: string; level: string }[], actor: Actor | null, campaign: Campaign): Set<string> {
	const reader = readerOf(actor, { provinceId: campaign.provinceId });
	const whole = reader !== null && (reader.role === 'admin' || reader.role === 'leader');
	return new Set(units.filter((u) => whole || u.level !== 'commune').map((u) => u.key));
}
