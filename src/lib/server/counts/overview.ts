import type { Actor } from '$lib/domain/access';
import { completion } from '$lib/domain/progress';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { primaryStage } from '../campaigns/repository';
import { campaignScope } from '../campaigns/scope';
import { communeTotals } from './repository';

export interface CommuneOverview {
	code: string;
	name: string;
	pct: number;
	lastReceived: string | null;
}

/** The communes an actor enters counts for, by parent unit, with their completion and last report. */
export async function communeOverview(db: Database, actor: Actor, campaign: Campaign) {
	const [scope, totals] = await Promise.all([campaignScope(db, actor, campaign, 'reports'), communeTotals(db, campaign.id, await primaryStage(db, campaign.id))]);
	const totalOf = new Map(totals.map((t) => [t.commune_id, t]));
	// Commune codes do not always run district by district: group by parent, in order of first appearance.
	const groups = new Map<string, CommuneOverview[]>();
	for (const c of scope.communes.filter((c) => c.mine)) {
		const t = totalOf.get(c.id);
		if (!groups.has(c.parent)) groups.set(c.parent, []);
		groups.get(c.parent)!.push({ code: c.code, name: c.name, pct: completion(t?.credited ?? 0, t?.target ?? 0), lastReceived: t?.last_received ?? null });
	}
	return [...groups].map(([parent, communes]) => ({ parent, communes }));
}
