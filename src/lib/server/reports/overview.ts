import type { Actor } from '../../domain/access';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { primaryStage } from '../campaigns/repository';
import { campaignScope } from '../ingest/service';
import { communeTotals } from './repository';

/** The communes an actor enters counts for, with their completion and last report. */
export async function communeOverview(db: Database, actor: Actor, campaign: Campaign) {
	const [scope, totals] = await Promise.all([campaignScope(db, actor, campaign, 'reports'), communeTotals(db, campaign.id, await primaryStage(db, campaign.id))]);
	const totalOf = new Map(totals.map((t) => [t.commune_id, t]));
	return scope.communes
		.filter((c) => c.mine)
		.map((c) => {
			const t = totalOf.get(c.id);
			return { code: c.code, name: c.name, parent: c.parent, target: t?.target ?? 0, credited: t?.credited ?? 0, pct: t && t.target > 0 ? t.credited / t.target : 1, lastReceived: t?.last_received ?? null };
		});
}
