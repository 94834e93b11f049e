import { communeHistory } from '$lib/domain/history';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { CampaignCommune } from '../campaigns/access';
import { listCampaignRecordTypes } from '../campaigns/repository';
import { buildHistoryWorkbook } from '$reports/commune-history';
import { communeReports, communeTargetRevisions } from './repository';

export async function historyOf(db: Database, campaign: Campaign, commune: CampaignCommune) {
	const [reports, targets, recordTypes] = await Promise.all([
		communeReports(db, campaign.id, commune.id),
		communeTargetRevisions(db, campaign.id, commune.id),
		listCampaignRecordTypes(db, campaign.id)
	]);
	return { entries: communeHistory(reports, targets), typeNames: Object.fromEntries(recordTypes.map((r) => [r.code, r.name])) };
}

export async function historyWorkbook(db: Database, campaign: Campaign, commune: CampaignCommune, now = new Date()) {
	const { entries, typeNames } = await historyOf(db, campaign, commune);
	const workbook = buildHistoryWorkbook({
		campaignName: campaign.name,
		communeName: commune.name,
		parentName: commune.parentName,
		timeZone: campaign.timeZone,
		generatedAt: now,
		typeNames,
		entries
	});
	return { name: `lich-su-${commune.code}-${campaign.code}.xlsx`, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}
