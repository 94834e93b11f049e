import type { Actor } from '../../domain/access';
import { completion } from '../../domain/progress';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { primaryStage } from '../campaigns/repository';
import { campaignScope } from '../ingest/service';
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
	const groups: { parent: string; communes: CommuneOverview[] }[] = [];
	for (const c of scope.communes.filter((c) => c.mine)) {
		const t = totalOf.get(c.id);
		if (groups.at(-1)?.parent !== c.parent) groups.push({ parent: c.parent, communes: [] });
		groups.at(-1)!.communes.push({ code: c.code, name: c.name, pct: completion(t?.credited ?? 0, t?.target ?? 0), lastReceived: t?.last_received ?? null });
	}
	return groups;
}
