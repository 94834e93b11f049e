/** Where a signed-in user lands (issue 23 item 5): their role's first screen in the campaign that is running. */
import type { Actor } from '$lib/domain/access';
import { firstScreen, landingCampaign } from '$lib/domain/landing';
import { listActiveCampaignsOfProvince } from '../campaigns/repository';
import type { Database } from '../db';
import { findUnitById } from '../units/repository';

/** The path of the actor's first screen; null when their province has no campaign yet (the home page says so). */
export async function firstScreenOf(db: Database, actor: Actor, now = new Date()): Promise<string | null> {
	const campaigns = await listActiveCampaignsOfProvince(db, actor.provinceId);
	const chosen = landingCampaign(
		campaigns.map((c) => ({ code: c.code, start: c.start, deadline: c.deadline, timeZone: c.timeZone, hierarchyId: c.hierarchyId })),
		now
	);
	if (!chosen) return null;
	return firstScreen(actor.role, chosen.code, await ownUnitCode(db, actor, chosen.hierarchyId));
}

/** The code of the unit the actor works for, in a campaign on hierarchy version `hierarchyId`: a group lead's group, else their unit when the campaign holds it. */
async function ownUnitCode(db: Database, actor: Actor, hierarchyId: number): Promise<string | null> {
	if (actor.role !== 'clerk' && actor.role !== 'district') return null;
	if (actor.groupCode) return actor.groupCode;
	const unit = await findUnitById(db, actor.unitId);
	return unit && unit.hierarchy_id === hierarchyId ? unit.code : null;
}
