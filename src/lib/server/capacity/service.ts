/**
 * Capacity (issue 27, DESIGN §4 "Capacity"): machines and shifts per day of each commune,
 * set by district heads and group leads for their communes and by admins (page, file, API),
 * kept as a history; and the plan at any instant from the §4 evaluation. Every change is
 * audited and raises the campaign's data version.
 */
import { canAdminister, covers, may, unitPaths, visibleUnitKeys, type Actor } from '$lib/domain/access';
import { capacityOf, capacityOfKey, capacityProblems, planTree, type Capacity, type Plan } from '$lib/domain/capacity';
import { capacityFileReader, type CapacityLine } from '$lib/domain/capacity-sheet';
import { ForbiddenError, NotFoundError, ValidationError, type Problem } from '$lib/domain/errors';
import { TOTAL, type Level, type ProgressRow } from '$lib/domain/evaluate';
import { formatDateTime } from '$lib/domain/format';
import { MAX_UPLOAD_BYTES, megabytes } from '$lib/domain/limits';
import { localDateOf } from '$lib/domain/time';
import { buildCapacityTemplate, buildPlanWorkbook, type PlanLine } from '$reports/capacity';
import { issuerOf } from '$reports/snapshot-report';
import { recordAudit } from '../audit/repository';
import { raiseDataVersion } from '../campaigns/repository';
import { campaignWords } from '../groups/service';
import type { Conn, Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { enterUpload } from '../ingest/gate';
import { readUploadRows, type UploadedFile } from '../ingest/read';
import { campaignTree, evaluateCampaignAt, type CampaignProgress, type EvaluatedUnit } from '../progress/evaluate';
import { campaignUnits, communeGroupCodes } from '../progress/repository';
import { capacitiesInForce, communeCapacities } from './in-force';
import { insertCapacityRevisions, type CapacityEntry } from './repository';
import { canRunCampaign } from '../campaigns/part';

/** Whether the actor sets the capacity of the communes: an admin of the province all, a district head or group lead theirs. */
async function capacityEditor(db: Conn, actor: Actor, campaign: Campaign): Promise<(communeId: number) => boolean> {
	if (actor.provinceId !== campaign.provinceId) return () => false;
	if (canAdminister(actor, campaign.provinceId)) return () => true;
	if (!may(actor.role, 'setCapacity')) return () => false;
	const pathOf = unitPaths(await campaignUnits(db, campaign), await communeGroupCodes(db, campaign.id));
	return (id) => covers(actor, pathOf(id));
}

/** Refuses anyone but the province's admins, district heads and group leads, before reading any input. */
export async function requireCapacityEditor(db: Conn, actor: Actor, campaign: Campaign): Promise<void> {
	if (actor.provinceId === campaign.provinceId && may(actor.role, 'setCapacity')) return;
	const words = await campaignWords(db, campaign);
	throw new ForbiddenError(`Chỉ quản trị viên và ${words.middleHead} được đặt năng lực (số máy, số ca) của các ${words.commune}.`);
}

/** The communes whose capacity the actor sets, with their capacity now. */
export async function editableCommunes(db: Database, actor: Actor, campaign: Campaign, now = new Date()) {
	const [may, tree, inForce] = await Promise.all([capacityEditor(db, actor, campaign), campaignTree(db, campaign), capacitiesInForce(db, campaign.id, now.toISOString())]);
	return tree.filter((u) => u.level === 'commune' && may(u.id)).map((u) => ({ id: u.id, code: u.code, name: u.name, capacity: capacityOf(inForce, u.id) }));
}

export interface CapacityInput {
	commune: string;
	machines: unknown;
	shiftsPerDay: unknown;
	where: Omit<Problem, 'message'>;
	/** Where to report each value's problem (a JSON field, a file's column). */
	whereMachines?: Omit<Problem, 'message'>;
	whereShifts?: Omit<Problem, 'message'>;
}

/**
 * Sets communes' capacities from now, all or nothing: every commune must be the actor's to
 * set, each value valid, no commune twice. Only changed values make revisions; audited.
 */
export async function setCapacities(
	db: Database,
	actor: Actor,
	campaign: Campaign,
	inputs: CapacityInput[],
	source: string,
	earlier: Problem[] = []
): Promise<{ changed: number }> {
	await requireCapacityEditor(db, actor, campaign);
	const may = await capacityEditor(db, actor, campaign);
	const communes = new Map((await campaignTree(db, campaign)).filter((u) => u.level === 'commune').map((u) => [u.code, u]));
	const problems: Problem[] = [...earlier];
	const notMine: string[] = [];
	const seen = new Map<string, string>();
	const entries: (CapacityEntry & { communeId: number })[] = [];
	for (const input of inputs) {
		const commune = communes.get(input.commune);
		if (!commune) {
			problems.push({ ...input.where, message: `không có xã mã «${input.commune}» trong đợt này.` });
			continue;
		}
		if (!may(commune.id)) notMine.push(`${commune.name} (${commune.code})`);
		if (seen.has(commune.code)) problems.push({ ...input.where, message: `${commune.name} (${commune.code}) đã có ở ${seen.get(commune.code)}.` });
		seen.set(commune.code, input.where.row !== undefined ? `dòng ${input.where.row}` : (input.where.field ?? ''));
		const wrong = capacityProblems(input.machines, input.shiftsPerDay);
		if (wrong.machines) problems.push({ ...(input.whereMachines ?? input.where), message: `${commune.name}: ${wrong.machines}` });
		if (wrong.shiftsPerDay) problems.push({ ...(input.whereShifts ?? input.where), message: `${commune.name}: ${wrong.shiftsPerDay}` });
		if (!wrong.machines && !wrong.shiftsPerDay) entries.push({ communeId: commune.id, machines: input.machines as number, shiftsPerDay: input.shiftsPerDay as number });
	}
	if (notMine.length)
		throw new ForbiddenError(
			`Bạn không được đặt năng lực của ${notMine.slice(0, 5).join(', ')}${notMine.length > 5 ? ` và ${notMine.length - 5} xã khác` : ''}; không có gì được ghi.`
		);
	if (problems.length) throw new ValidationError(`Năng lực không hợp lệ (${problems.length} lỗi); không có gì được ghi.`, problems);
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		const current = await capacitiesInForce(tx, campaign.id, at);
		const changed = entries.filter((e) => {
			const c = capacityOf(current, e.communeId);
			return c.machines !== e.machines || c.shiftsPerDay !== e.shiftsPerDay;
		});
		if (changed.length === 0) return { changed: 0 };
		await insertCapacityRevisions(tx, campaign.id, changed, { at, authorId: actor.userId, source });
		await raiseDataVersion(tx, campaign.id, at);
		await recordAudit(
			tx,
			...changed.map((e) => ({
				actor: actor.username,
				userId: actor.userId,
				action: 'set_capacity',
				entity: 'capacity',
				entityId: e.communeId,
				campaignId: campaign.id,
				unitId: e.communeId,
				source,
				before: capacityOf(current, e.communeId),
				after: { machines: e.machines, shiftsPerDay: e.shiftsPerDay },
				at
			}))
		);
		return { changed: changed.length };
	});
}

