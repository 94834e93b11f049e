/**
 * Carrying a backlog over (issue 26, DESIGN §8 `POST /campaigns` with `carryOver`): a new
 * campaign whose targets per commune and record type are an earlier campaign's remaining
 * at an instant, mapped onto the new campaign's hierarchy version (DESIGN §4).
 */
import { readerOf, type Actor } from '$lib/domain/access';
import { mapCells, remainingByCommune, splitsOf, type Split } from '$lib/domain/across-versions';
import { NotFoundError, ValidationError } from '$lib/domain/errors';
import { formatDateTime } from '$lib/domain/format';
import { credited } from '$lib/domain/progress';
import { recordTypeName } from '$lib/domain/record-types';
import { parseInstant } from '$lib/domain/time';
import { recordAudit } from '../audit/repository';
import { findCampaignByCode, listCampaignRecordTypes, listCampaigns, primaryStage } from '../campaigns/repository';
import { setTargets } from '../campaigns/targets';
import type { Conn } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Hierarchy } from '$lib/domain/hierarchy';
import type { Unit } from '../db/schema';
import { campaignCellsAt } from '../progress/evaluate';
import { campaignUnits } from '../progress/repository';
import { listUnits } from '../units/repository';
import { linksFrom } from './repository';

export interface CarryOverRequest {
	from: string;
	/** ISO 8601 with offset; none: now. */
	at: string | null;
}

export interface CarryOver {
	from: { code: string; name: string };
	at: string;
	/** One entry per new commune and record type with work left, in commune then type order. */
	targets: { communeId: number; commune: string; communeName: string; recordType: string; target: number; estimate: boolean }[];
	/** Per record type of the old campaign: its remaining at `at` and what the new campaign takes over. */
	totals: { recordType: string; name: string; remaining: number; carried: number }[];
	/** Records left on communes of another province, which this campaign cannot take. */
	elsewhere: number;
}

/** Takes `carryOver` out of a new campaign's JSON: the rest, and the request if any. */
export function splitCarryOver(raw: unknown): { rest: unknown; request: CarryOverRequest | null } {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('carryOver' in raw)) return { rest: raw, request: null };
	const { carryOver, ...rest } = raw as Record<string, unknown>;
	if (carryOver === null || carryOver === undefined) return { rest, request: null };
	const c = carryOver as Record<string, unknown>;
	const problems = [];
	if (typeof c !== 'object' || typeof c.from !== 'string' || !c.from.trim()) problems.push({ field: 'carryOver.from', message: 'cần mã đợt cũ để chuyển phần còn lại.' });
	if (c?.at !== undefined && c.at !== null && (typeof c.at !== 'string' || !parseInstant(c.at)))
		problems.push({ field: 'carryOver.at', message: 'thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2024-12-10T12:00:00+07:00.' });
	if (problems.length) throw new ValidationError('Yêu cầu chuyển phần còn lại không hợp lệ; không có gì được ghi.', problems);
	return { rest, request: { from: (c.from as string).trim(), at: typeof c.at === 'string' ? c.at : null } };
}

/** The old campaign, if the actor reads it whole (its province's admins and leaders, or those of the province that absorbed it). */
export async function carriedCampaign(conn: Conn, actor: Actor, code: string): Promise<Campaign> {
	const campaign = await findCampaignByCode(conn, code);
	const reader = campaign ? readerOf(actor, { provinceId: campaign.provinceId }) : null;
	if (!campaign || !reader || (reader.role !== 'admin' && reader.role !== 'leader'))
		throw new NotFoundError(`Không có đợt số hóa mã «${code}» để chuyển phần còn lại, hoặc bạn không được xem toàn bộ đợt đó.`);
	return campaign;
}

/** A new campaign's JSON given the old campaign's record types when it names none. */
export async function withCarriedRecordTypes(conn: Conn, actor: Actor, raw: unknown, request: CarryOverRequest): Promise<unknown> {
	if (typeof raw !== 'object' || raw === null || 'recordTypes' in raw) return raw;
	const from = await carriedCampaign(conn, actor, request.from);
	return { ...raw, recordTypes: (await listCampaignRecordTypes(conn, from.id)).map((t) => t.code) };
}

/**
 * The targets a campaign of `province` on `hierarchy` takes over from campaign
 * `request.from`: its remaining at `request.at` (default `now`) per commune and record type,
 * mapped onto the new communes. Refused when the mapping does not reach the new version,
 * or the old campaign has work left in a record type the new one lacks.
 */
