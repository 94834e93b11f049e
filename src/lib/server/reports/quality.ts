import type { Actor } from '../../domain/access';
import { campaignStartInstant } from '../../domain/calendar';
import { qualityFlags } from '../../domain/quality';
import { lastSlotAtOrBefore } from '../../domain/slots';
import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { primaryStage } from '../campaigns/repository';
import { snapshotTimeHistory } from '../campaigns/service';
import { calendarOf } from '../campaigns/settings';
import { campaignScope } from '../ingest/service';
import { campaignCellsNow } from '../progress/repository';
import { communeTotals, recentReports } from './repository';

const WINDOW_DAYS = 7;

/** The flags of the communes the actor reads, newest first within each kind. */
export async function qualityReport(db: Database, actor: Actor, campaign: Campaign, now = new Date()) {
	const stage = await primaryStage(db, campaign.id);
	const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
	const [scope, totals, reports, history] = await Promise.all([
		campaignScope(db, actor, campaign, 'read'),
		communeTotals(db, campaign.id, stage),
		recentReports(db, campaign.id, stage, new Date(since.getTime() - WINDOW_DAYS * 86_400_000).toISOString()),
		snapshotTimeHistory(db, campaign)
	]);
	const mine = new Map(scope.communes.filter((c) => c.mine).map((c) => [c.id, c]));
	const cells = await campaignCellsNow(db, campaign.id, [...mine.keys()]);
	const slot = lastSlotAtOrBefore(now, history, campaign.time_zone);
	const started = slot !== null && slot >= campaignStartInstant(calendarOf(campaign));
	const flags = qualityFlags({
		communeIds: [...mine.keys()],
		targets: new Map(cells.targets.filter((t) => mine.has(t.commune_id)).map((t) => [`${t.commune_id}|${t.record_type}`, t.target])),
		current: new Map(cells.values.filter((v) => v.stage === stage && mine.has(v.commune_id)).map((v) => [`${v.commune_id}|${v.record_type}`, v.cumulative])),
		reports: reports.filter((r) => mine.has(r.communeId)),
		since: since.toISOString(),
		lastSlot: started ? slot.toISOString() : null,
		lastReceived: new Map(totals.filter((t) => t.last_received !== null).map((t) => [t.commune_id, t.last_received!]))
	});
	return {
		lastSlot: started ? slot.toISOString() : null,
		recordTypes: scope.recordTypes,
		flags: flags.map((f) => {
			const c = mine.get(f.communeId)!;
			return { ...f, communeCode: c.code, communeName: c.name, parent: c.parent };
		})
	};
}
