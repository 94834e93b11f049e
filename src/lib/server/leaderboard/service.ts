/** Leaderboards (issue 7) from a stored snapshot: the latest scheduled one, or any chosen. */
import { COMMUNES_NOT_PUBLIC, readerOf, type Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError, ValidationError } from '$lib/domain/errors';
import type { Level } from '$lib/domain/evaluate';
import { leaderboard, type LeaderRow } from '$lib/domain/leaderboard';
import { middleLevel, unitsOf } from '$lib/domain/snapshot';
import { wordsOfMiddle } from '$lib/domain/levels';
import { fileStamp } from '$lib/domain/time';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { readerScope, VersionedCache } from '../dashboard/cache';
import { headerOf, readableSnapshot, visibleData, type SnapshotHeader } from '../snapshots/pages';
import { latestScheduledSnapshot, listSnapshots } from '../snapshots/repository';
import { snapshotData } from '../snapshots/view';
import { provinceNameOf } from '../progress/evaluate';
import { buildLeaderboardWorkbook } from '$reports/leaderboard';
import { emulationFigures } from './emulation';

export interface LeaderboardRequest {
	level?: string | null;
	snapshot?: string | null;
	recordType?: string | null;
	parent?: string | null;
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
}

const LEVELS: Level[] = ['district', 'group', 'commune'];

/** The query of the leaderboard page and its download: cap, lan, loai, huyen. */
export function leaderboardRequest(url: URL): LeaderboardRequest {
	const q = url.searchParams;
	return { level: q.get('cap'), snapshot: q.get('lan'), recordType: q.get('loai'), parent: q.get('huyen') };
}

/** Leaderboards as computed for a request and reader scope, by campaign and data version. */
export const leaderboardCache = new VersionedCache<LeaderboardView>(64 * 1024 * 1024, (v) => 4_096 + v.rows.length * 600);

export async function leaderboardView(db: Database, actor: Actor | null, campaign: Campaign, req: LeaderboardRequest): Promise<LeaderboardView> {
	const key = [req.level, req.snapshot, req.recordType, req.parent, readerScope(actor, campaign)].map((v) => v ?? '').join('|');
	return (await leaderboardCache.get(campaign.id, campaign.data_version, key, () => computeLeaderboardView(db, actor, campaign, req)))!;
}

async function computeLeaderboardView(db: Database, actor: Actor | null, campaign: Campaign, req: LeaderboardRequest): Promise<LeaderboardView> {
	const snapshot = req.snapshot ? await readableSnapshot(db, campaign, req.snapshot) : await latestScheduledSnapshot(db, campaign.id);
	const level = (req.level || undefined) as Level | undefined;
	if (level !== undefined && !LEVELS.includes(level)) throw new ValidationError(`Cấp «${level}» không hợp lệ (district, group, commune).`, [{ field: 'level', message: 'cấp không hợp lệ.' }]);
	if (level === 'commune' && !readerOf(actor, { provinceId: campaign.province_id })) throw new ForbiddenError(COMMUNES_NOT_PUBLIC);
	const empty = { snapshot: null, level: level ?? 'district', middle: 'district' as const, recordType: req.recordType ?? '', recordTypes: [], parent: null, parents: [], rows: [], ofCount: 0, thresholds: [], previousSlotAt: null };
	if (!snapshot) return empty;

	const recordType = req.recordType ?? '';
	const data = visibleData(await snapshotData(db, campaign, snapshot, { recordType }), actor);
	if (recordType !== '' && !data.recordTypes.some((r) => r.code === recordType)) throw new ValidationError(`Loại việc «${recordType}» không có trong đợt này.`, [{ field: 'recordType', message: 'loại việc không có trong đợt.' }]);
	const middle = middleLevel(data);
	const chosen = level === undefined || level === 'district' || level === 'group' ? middle : 'commune';
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
		ofCount: [...data.figures.values()].filter((f) => f.level === chosen).length,
		thresholds: emulation.thresholds,
		previousSlotAt: data.previousSlotAt
	};
}

/** The snapshots a reader can pick from, newest first. */
export async function snapshotChoices(db: Database, campaign: Campaign) {
	return (await listSnapshots(db, campaign.id, 500)).map((s) => ({ id: s.id, slotAt: s.slot_at, kind: s.kind }));
}

/** The leaderboard as a workbook, named after its level and snapshot. */
export async function leaderboardWorkbook(db: Database, actor: Actor | null, campaign: Campaign, req: LeaderboardRequest) {
	const view = await leaderboardView(db, actor, campaign, req);
	if (!view.snapshot) throw new NotFoundError('Đợt này chưa có lần chốt số liệu nào để xếp hạng.');
	const words = wordsOfMiddle(view.middle);
	const levelName = view.level === 'commune' ? 'CẤP XÃ' : view.level === 'group' ? 'CỤM THI ĐUA' : 'CẤP HUYỆN';
	const typeName = view.recordTypes.find((t) => t.code === view.recordType)?.name;
	const title = `BẢNG XẾP HẠNG THI ĐUA ${levelName}${view.parent ? ` — ${view.parent.name.toLocaleUpperCase('vi-VN')}` : ''}${typeName ? ` (SỔ ${typeName.toLocaleUpperCase('vi-VN')})` : ''}`;
	const workbook = buildLeaderboardWorkbook({
		provinceName: await provinceNameOf(db, campaign),
		campaignName: campaign.name,
		timeZone: campaign.time_zone,
		slotAt: view.snapshot.slotAt,
		title,
		unitHeader: view.level === 'commune' ? words.communesHeader : words.middleHeader,
		words,
		withParent: view.level === 'commune',
		thresholds: view.thresholds,
		rows: view.rows
	});
	const stamp = fileStamp(view.snapshot.slotAt, campaign.time_zone);
	return { name: `xep-hang-${campaign.code}-${view.level}${view.parent ? `-${view.parent.code}` : ''}-${stamp}.xlsx`, workbook };
}
