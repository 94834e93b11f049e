import { canRead, canReport, canSeeCampaign, may, readerOf, unitPaths, type Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError } from '$lib/domain/errors';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { campaignUnits, communeGroupCodes } from '../progress/repository';
import { findUnitById } from '../units/repository';
import { provincePartOf } from './part';
import { findCampaignByCode } from './repository';

/**
 * A campaign as an actor reads it: a national campaign read by a user of one of its
 * provinces is that province's part (`provincePartOf`); anything else as it is.
 */
export async function campaignAsSeenBy(db: Database, actor: Actor | null, campaign: Campaign): Promise<Campaign> {
	if (campaign.provinceId !== null || !actor || may(actor.role, 'readNation') || actor.provinceId <= 0) return campaign;
	const province = await findUnitById(db, actor.provinceId);
	return province?.hierarchy_id === campaign.hierarchyId ? provincePartOf(campaign, actor.provinceId) : campaign;
}

/**
 * Which campaigns an actor sees on a list (`GET /campaigns`): those `canSeeCampaign` lets
 * them read, and the national campaigns on their province's hierarchy version.
 */
export async function campaignListFilter(db: Database, actor: Actor | null): Promise<(c: Pick<Campaign, 'provinceId' | 'hierarchyId' | 'isPublic'>) => boolean> {
	const hierarchyId = actor && actor.provinceId > 0 ? ((await findUnitById(db, actor.provinceId))?.hierarchy_id ?? null) : null;
	return (c) => canSeeCampaign(actor, c) || (c.provinceId === null && hierarchyId !== null && c.hierarchyId === hierarchyId);
}

/** A campaign a signed-in user may see; unknown and foreign campaigns are both "not found". */
export async function readableCampaign(db: Database, actor: Actor | null, code: string): Promise<Campaign> {
	const found = await findCampaignByCode(db, code);
	const campaign = found && (await campaignAsSeenBy(db, actor, found));
	if (!campaign || !canSeeCampaign(actor, { provinceId: campaign.provinceId, isPublic: campaign.isPublic })) throw new NotFoundError(`Không có đợt số hóa mã «${code}».`);
	return campaign;
}

export interface CampaignCommune {
	id: number;
	code: string;
	name: string;
	parentName: string | null;
}

/** A commune of the campaign that the actor may read, or report for when `forReporting`. */
export async function communeOfCampaign(db: Database, actor: Actor, campaign: Campaign, code: string, forReporting: boolean): Promise<CampaignCommune> {
	const units = await campaignUnits(db, campaign);
	const byId = new Map(units.map((u) => [u.id, u]));
	const commune = units.find((u) => u.level === 'commune' && u.code === code);
	if (!commune) throw new NotFoundError(`Không có xã mã «${code}» trong đợt số hóa này.`);
	const path = unitPaths(units, await communeGroupCodes(db, campaign.id))(commune.id);
	// Counts are entered by the province's own users; reading follows `readerOf` (absorbed provinces too).
	const reader = forReporting ? (actor.provinceId === campaign.provinceId ? actor : null) : readerOf(actor, { provinceId: campaign.provinceId });
	if (!reader || !(forReporting ? canReport(reader, path) : canRead(reader, path)))
		throw new ForbiddenError(forReporting ? `Bạn không có quyền nhập số liệu cho ${commune.name}.` : `Bạn không có quyền xem ${commune.name}.`);
	return { id: commune.id, code: commune.code, name: commune.name, parentName: commune.parent_id === null ? null : (byId.get(commune.parent_id)?.name ?? null) };
}

/** A campaign of the actor's own province (or its province's part of a national one): for pages that enter or list its data; a national one for the ministry. */
export async function ownCampaign(db: Database, actor: Actor, code: string): Promise<Campaign> {
	const campaign = await readableCampaign(db, actor, code);
	const own = campaign.provinceId === null ? may(actor.role, 'administerNation') : actor.provinceId === campaign.provinceId;
	if (!own) throw new ForbiddenError('Đợt số hóa này không thuộc tỉnh của bạn.');
	return campaign;
}

/**
 * A campaign whose non-public pages the actor reads: of their own province, or of a province
 * theirs absorbed (`readerOf`). Pages that enter or change data use `ownCampaign`.
 */
export async function readCampaign(db: Database, actor: Actor, code: string): Promise<Campaign> {
	const campaign = await readableCampaign(db, actor, code);
	if (!readerOf(actor, { provinceId: campaign.provinceId })) throw new ForbiddenError('Đợt số hóa này không thuộc tỉnh của bạn.');
	return campaign;
}

/**
 * A campaign for its public pages (overview, leaderboard): anyone when it is public; null
 * for an anonymous visitor of one that exists but is not, who should sign in.
 */
export async function publicOrReadableCampaign(db: Database, actor: Actor | null, code: string): Promise<Campaign | null> {
	if (!actor && (await findCampaignByCode(db, code))?.isPublic === false) return null;
	return readableCampaign(db, actor, code);
}
