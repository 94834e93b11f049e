import { readerOf, type Actor } from '$lib/domain/access';
import { ForbiddenError } from '$lib/domain/errors';
import { qualityFlags } from '$lib/domain/quality';
import { rollCallOf } from '$lib/domain/roll-call';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { primaryStage } from '../campaigns/repository';
import { campaignScope } from '../campaigns/scope';
import { campaignCellsNow } from '../progress/repository';
import { rollCallSnapshot } from '../snapshots/pages';
import { recentReports } from './repository';

const WINDOW_DAYS = 7;

/** The flags of the communes the actor reads, newest first within each kind. */
export async function qualityReport(db: Database, actor: Actor, campaign: Campaign, now = new Date()) {
	// The province's users, or those of the province that absorbed it, who read as its leader.
	const reader = readerOf(actor, { provinceId: campaign.provinceId });
	if (!reader) throw new ForbiddenError('Đợt số hóa này không thuộc tỉnh của bạn.');
	const stage = await primaryStage(db, campaign.id);
	const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
	const [scope, reports, rollCallFrom] = await Promise.all([
		campaignScope(db, reader, campaign, 'read'),
		recentReports(db, campaign.id, stage, new Date(since.getTime() - WINDOW_DAYS * 86_400_000).toISOString()),
		rollCallSnapshot(db, reader, campaign, now.toISOString())
	]);
	const roll = rollCallFrom ? rollCallOf(rollCallFrom) : null;
	const mine = new Map(scope.communes.filter((c) => c.mine).map((c) => [c.id, c]));
	const cells = await campaignCellsNow(db, campaign.id, [...mine.keys()]);
	const flags = qualityFlags({
		communeIds: [...mine.keys()],
		targets: new Map(cells.targets.filter((t) => mine.has(t.commune_id)).map((t) => [`${t.commune_id}|${t.record_type}`, t.target])),
		current: new Map(cells.values.filter((v) => v.stage === stage && mine.has(v.commune_id)).map((v) => [`${v.commune_id}|${v.record_type}`, v.cumulative])),
		reports: reports.filter((r) => mine.has(r.communeId)),
		since: since.toISOString(),
		// The same roll-call as every page, text and mail: the newest scheduled snapshot's.
		rollCall: new Map((roll?.missing ?? []).map((c) => [Number(c.key.slice(2)), c.lastReportAt]))
	});
	return {
		/** The snapshot whose roll-call is shown, and the slot before it. */
		rollCall: roll && { slotAt: roll.slotAt, since: roll.since },
		recordTypes: scope.recordTypes,
		flags: flags.map((f) => {
			const c = mine.get(f.communeId)!;
			return { ...f, communeCode: c.code, communeName: c.name, parent: c.parent };
		})
	};
}
