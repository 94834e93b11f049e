/**
 * The dashboards (issue 8): one unit of a campaign (the province, a district or group, a
 * commune) at a moment: now, a stored snapshot, or any past instant. Every figure on the
 * page comes from one SnapshotData, so a page never mixes moments.
 */
import { readerOf, type Actor } from '$lib/domain/access';
import { burnUp, dashboardOf, type Dashboard, type HierarchyView, type Moment } from '$lib/domain/dashboard';
import { NotFoundError, ValidationError } from '$lib/domain/errors';
import { formatDateTime } from '$lib/domain/format';
import { KIND_LABELS, instantSnapshot, type SnapshotData } from '$lib/domain/snapshot';
import { addDays, isValidLocalDate, parseInstant, startOfLocalDay, zonedInstant } from '$lib/domain/time';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Hierarchy } from '$lib/domain/hierarchy';
import type { Snapshot } from '../db/schema';
import { snapshotDataOnHierarchy, hierarchyChoices, hierarchyLabel, requestedHierarchy, visibleOnOtherTree } from '../across/service';
import { evaluateCampaignAt, provinceNameOf } from '../progress/evaluate';
import { readableSnapshot, rollCallSnapshot, visibleData } from '../snapshots/pages';
import { listSnapshots, previousSnapshot, unitSeries } from '../snapshots/repository';
import { previousFigures } from '../snapshots/service';
import { snapshotData } from '../snapshots/view';
import { snapshotShare } from '../snapshots/outputs';
import { readerScope, VersionedCache } from './cache';
import { provinceMap } from './maps';

/**
 * The moment a page asks for: `lan` (a snapshot id) or `luc` (an instant), else now; and
 * `dia-gioi`, the hierarchy version to read it on (its date; none: the campaign's own).
 */
export interface MomentRequest {
	snapshot: string | null;
	instant: string | null;
	hierarchy?: string | null;
}

export function momentRequest(url: URL): MomentRequest {
	return { snapshot: url.searchParams.get('lan') || null, instant: url.searchParams.get('luc') || null, hierarchy: url.searchParams.get('dia-gioi') || null };
}

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** An instant typed in the campaign's zone ("2024-12-05T14:00", as a datetime-local field sends it) or with an offset. */
export function parseMoment(value: string, timeZone: string): Date | null {
	const local = LOCAL_RE.exec(value);
	if (local && isValidLocalDate(local[1])) return zonedInstant(local[1], local[2], timeZone);
	return parseInstant(value);
}

/** A campaign's figures at an instant, shaped like a snapshot's (with the change since the snapshot before). */
async function instantData(db: Database, campaign: Campaign, at: Date): Promise<SnapshotData> {
	const [progress, previous, provinceName] = await Promise.all([
		evaluateCampaignAt(db, campaign, { at }),
		previousFigures(db, campaign, at.toISOString()),
		provinceNameOf(db, campaign)
	]);
	return instantSnapshot({ campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone }, provinceName, at, progress, previous });
}

/** A rough size of a campaign's figures in memory, for the caches' bound. */
function dataBytes(data: SnapshotData): number {
	return 4_096 + data.units.length * 160 + data.figures.size * 480;
}

/**
 * A campaign's figures: "now" and each snapshot's, by campaign and data version. "Now" is
 * evaluated once per version and minute (its days left and quotas move with time alone).
 */
export const figuresCache = new VersionedCache<SnapshotData>(256 * 1024 * 1024, dataBytes);

/** The dashboards as computed for a unit, moment and reader scope (see `readerScope`). */
export const dashboardCache = new VersionedCache<Dashboard>(64 * 1024 * 1024, (d) => 8_192 + (d.children.length + d.silent.length) * 400 + d.burnUp.actual.length * 40);

const minuteOf = (at: Date) => Math.floor(at.getTime() / 60_000);
/** Whose figures: the campaign's, or one province's part of a national campaign (issue 29), which share the campaign's id. */
const treeOf = (campaign: Campaign) => campaign.provinceId ?? 'nation';

async function currentData(db: Database, campaign: Campaign, now: Date): Promise<SnapshotData> {
	return (await figuresCache.get(campaign.id, campaign.dataVersion, `${treeOf(campaign)}|now|${minuteOf(now)}`, () => instantData(db, campaign, now)))!;
}

async function storedData(db: Database, campaign: Campaign, snapshot: Snapshot): Promise<SnapshotData> {
	return (await figuresCache.get(campaign.id, campaign.dataVersion, `${treeOf(campaign)}|snapshot|${snapshot.id}`, () => snapshotData(db, campaign, snapshot)))!;
}