export async function carryOverTargets(
	conn: Conn,
	actor: Actor,
	request: CarryOverRequest,
	to: { hierarchy: Hierarchy; province: Unit; recordTypes: string[] },
	now = new Date()
): Promise<CarryOver> {
	const from = await carriedCampaign(conn, actor, request.from);
	const at = request.at === null ? now : parseInstant(request.at)!;
	if (at > now)
		throw new ValidationError(`Thời điểm ${formatDateTime(at, from.timeZone)} còn ở tương lai; chỉ chuyển được phần còn lại đến hiện tại.`, [
			{ field: 'carryOver.at', message: 'thời điểm ở tương lai.' }
		]);
	const [oldUnits, stage, newCommunes] = await Promise.all([
		campaignUnits(conn, from),
		primaryStage(conn, from.id),
		listUnits(conn, to.hierarchy.id, { provinceId: to.province.id, level: 'commune' })
	]);
	const oldCodeOf = new Map(oldUnits.filter((u) => u.level === 'commune').map((u) => [u.id, u.code]));
	let splits: Map<string, Split>;
	if (from.hierarchyId === to.hierarchy.id) {
		splits = new Map([...oldCodeOf.values()].map((code) => [code, { oldCode: code, parts: [code], weights: [1], undeclared: false }]));
	} else {
		splits = splitsOf(await linksFrom(conn, from.hierarchyId, to.hierarchy.id, [...oldCodeOf.values()]));
		if (splits.size === 0)
			throw new ValidationError(`Chưa có bảng chuyển đổi đơn vị hành chính từ danh mục của đợt «${from.code}» sang danh mục ngày ${to.hierarchy.asOf}.`, [
				{ field: 'carryOver.from', message: 'chưa nhập bảng chuyển đổi.' }
			]);
	}

	const cells = await campaignCellsAt(conn, from, { at, receivedBy: null, stage, keyOf: (id) => oldCodeOf.get(id) ?? '' });
	const remaining = new Map<string, number>();
	for (const c of cells) remaining.set(c.recordType, (remaining.get(c.recordType) ?? 0) + c.target - credited(c));
	const missing = [...remaining].filter(([type, left]) => left > 0 && !to.recordTypes.includes(type)).map(([type]) => recordTypeName(type));
	if (missing.length)
		throw new ValidationError(`Đợt «${from.code}» còn việc ở loại ${missing.join(', ')} mà đợt mới không có; hãy chọn thêm loại việc đó.`, [
			{ field: 'recordTypes', message: `thiếu ${missing.join(', ')}.` }
		]);

	const mapped = remainingByCommune(mapCells(splits, cells).cells);
	const targets: CarryOver['targets'] = [];
	const carried = new Map<string, number>();
	const inProvince = new Set<string>();
	for (const commune of newCommunes) {
		inProvince.add(commune.code);
		for (const [recordType, { remaining: target, estimate }] of mapped.get(commune.code) ?? []) {
			if (target <= 0) continue;
			targets.push({ communeId: commune.id, commune: commune.code, communeName: commune.name, recordType, target, estimate });
			carried.set(recordType, (carried.get(recordType) ?? 0) + target);
		}
	}
	let elsewhere = 0;
	for (const [code, byType] of mapped) if (!inProvince.has(code)) for (const { remaining: left } of byType.values()) elsewhere += left;
	const order = new Map(to.recordTypes.map((t, i) => [t, i]));
	targets.sort((a, b) => (a.commune < b.commune ? -1 : a.commune > b.commune ? 1 : (order.get(a.recordType) ?? 99) - (order.get(b.recordType) ?? 99)));
	return {
		from: { code: from.code, name: from.name },
		at: at.toISOString(),
		targets,
		totals: [...remaining].map(([recordType, left]) => ({ recordType, name: recordTypeName(recordType), remaining: left, carried: carried.get(recordType) ?? 0 })),
		elsewhere
	};
}

/** Writes the carried targets of a new campaign and audits where they came from. Inside its creating transaction. */
export async function storeCarryOver(tx: Conn, actor: Actor, campaignId: number, carry: CarryOver, at: string, source: string): Promise<void> {
	const note = `Chuyển phần còn lại từ đợt ${carry.from.code} lúc ${carry.at}`;
	await setTargets(tx, campaignId, carry.targets, { at, authorId: actor.userId, source: 'carry_over', note });
	await recordAudit(tx, {
		actor: actor.username,
		userId: actor.userId,
		action: 'carry_over_targets',
		entity: 'campaign',
		entityId: campaignId,
		campaignId,
		source,
		after: {
			from: carry.from.code,
			at: carry.at,
			totals: carry.totals,
			cells: carry.targets.length,
			estimates: carry.targets.filter((t) => t.estimate).length,
			elsewhere: carry.elsewhere
		},
		at
	});
}

/** The campaigns an admin may carry a backlog over from: those they read whole, newest first. */
export async function carryableCampaigns(conn: Conn, actor: Actor): Promise<{ code: string; name: string; start: string; deadline: string }[]> {
	return (await listCampaigns(conn))
		.filter((c) => readerOf(actor, { provinceId: c.provinceId }) !== null)
		.sort((a, b) => (a.start < b.start ? 1 : -1))
		.map((c) => ({ code: c.code, name: c.name, start: c.start, deadline: c.deadline }));
}
