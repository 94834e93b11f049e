/** Leaderboards (issue 7) from a stored snapshot: the latest scheduled one, or any chosen. */
import { COMMUNES_NOT_PUBLIC, readerOf, type Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError, ValidationError } from '$lib/domain/errors';
import type { Level } from '$lib/domain/evaluate';
import { leaderboard, type LeaderRow } from '$lib/domain/leaderboard';
import { middleLevel, unitsOf } from '$lib/domain/snapshot';
import { PROVINCE_HEADER, wordsOfMiddle } from '$lib/domain/levels';
import { fileStamp } from '$lib/domain/time';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Hierarchy } from '$lib/domain/hierarchy';
import type { Snapshot } from '../db/schema';
import type { HierarchyView } from '$lib/domain/dashboard';
import type { SnapshotData } from '$lib/domain/snapshot';
import { hierarchyChoices, hierarchyLabel, requestedHierarchy, snapshotDataOnHierarchy, visibleOnOtherTree } from '../across/service';
import { readerScope, VersionedCache } from '../dashboard/cache';
import { headerOf, readableSnapshot, visibleData, type SnapshotHeader } from '../snapshots/pages';
import { latestScheduledSnapshot, listSnapshots, previousSnapshot } from '../snapshots/repository';
import { snapshotData } from '../snapshots/view';
import { provinceNameOf } from '../progress/evaluate';
import { buildLeaderboardWorkbook } from '$reports/leaderboard';
import { emulationFigures } from './emulation';

export interface LeaderboardRequest {
	level?: string | null;
	snapshot?: string | null;
	recordType?: string | null;
	parent?: string | null;
	/** The hierarchy version to read on, by its date; none: the campaign's own. */
	hierarchy?: string | null;
}

export interface LeaderboardView {
	snapshot: SnapshotHeader | null;
	level: Level;
	middle: 'district' | 'group';
	recordType: string;
	recordTypes: { code: string; name: string }[];
	parent: { code: string; name: string } | null;
	parents: { code: string; name: string }[];
	rows: LeaderRow[];
	/** Count of units in the level: "3/8". */
	ofCount: number;
	/** The campaign's size-bracket thresholds ([]: no brackets). */
	thresholds: readonly number[];
	/** When the improvement is measured from: the previous scheduled snapshot, if any. */
	previousSlotAt: string | null;
	/** The versions it can be read on and the one shown ("Xem theo: …"). */
	hierarchy: HierarchyView;
}

const LEVELS: Level[] = ['district', 'group', 'commune'];

/** The query of the leaderboard page and its download: cap, lan, loai, huyen, dia-gioi. */
export function leaderboardRequest(url: URL): LeaderboardRequest {
	const q = url.searchParams;
	return { level: q.get('cap'), snapshot: q.get('lan'), recordType: q.get('loai'), parent: q.get('huyen'), hierarchy: q.get('dia-gioi') };
}

/** Leaderboards as computed for a request and reader scope, by campaign and data version. */
export const leaderboardCache = new VersionedCache<LeaderboardView>(64 * 1024 * 1024, (v) => 4_096 + v.rows.length * 600);

export async function leaderboardView(db: Database, actor: Actor | null, campaign: Campaign, req: LeaderboardRequest): Promise<LeaderboardView> {
	const key = [req.level, req.snapshot, req.recordType, req.parent, req.hierarchy, readerScope(actor, campaign)].map((v) => v ?? '').join('|');
	return (await leaderboardCache.get(campaign.id, campaign.dataVersion, key, () => computeLeaderboardView(db, actor, campaign, req)))!;
}