/** The moment of a typed instant (`luc`), refused when invalid or in the future. */
function instantMoment(value: string, tz: string, now: Date): Moment {
	const at = parseMoment(value, tz);
	if (!at) throw new ValidationError(`Thời điểm «${value}» không hợp lệ; hãy chọn ngày và giờ.`, [{ field: 'luc', message: 'thời điểm không hợp lệ.' }]);
	if (at > now)
		throw new ValidationError(`Thời điểm ${formatDateTime(at, tz)} còn ở tương lai; chỉ xem được số liệu đến hiện tại.`, [{ field: 'luc', message: 'thời điểm ở tương lai.' }]);
	return { kind: 'instant', at: at.toISOString(), snapshotId: null, label: `Số liệu tại thời điểm ${formatDateTime(at, tz)}` };
}

async function dataAt(db: Database, campaign: Campaign, req: MomentRequest, now: Date, hierarchy: Hierarchy | null): Promise<{ data: SnapshotData; moment: Moment }> {
	const tz = campaign.timeZone;
	if (hierarchy) return acrossDataAt(db, campaign, req, now, hierarchy);
	if (req.snapshot) {
		const snapshot = await readableSnapshot(db, campaign, req.snapshot);
		const kind = snapshot.kind === 'scheduled' ? '' : ` (${KIND_LABELS[snapshot.kind].toLocaleLowerCase('vi-VN')})`;
		return {
			data: await storedData(db, campaign, snapshot),
			moment: { kind: 'snapshot', at: snapshot.slot_at, snapshotId: snapshot.id, label: `Số liệu chốt lúc ${formatDateTime(snapshot.slot_at, tz)}${kind}` }
		};
	}
	if (req.instant) {
		const moment = instantMoment(req.instant, tz, now);
		return { data: await instantData(db, campaign, new Date(moment.at)), moment };
	}
	const data = await currentData(db, campaign, now);
	return { data, moment: { kind: 'now', at: data.slotAt, snapshotId: null, label: `Số liệu hiện tại (${formatDateTime(data.slotAt, tz)})` } };
}

/** The same moments on another hierarchy version: a snapshot is its slot's figures as it knew them. */
async function acrossDataAt(db: Database, campaign: Campaign, req: MomentRequest, now: Date, hierarchy: Hierarchy): Promise<{ data: SnapshotData; moment: Moment }> {
	const tz = campaign.timeZone;
	// The change since the previous scheduled snapshot, read on the same version.
	const previousAt = async (at: Date) => (await previousSnapshot(db, campaign.id, at.toISOString()))?.slot_at ?? null;
	if (req.snapshot) {
		const snapshot = await readableSnapshot(db, campaign, req.snapshot);
		const kind = snapshot.kind === 'scheduled' ? '' : ` (${KIND_LABELS[snapshot.kind].toLocaleLowerCase('vi-VN')})`;
		const at = new Date(snapshot.slot_at);
		const data = (await figuresCache.get(campaign.id, campaign.dataVersion, `${treeOf(campaign)}|snapshot|${snapshot.id}|${hierarchy.asOf}`, async () =>
			snapshotDataOnHierarchy(db, campaign, hierarchy, at, { receivedByAt: snapshot.kind !== 'adhoc', previousAt: await previousAt(at) })
		))!;
		return { data, moment: { kind: 'snapshot', at: snapshot.slot_at, snapshotId: snapshot.id, label: `Số liệu chốt lúc ${formatDateTime(snapshot.slot_at, tz)}${kind}` } };
	}
	if (req.instant) {
		const moment = instantMoment(req.instant, tz, now);
		const at = new Date(moment.at);
		return { data: await snapshotDataOnHierarchy(db, campaign, hierarchy, at, { previousAt: await previousAt(at) }), moment };
	}
	const data = (await figuresCache.get(campaign.id, campaign.dataVersion, `${treeOf(campaign)}|now|${minuteOf(now)}|${hierarchy.asOf}`, async () =>
		snapshotDataOnHierarchy(db, campaign, hierarchy, now, { previousAt: await previousAt(now) })
	))!;
	return { data, moment: { kind: 'now', at: data.slotAt, snapshotId: null, label: `Số liệu hiện tại (${formatDateTime(data.slotAt, tz)})` } };
}

/**
 * The dashboard of unit `unitCode` (null: the province) within what the reader may see.
 * A unit the reader may not see is "not found", like one that does not exist.
 */
export async function dashboard(db: Database, actor: Actor | null, campaign: Campaign, unitCode: string | null, req: MomentRequest, now = new Date()): Promise<Dashboard> {
	const moment = req.snapshot ? `snapshot:${req.snapshot}` : req.instant ? `instant:${req.instant}` : `now:${minuteOf(now)}`;
	const key = `${unitCode ?? ''}|${moment}|${req.hierarchy ?? ''}|${readerScope(actor, campaign)}`;
	return (await dashboardCache.get(campaign.id, campaign.dataVersion, key, () => computeDashboard(db, actor, campaign, unitCode, req, now)))!;
}

