import { totalsOf, type Cell, type Totals } from '../../domain/progress';
import { listCampaignRecordTypes, primaryStage, type CampaignRecordType } from '../campaigns/repository';
import { listCurrentTargets } from '../campaigns/targets';
import type { Conn } from '../db';
import type { Campaign } from '../db/schema';
import { listCurrentValues } from '../reports/repository';

export interface CampaignTotals {
	total: Totals;
	byRecordType: (CampaignRecordType & Totals)[];
	lastReportAt: string | null;
}

/** The province's figures now, from the current targets and values. */
export async function currentCampaignTotals(conn: Conn, campaign: Campaign): Promise<CampaignTotals> {
	const [recordTypes, targets, stage] = await Promise.all([
		listCampaignRecordTypes(conn, campaign.id),
		listCurrentTargets(conn, campaign.id),
		primaryStage(conn, campaign.id)
	]);
	const values = await listCurrentValues(conn, campaign.id, stage);
	const cells = new Map<string, Cell & { recordType: string }>();
	for (const t of targets) cells.set(`${t.commune_id}|${t.record_type}`, { target: t.target, done: 0, recordType: t.record_type });
	let lastReportAt: string | null = null;
	for (const v of values) {
		const key = `${v.commune_id}|${v.record_type}`;
		const cell = cells.get(key) ?? { target: 0, done: 0, recordType: v.record_type };
		cell.done = v.cumulative;
		cells.set(key, cell);
		if (!lastReportAt || v.received_at > lastReportAt) lastReportAt = v.received_at;
	}
	const all = [...cells.values()].filter((c) => recordTypes.some((r) => r.code === c.recordType));
	return {
		total: totalsOf(all),
		byRecordType: recordTypes.map((r) => ({ ...r, ...totalsOf(all.filter((c) => c.recordType === r.code)) })),
		lastReportAt
	};
}
