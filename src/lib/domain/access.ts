/**
 * Who may read and change what (DESIGN §7). Pure: the caller resolves the actor's unit
 * and the ancestors of the unit asked about.
 */
export type Role = 'admin' | 'leader' | 'district' | 'clerk' | 'ministry';

/** The level of unit each role is tied to (DESIGN §7); the ministry is tied to no unit: the whole nation. */
export const ROLE_LEVEL: Record<Role, 'nation' | 'province' | 'district' | 'commune'> = {
	admin: 'province',
	leader: 'province',
	district: 'district',
	clerk: 'commune',
	ministry: 'nation'
};

/** What a role may do in its province, or the ministry in the nation (DESIGN §7). */
export type Capability = 'signIn' | 'report' | 'setCapacity' | 'reviewQuality' | 'readProvince' | 'administer' | 'runCampaign' | 'readNation' | 'administerNation';

/** Who may do what: the one table that pages, form actions and the API share. */
export const MAY = {
	signIn: ['admin', 'leader', 'district', 'clerk', 'ministry'],
	/** Enter and correct counts (of the communes the role covers). */
	report: ['admin', 'district', 'clerk'],
	/** Machines and shifts of the communes (of the ones the role covers, issue 27). */
	setCapacity: ['admin', 'district'],
	/** The data-quality page. */
	reviewQuality: ['admin', 'leader', 'district', 'ministry'],
	/** Every unit of the province, its whole report and its award lists. */
	readProvince: ['admin', 'leader', 'ministry'],
	/** Campaigns, targets, deadlines, users, groups, awards. */
	administer: ['admin'],
	/** The administration pages of one campaign: its province's admins, or the ministry for a national one (`canAdminister` tells which). */
	runCampaign: ['admin', 'ministry'],
	/** Every campaign of every province, as a leader reads them (issue 29). */
	readNation: ['ministry'],
	/** National campaigns: their settings, targets, deadlines, snapshots and awards (issue 29). */
	administerNation: ['ministry']
} as const satisfies Record<Capability, readonly Role[]>;

/** Whether a role has a capability (see `MAY`). */
export function may(role: Role | undefined, capability: Capability): boolean {
	return role !== undefined && (MAY[capability] as readonly Role[]).includes(role);
}

export interface Actor {
	userId: number;
	username: string;
	displayName: string;
	role: Role;
	unitId: number; // the unit the role is tied to (a group lead's: the province); 0 for the ministry
	provinceId: number; // the province of that unit; 0 for the ministry
	/** A group lead's cụm thi đua (a `district` user of a 2-level province). */
	groupCode?: string | null;
	/**
	 * The provinces (unit ids in older hierarchy versions) that the actor's province absorbed
	 * by the mapping of the 2025 reform (`absorbedProvinceIds` on the server); see `readerOf`.
	 */
	absorbedProvinceIds?: readonly number[];
}

/** A unit an account can be tied to, as offered on the account forms. */
export interface UnitChoice {
	code: string;
	name: string;
	level: 'province' | 'district' | 'group' | 'commune';
	districtCode: string | null; // a commune's district, for grouping
}

/** A unit as seen for access: itself, its ancestors' ids (nearest first) and, for a commune of a 2-level campaign, its group now. */
export interface UnitPath {
	id: number;
	ancestorIds: number[];
	groupCode: string | null;
}

/** Each unit's path, from a list of units with their parents and each commune's group code now. */
export function unitPaths(units: readonly { id: number; parent_id: number | null }[], groupOf: ReadonlyMap<number, string> = new Map()): (id: number) => UnitPath {
	const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
	return (id) => {
		const ancestorIds: number[] = [];
		for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) ancestorIds.push(p);
		return { id, ancestorIds, groupCode: groupOf.get(id) ?? null };
	};
}

/** True when the actor's unit (a group lead's group) is the unit itself or holds it. */
export function covers(actor: Actor, unit: UnitPath): boolean {
	if (actor.groupCode) return unit.groupCode === actor.groupCode;
	return actor.unitId === unit.id || unit.ancestorIds.includes(actor.unitId);
}

/** Whether a node of a campaign tree is the actor's own unit: a group lead's group, or the unit they are tied to. */
export function isOwnUnit(actor: Actor, unit: { key: string; level: string; code: string }): boolean {
	return actor.groupCode ? unit.level === 'group' && unit.code === actor.groupCode : unit.key === `u:${actor.unitId}`;
}