/** `[{commune, machines, shiftsPerDay}]` from the API; problems name the JSON path. */
export async function setCapacitiesJson(db: Database, actor: Actor, campaign: Campaign, raw: unknown, source: string): Promise<{ changed: number }> {
	await requireCapacityEditor(db, actor, campaign);
	if (!Array.isArray(raw))
		throw new ValidationError('Năng lực phải là một danh sách [{commune, machines, shiftsPerDay}].', [
			{ field: '', message: 'cần một danh sách [{commune, machines, shiftsPerDay}].' }
		]);
	const problems: Problem[] = [];
	const inputs: CapacityInput[] = [];
	raw.forEach((item, i) => {
		const field = `[${i}]`;
		if (typeof item !== 'object' || item === null || typeof (item as { commune?: unknown }).commune !== 'string') {
			problems.push({ field, message: 'mỗi mục là {commune, machines, shiftsPerDay}, commune là mã xã.' });
			return;
		}
		const { commune, machines, shiftsPerDay } = item as { commune: string; machines: unknown; shiftsPerDay: unknown };
		inputs.push({
			commune,
			machines,
			shiftsPerDay,
			where: { field: `${field}.commune` },
			whereMachines: { field: `${field}.machines` },
			whereShifts: { field: `${field}.shiftsPerDay` }
		});
	});
	return setCapacities(db, actor, campaign, inputs, source, problems);
}