async function computeLeaderboardView(db: Database, actor: Actor | null, campaign: Campaign, req: LeaderboardRequest): Promise<LeaderboardView> {
	const snapshot = req.snapshot ? await readableSnapshot(db, campaign, req.snapshot) : await latestScheduledSnapshot(db, campaign.id);
	const level = (req.level || undefined) as Level | undefined;
	// A national campaign ranks its provinces too, and first (issue 29).
	const national = campaign.provinceId === null;
	const levels: Level[] = national ? ['province', ...LEVELS] : LEVELS;
	if (level !== undefined && !levels.includes(level))
		throw new ValidationError(`Cấp «${level}» không hợp lệ (${levels.join(', ')}).`, [{ field: 'level', message: 'cấp không hợp lệ.' }]);
	if (level === 'commune' && !readerOf(actor, { provinceId: campaign.provinceId })) throw new ForbiddenError(COMMUNES_NOT_PUBLIC);
	const shown = await requestedHierarchy(db, campaign, req.hierarchy ?? null);
	const hierarchy: HierarchyView = {
		shown: shown?.asOf ?? null,
		choices: (await hierarchyChoices(db, campaign)).map((c) => ({ asOf: c.asOf, own: c.own, label: hierarchyLabel(c) }))
	};
	const empty = {
		snapshot: null,
		level: level ?? 'district',
		middle: 'district' as const,
		recordType: req.recordType ?? '',
		recordTypes: [],
		parent: null,
		parents: [],
		rows: [],
		ofCount: 0,
		thresholds: [],
		previousSlotAt: null,
		hierarchy
	};
	if (!snapshot) return empty;

	const recordType = req.recordType ?? '';
	const data = shown ? await dataOnHierarchy(db, actor, campaign, snapshot, shown) : visibleData(await snapshotData(db, campaign, snapshot, { recordType }), actor);
	if (recordType !== '' && !data.recordTypes.some((r) => r.code === recordType))
		throw new ValidationError(`Loại việc «${recordType}» không có trong đợt này.`, [{ field: 'recordType', message: 'loại việc không có trong đợt.' }]);
	const middle = middleLevel(data);
	const chosen = level === 'province' || (level === undefined && national) ? 'province' : level === undefined || level === 'district' || level === 'group' ? middle : 'commune';
	const parents = unitsOf(data, middle).map((u) => ({ code: u.code, name: u.name, key: u.key }));
	const parent = req.parent ? parents.find((p) => p.code === req.parent) : undefined;
	if (req.parent && !parent) throw new NotFoundError(`Không có ${wordsOfMiddle(middle).middleNoun} mã «${req.parent}» trong đợt này.`);
	const emulation = await emulationFigures(db, campaign, snapshot, recordType);
	const rows = leaderboard(data, { level: chosen, recordType, parentKey: chosen === 'commune' ? parent?.key : undefined }, emulation);
	return {
		snapshot: headerOf(snapshot),
		level: chosen,
		middle,
		recordType,
		recordTypes: data.recordTypes,
		parent: parent ? { code: parent.code, name: parent.name } : null,
		parents: parents.map(({ code, name }) => ({ code, name })),
		rows,
		// Ranks are places among all units of the level, seen or not.
		ofCount: [...data.figures.values()].filter((f) => f.level === chosen && f.recordType === recordType).length,
		thresholds: emulation.thresholds,
		previousSlotAt: data.previousSlotAt,
		hierarchy
	};
}

/** A snapshot's figures read on another version: as known at its slot, with the movement since the previous one. */
async function dataOnHierarchy(db: Database, actor: Actor | null, campaign: Campaign, snapshot: Snapshot, hierarchy: Hierarchy): Promise<SnapshotData> {
	const previous = await previousSnapshot(db, campaign.id, snapshot.slot_at);
	const data = await snapshotDataOnHierarchy(db, campaign, hierarchy, new Date(snapshot.slot_at), {
		receivedByAt: snapshot.kind !== 'adhoc',
		previousAt: previous?.slot_at ?? null
	});
	const visible = visibleOnOtherTree(data.units, actor, campaign);
	return { ...data, units: data.units.filter((u) => visible.has(u.key)) };
}

/** The snapshots a reader can pick from, newest first. */
export async function snapshotChoices(db: Database, campaign: Campaign) {
	return (await listSnapshots(db, campaign, 500)).map((s) => ({ id: s.id, slotAt: s.slot_at, kind: s.kind }));
}

/** The leaderboard as a workbook, named after its level and snapshot. */
export async function leaderboardWorkbook(db: Database, actor: Actor | null, campaign: Campaign, req: LeaderboardRequest) {
	const view = await leaderboardView(db, actor, campaign, req);
	if (!view.snapshot) throw new NotFoundError('Đợt này chưa có lần chốt số liệu nào để xếp hạng.');
	const words = wordsOfMiddle(view.middle);
	const levelName = view.level === 'commune' ? 'CẤP XÃ' : view.level === 'group' ? 'CỤM THI ĐUA' : view.level === 'province' ? 'CÁC TỈNH, THÀNH PHỐ' : 'CẤP HUYỆN';
	const typeName = view.recordTypes.find((t) => t.code === view.recordType)?.name;
	const title = `BẢNG XẾP HẠNG THI ĐUA ${levelName}${view.parent ? ` — ${view.parent.name.toLocaleUpperCase('vi-VN')}` : ''}${typeName ? ` (SỔ ${typeName.toLocaleUpperCase('vi-VN')})` : ''}`;
	const workbook = buildLeaderboardWorkbook({
		provinceName: await provinceNameOf(db, campaign),
		campaignName: campaign.name,
		timeZone: campaign.timeZone,
		slotAt: view.snapshot.slotAt,
		title,
		unitHeader: view.level === 'commune' ? words.communesHeader : view.level === 'province' ? PROVINCE_HEADER : words.middleHeader,
		words,
		withParent: view.level === 'commune',
		thresholds: view.thresholds,
		rows: view.rows,
		hierarchy: view.hierarchy.shown
	});
	const stamp = fileStamp(view.snapshot.slotAt, campaign.timeZone);
	const version = view.hierarchy.shown ? `-dia-gioi-${view.hierarchy.shown}` : '';
	return { name: `xep-hang-${campaign.code}-${view.level}${view.parent ? `-${view.parent.code.replace(':', '-')}` : ''}${version}-${stamp}.xlsx`, workbook };
}
