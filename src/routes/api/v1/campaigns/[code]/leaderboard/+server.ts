import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { getDb } from '$lib/server/db/instance';
import { leaderboardView } from '$lib/server/leaderboard/service';
import { instantJson } from '$lib/server/progress/api-rows';
import { snapshotJson } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const campaign = await visibleCampaign(db, locals.actor, params.code);
		const q = url.searchParams;
		const view = await leaderboardView(db, locals.actor, campaign, {
			level: q.get('level'),
			snapshot: q.get('snapshot'),
			recordType: q.get('recordType'),
			parent: q.get('parent'),
			hierarchy: q.get('hierarchy')
		});
		return json({
			campaign: campaign.code,
			snapshot: view.snapshot && snapshotJson(view.snapshot, campaign.timeZone),
			level: view.level,
			hierarchy: view.hierarchy.shown,
			recordType: view.recordType || null,
			previousSnapshotAt: instantJson(view.previousSlotAt, campaign.timeZone),
			brackets: view.thresholds,
			rows: view.rows.map((r) => ({
				unit: { code: r.code, name: r.name, level: r.level },
				parent: r.parentCode ? { code: r.parentCode, name: r.parentName } : null,
				rank: r.rank,
				rankChange: r.rankChange,
				pct: r.pct,
				credited: r.credited,
				done: r.done,
				target: r.target,
				finishedAt: instantJson(r.finishedAt, campaign.timeZone),
				pace: Math.round(r.pace * 10) / 10,
				status: r.status,
				firstInProvince: r.firstInProvince,
				firstInParent: r.firstInParent,
				improvement: r.improvement,
				improvementRank: r.improvementRank,
				bracket: r.bracket,
				bracketRank: r.bracketRank,
				streak: r.streak,
				estimate: r.estimate ?? false
			}))
		});
	});