/** The campaign's default for communes nobody has set: an admin's, from now; audited. */
export async function setDefaultCapacity(db: Database, actor: Actor, campaign: Campaign, machines: unknown, shiftsPerDay: unknown, source: string): Promise<{ changed: boolean }> {
	if (!canRunCampaign(actor, campaign)) throw new ForbiddenError();
	const wrong = capacityProblems(machines, shiftsPerDay);
	const problems: Problem[] = [];
	if (wrong.machines) problems.push({ field: 'machines', message: wrong.machines });
	if (wrong.shiftsPerDay) problems.push({ field: 'shiftsPerDay', message: wrong.shiftsPerDay });
	if (problems.length) throw new ValidationError('Năng lực mặc định không hợp lệ; không có gì được ghi.', problems);
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		const before = (await capacitiesInForce(tx, campaign.id, at)).default;
		const after = { machines: machines as number, shiftsPerDay: shiftsPerDay as number };
		if (before.machines === after.machines && before.shiftsPerDay === after.shiftsPerDay) return { changed: false };
		await insertCapacityRevisions(tx, campaign.id, [{ communeId: null, ...after }], { at, authorId: actor.userId, source });
		await raiseDataVersion(tx, campaign.id, at);
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'set_default_capacity',
			entity: 'capacity',
			entityId: campaign.code,
			campaignId: campaign.id,
			source,
			before,
			after,
			at
		});
		return { changed: true };
	});
}