async function computeDashboard(db: Database, actor: Actor | null, campaign: Campaign, unitCode: string | null, req: MomentRequest, now: Date): Promise<Dashboard> {
	const hierarchy = await requestedHierarchy(db, campaign, req.hierarchy ?? null);
	// Another version's units have no pages of their own: its overview links nowhere.
	const opensUnits = readerOf(actor, { provinceId: campaign.provinceId }) !== null && hierarchy === null;
	// Only the overview is public; a district, group or commune page is the province's own.
	if (unitCode !== null && !opensUnits) throw new NotFoundError(`Không có đơn vị mã «${unitCode}» trong đợt này, hoặc bạn không được xem.`);
	const { data: all, moment } = await dataAt(db, campaign, req, now, hierarchy);
	const data = hierarchy ? keepUnits(all, visibleOnOtherTree(all.units, actor, campaign)) : visibleData(all, actor);
	// The root: the province, or the nation of a national campaign (issue 29).
	const unit = unitCode === null ? data.units.find((u) => u.parentKey === null) : data.units.find((u) => u.code === unitCode && u.parentKey !== null);
	// The roll-call and the chat text are a snapshot's: this one, or the newest scheduled one before the moment (none on another version).
	const snapshotOfMoment = hierarchy ? null : moment.kind === 'snapshot' ? data : await rollCallSnapshot(db, actor, campaign, moment.at);
	const view = unit ? dashboardOf(data, unit.key, snapshotOfMoment) : null;
	if (!unit || !view) throw new NotFoundError(`Không có đơn vị mã «${unitCode}» trong đợt này, hoặc bạn không được xem.`);

	const tz = campaign.timeZone;
	const window = { start: startOfLocalDay(campaign.start, tz).toISOString(), end: startOfLocalDay(addDays(campaign.deadline, 1), tz).toISOString() };
	const [id, level] = [Number(unit.key.slice(2)), unit.level];
	// The province's total is the same on every version: its series is the campaign's own province's.
	const series = hierarchy
		? await unitSeries(db, campaign.id, { level: 'province', unitId: campaign.provinceId, groupId: null }, moment.at)
		: await unitSeries(db, campaign.id, { level, unitId: unit.key.startsWith('u:') ? id : null, groupId: unit.key.startsWith('g:') ? id : null }, moment.at);
	const pctOf = new Map(view.children.map((c) => [c.code, c.pct]));
	const map = unit.level === 'province' && view.childLevel === 'district' && !hierarchy ? provinceMap(unit.code, (code) => pctOf.get(code) ?? null) : null;
	return {
		...view,
		moment,
		campaign: { code: campaign.code, name: campaign.name, timeZone: tz, start: campaign.start, deadline: campaign.deadline, isPublic: campaign.isPublic },
		provinceName: data.provinceName,
		recordTypeCount: data.recordTypes.length,
		burnUp: burnUp(series, view.head, moment.at, window),
		map,
		hasSnapshots: (await listSnapshots(db, campaign, 1)).length > 0,
		opensUnits,
		share: unit.level === 'commune' ? null : snapshotShare(actor, campaign, snapshotOfMoment, unit.parentKey === null ? null : unit.code),
		hierarchy: unitCode === null ? await hierarchyView(db, campaign, hierarchy) : null
	};
}

/** The versions the overview can be read on, and the one shown. */
async function hierarchyView(db: Database, campaign: Campaign, shown: Hierarchy | null): Promise<HierarchyView> {
	const choices = await hierarchyChoices(db, campaign);
	return { shown: shown?.asOf ?? null, choices: choices.map((c) => ({ asOf: c.asOf, own: c.own, label: hierarchyLabel(c) })) };
}

function keepUnits(data: SnapshotData, visible: ReadonlySet<string>): SnapshotData {
	return { ...data, units: data.units.filter((u) => visible.has(u.key)) };
}

/** The snapshots to travel to, newest first, labelled as the pickers show them ("23:00 21/12/2024 (Chốt muộn)"). */
export async function snapshotChoiceList(db: Database, campaign: Campaign): Promise<{ id: number; label: string }[]> {
	return (await listSnapshots(db, campaign, 10_000)).map((s) => ({ id: s.id, label: snapshotLabel(s.slot_at, s.kind, campaign.timeZone) }));
}

export function snapshotLabel(slotAt: string, kind: string, timeZone: string): string {
	return `${formatDateTime(slotAt, timeZone)}${kind === 'scheduled' ? '' : ` (${KIND_LABELS[kind] ?? kind})`}`;
}