/** Read access to a unit's figures in a campaign of the actor's province. */
export function canRead(actor: Actor, unit: UnitPath): boolean {
	return covers(actor, unit);
}

/** Entering or correcting counts of a commune. */
export function canReport(actor: Actor, commune: UnitPath): boolean {
	return may(actor.role, 'report') && covers(actor, commune);
}

/**
 * Running a campaign of a province (settings, targets, deadlines, users, awards), or of the
 * nation (`provinceId` null): the ministry's. A province's part of a national campaign is
 * read with that province's id, so its admins set its targets and deadlines.
 */
export function canAdminister(actor: Actor | null, provinceId: number | null): boolean {
	if (provinceId === null) return may(actor?.role, 'administerNation');
	return may(actor?.role, 'administer') && actor?.provinceId === provinceId;
}

/** Reading a campaign at all: its readers (`readerOf`), or anyone when it is public. */
export function canSeeCampaign(actor: Actor | null, campaign: { provinceId: number | null; isPublic: boolean }): boolean {
	return campaign.isPublic || readerOf(actor, campaign) !== null;
}

/** The ministry reads a campaign as a leader of it would: everything, and nothing to change in a province's data. */
function ministryReader(actor: Actor, provinceId: number | null): Actor {
	return provinceId === null ? actor : { ...actor, role: 'leader', unitId: provinceId, provinceId, groupCode: null, absorbedProvinceIds: [] };
}

/**
 * The actor as a reader of a campaign of province `provinceId`: users of that province read
 * by their role and unit. The admins and leaders of a province formed in 2025 read the
 * campaigns of the provinces it absorbed (Hưng Yên's read Thái Bình's) as that province's
 * leader would: everything, and nothing to change. Anyone else (an anonymous visitor, a
 * user of another province) reads only what is public: the overview and the middle level's
 * leaderboard (DESIGN §7).
 */
export function readerOf(actor: Actor | null, campaign: { provinceId: number | null }): Actor | null {
	if (actor === null) return null;
	if (may(actor.role, 'readNation')) return ministryReader(actor, campaign.provinceId);
	if (campaign.provinceId === null) return null; // a national campaign is read through a province's part (`campaignAsSeenBy`)
	if (actor.provinceId === campaign.provinceId) return actor;
	if (may(actor.role, 'readProvince') && actor.absorbedProvinceIds?.includes(campaign.provinceId))
		return { ...actor, role: 'leader', unitId: campaign.provinceId, provinceId: campaign.provinceId, groupCode: null, absorbedProvinceIds: [] };
	return null;
}

/** Why a public reader gets no commune figures. */
export const COMMUNES_NOT_PUBLIC = 'Số liệu cấp xã chỉ dành cho người dùng của tỉnh đã đăng nhập.';

/**
 * The units of a campaign tree whose figures an actor reads: its own unit, everything
 * under it, and the units above it (for context). Admins and leaders of the campaign's
 * province read every unit; anyone outside it (see `readerOf`) the province and its middle
 * level. The tree's root (a province, or the nation) says whose campaign it is.
 */
export function visibleUnitKeys(tree: { key: string; parentKey: string | null; level: string; code: string }[], actor: Actor | null): Set<string> {
	const root = tree.find((u) => u.parentKey === null);
	const reader = root ? readerOf(actor, { provinceId: root.level === 'nation' ? null : Number(root.key.slice(2)) }) : null;
	if (!reader) return new Set(tree.filter((u) => u.level !== 'commune').map((u) => u.key));
	if (may(reader.role, 'readProvince')) return new Set(tree.map((u) => u.key));
	const own = tree.find((u) => isOwnUnit(reader, u))?.key ?? '';
	const parentOf = new Map(tree.map((u) => [u.key, u.parentKey]));
	const visible = new Set<string>();
	for (let k: string | null | undefined = own; k; k = parentOf.get(k)) visible.add(k);
	for (const u of tree) {
		for (let k: string | null | undefined = u.key; k; k = parentOf.get(k)) {
			if (k === own) {
				visible.add(u.key);
				break;
			}
		}
	}
	if (!parentOf.has(own)) return new Set();
	return visible;
}