/** The template of the actor's communes with their capacity now. */
export async function capacityTemplate(db: Database, actor: Actor, campaign: Campaign, now = new Date()) {
	const communes = await editableCommunes(db, actor, campaign, now);
	if (communes.length === 0) throw new ForbiddenError('Bạn không đặt năng lực cho xã nào của đợt này.');
	const tree = await campaignTree(db, campaign);
	const own = tree.find((u) => (actor.groupCode ? u.level === 'group' && u.code === actor.groupCode : u.id === actor.unitId && u.level !== 'group'));
	const workbook = buildCapacityTemplate({
		campaignName: campaign.name,
		scopeName: own?.name ?? '',
		generatedAt: formatDateTime(now, campaign.timeZone),
		rows: communes.map((c) => ({ code: c.code, name: c.name, capacity: c.capacity }))
	});
	return { name: `nang-luc-${campaign.code}-${localDateOf(now, campaign.timeZone)}.xlsx`, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

/** Sets capacities from an uploaded .xlsx or .csv, all or nothing; each problem names its row and column. */
export async function importCapacityFile(db: Database, actor: Actor, campaign: Campaign, file: UploadedFile): Promise<{ changed: number; rows: number }> {
	await requireCapacityEditor(db, actor, campaign);
	if (file.bytes.length > MAX_UPLOAD_BYTES) throw new ValidationError(`Tệp ${file.name}: lớn hơn ${megabytes(MAX_UPLOAD_BYTES)}.`);
	const leave = enterUpload(actor.userId);
	try {
		const reader = capacityFileReader(file.name);
		await readUploadRows(file, '', (row) => reader.add(row));
		const { lines, problems } = reader.result();
		const inputs = lines.map((l: CapacityLine) => ({ commune: l.commune, machines: l.machines, shiftsPerDay: l.shiftsPerDay, where: l.where }));
		try {
			const { changed } = await setCapacities(db, actor, campaign, inputs, /\.csv$/i.test(file.name) ? 'csv' : 'excel', problems);
			return { changed, rows: lines.length };
		} catch (e) {
			// Communes of another district in a file are the file's problem, told on the form.
			if (e instanceof ForbiddenError) throw new ValidationError(`Tệp ${file.name}: ${e.message}`);
			throw e;
		}
	} finally {
		leave();
	}
}

export interface CampaignPlan {
	progress: CampaignProgress;
	plans: Map<string, Plan>;
	capacities: Map<string, Capacity>;
}

/** Every unit's total figure of an evaluation, by unit key. */
function totalsOf(rows: readonly ProgressRow[]): Map<string, ProgressRow> {
	return new Map(rows.filter((r) => r.recordType === TOTAL).map((r) => [r.unitKey, r]));
}

/** The plan of every unit of a campaign at `at`: the §4 evaluation then, with the capacities then in force. */
export async function campaignPlanAt(db: Database, campaign: Campaign, at: Date): Promise<CampaignPlan> {
	const [progress, capacities] = await Promise.all([evaluateCampaignAt(db, campaign, { at }), communeCapacities(db, campaign.id, at.toISOString())]);
	const plans = planTree(progress.units, totalsOf(progress.rows), (key) => capacityOfKey(capacities, key));
	return { progress, plans, capacities };
}

/** One unit's plan in the JSON shape of DESIGN §8. */
function planJson(unit: EvaluatedUnit, p: Plan, f: ProgressRow) {
	return {
		unit: { code: unit.code, name: unit.name, level: unit.level },
		machines: p.machines,
		shiftsPerDay: p.shiftsPerDay,
		machineShifts: p.machineShifts,
		dailyQuota: f.dailyQuota,
		pace: Math.round(f.pace * 10) / 10,
		ratePerMachineShift: p.ratePerMachineShift === null ? null : Math.round(p.ratePerMachineShift * 100) / 100,
		neededMachineShifts: p.neededMachineShifts,
		extraMachines: p.extraMachines,
		extraShifts: p.extraShifts,
		verdict: p.verdict,
		shortCommunes: p.shortCommunes,
		unknownCommunes: p.unknownCommunes,
		overdueCommunes: p.overdueCommunes
	};
}

/** The plan rows of a level (under `parent`), as far as the reader sees. */
export async function capacityRows(db: Database, actor: Actor, campaign: Campaign, q: { level: Level; parentCode: string | null; at: Date }) {
	const { progress, plans } = await campaignPlanAt(db, campaign, q.at);
	const parent = q.parentCode === null ? undefined : progress.units.find((u) => u.code === q.parentCode && u.level !== 'commune');
	if (q.parentCode !== null && !parent) throw new ValidationError(`Không có đơn vị mã «${q.parentCode}» trong đợt này.`, [{ field: 'parent', message: 'không có đơn vị này.' }]);
	const visible = visibleUnitKeys(progress.units, actor);
	if (parent && !visible.has(parent.key)) throw new ForbiddenError('Bạn không có quyền xem số liệu của đơn vị này.');
	const figures = totalsOf(progress.rows);
	const parentOf = new Map(progress.units.map((u) => [u.key, u.parentKey]));
	const under = (u: EvaluatedUnit) => {
		if (!parent) return true;
		for (let k: string | null = u.parentKey; k !== null; k = parentOf.get(k) ?? null) if (k === parent.key) return true;
		return false;
	};
	return progress.units.filter((u) => u.level === q.level && visible.has(u.key) && under(u)).map((u) => planJson(u, plans.get(u.key)!, figures.get(u.key)!));
}

/** The plan of a district or group (or the province, or a commune) with its communes, for the reader. */
export async function unitPlan(db: Database, actor: Actor, campaign: Campaign, unitCode: string, at: Date) {
	const { progress, plans } = await campaignPlanAt(db, campaign, at);
	const visible = visibleUnitKeys(progress.units, actor);
	const unit = progress.units.find((u) => u.code === unitCode && u.level !== 'province' && visible.has(u.key));
	if (!unit) throw new NotFoundError(`Không có đơn vị mã «${unitCode}» trong đợt này, hoặc bạn không được xem.`);
	const figures = totalsOf(progress.rows);
	const line = (u: EvaluatedUnit): PlanLine => {
		const f = figures.get(u.key)!;
		return { code: u.code, name: u.name, dailyQuota: f.dailyQuota, pace: f.pace, projectedFinish: f.projectedFinish, plan: plans.get(u.key)! };
	};
	const communes = progress.units.filter((u) => u.level === 'commune' && u.parentKey === unit.key && visible.has(u.key)).map(line);
	return { unit, total: line(unit), communes };
}

/** The plan of a district or group as a workbook, with the official header. */
export async function planWorkbook(db: Database, actor: Actor, campaign: Campaign, unitCode: string, at: Date) {
	const { unit, total, communes } = await unitPlan(db, actor, campaign, unitCode, at);
	const provinceName = (await campaignTree(db, campaign)).find((u) => u.level === 'province')?.name ?? '';
	const header = {
		issuer: issuerOf(provinceName),
		title: `NĂNG LỰC SỐ HÓA SO VỚI CHỈ TIÊU NGÀY — ${unit.name.toLocaleUpperCase('vi-VN')}`,
		subtitle: [campaign.name, `Số liệu tại thời điểm ${formatDateTime(at, campaign.timeZone)}`]
	};
	const workbook = buildPlanWorkbook(header, communes, { ...total, name: `Cộng ${unit.name}` });
	return { name: `nang-luc-${campaign.code}-${unit.code}-${localDateOf(at, campaign.timeZone)}.xlsx`, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

/**
 * What a district's, group's or commune's page needs for its plan at the page's moment: the
 * capacity then in force of each commune shown, and which of them the reader may change
 * (only when the page shows now). The plan itself is computed in the page, with the domain.
 */
export async function planPageData(db: Database, actor: Actor, campaign: Campaign, communeCodes: readonly string[], moment: { at: string; kind: string }) {
	const [tree, capacities, may] = await Promise.all([campaignTree(db, campaign), communeCapacities(db, campaign.id, moment.at), capacityEditor(db, actor, campaign)]);
	const wanted = new Set(communeCodes);
	const communes = tree.filter((u) => u.level === 'commune' && wanted.has(u.code));
	return {
		capacities: Object.fromEntries(communes.map((u) => [u.code, capacityOfKey(capacities, u.key)])),
		editable: moment.kind === 'now' ? communes.filter((u) => may(u.id)).map((u) => u.code) : [],
		defaultCapacity: capacityOfKey(capacities, '')
	};
}

/** Sets capacities from a page's form: fields `m:<commune code>` and `s:<commune code>`. */
export async function setCapacitiesFromForm(db: Database, actor: Actor, campaign: Campaign, form: FormData): Promise<{ changed: number }> {
	await requireCapacityEditor(db, actor, campaign);
	const number = (v: FormDataEntryValue | null) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : String(v ?? ''));
	const inputs: CapacityInput[] = [];
	for (const [key, value] of form.entries()) {
		if (!key.startsWith('m:')) continue;
		const code = key.slice(2);
		inputs.push({ commune: code, machines: number(value), shiftsPerDay: number(form.get(`s:${code}`)), where: {} });
	}
	if (inputs.length === 0) throw new ValidationError('Không có xã nào để lưu năng lực.');
	return setCapacities(db, actor, campaign, inputs, 'form');
}
