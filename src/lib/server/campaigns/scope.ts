/**
 * A campaign's communes as one actor sees them: which they may read, enter counts for or
 * set targets of (DESIGN §7). Used by uploads, templates, the overview of counts and the
 * quality page.
 */
import { canAdminister, canRead, canReport, isOwnUnit, may, unitPaths, type Actor } from '$lib/domain/access';
import { ForbiddenError } from '$lib/domain/errors';
import type { TemplateKind } from '$reports/count-template';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { mapInSlices, yieldToEventLoop } from '../event-loop';
import { campaignTree } from '../progress/evaluate';
import { campaignUnits, communeGroupCodes } from '../progress/repository';
import { listCampaignRecordTypes } from './repository';

/**
 * Refuses (403) an actor who may not send a file of this kind to the campaign at all: counts
 * are entered by anyone of its province but leaders, targets by its admins. Which communes
 * the actor may change is checked row by row.
 */
export function assertMayUpload(actor: Actor, campaign: Campaign, kind: TemplateKind | 'read'): void {
	const allowed = { targets: canAdminister(actor, campaign.provinceId), reports: may(actor.role, 'report'), read: true }[kind];
	if (!allowed || actor.provinceId !== campaign.provinceId) throw new ForbiddenError();
}

/**
 * The communes of a campaign with their parent's name, each marked `mine` when the actor
 * may change its counts (`reports`), its targets (`targets`) or read it (`read`).
 */
export async function campaignScope(db: Database, actor: Actor, campaign: Campaign, purpose: TemplateKind | 'read') {
	assertMayUpload(actor, campaign, purpose);
	const mayTouch = purpose === 'reports' ? canReport : purpose === 'read' ? canRead : () => true;
	// Access follows the units' own parents; the parent shown is the tree's (a group in a 2-level province).
	const units = await campaignUnits(db, campaign);
	await yieldToEventLoop();
	const tree = await campaignTree(db, campaign);
	await yieldToEventLoop();
	const pathOf = unitPaths(units, await communeGroupCodes(db, campaign.id));
	const byKey = new Map(tree.map((u) => [u.key, u]));
	const communes = await mapInSlices(
		tree.filter((u) => u.level === 'commune'),
		(u) => ({ id: u.id, code: u.code, name: u.name, parent: byKey.get(u.parentKey ?? '')?.name ?? '', mine: mayTouch(actor, pathOf(u.id)) })
	);
	const own = tree.find((u) => isOwnUnit(actor, u));
	return { communes, scopeName: own?.name ?? tree[0]?.name ?? '', recordTypes: await listCampaignRecordTypes(db, campaign.id) };
}
