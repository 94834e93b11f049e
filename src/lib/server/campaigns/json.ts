import { NATION_NAME } from '$lib/domain/levels';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import { findHierarchyById, findUnitById } from '../units/repository';
import { listCampaignsWithPlace, listRecordTypesAndStagesOfAll } from './repository';
import { campaignSettings, settingsOf } from './service';

/** A campaign in the JSON shape of the API. */
export async function campaignJson(db: Database, c: Campaign) {
	const [settings, province, hierarchy] = await Promise.all([
		campaignSettings(db, c),
		c.provinceId === null ? null : findUnitById(db, c.provinceId),
		findHierarchyById(db, c.hierarchyId)
	]);
	// A national campaign has no province (issue 29): `provinceCode` null.
	return { code: c.code, provinceCode: province?.code ?? null, provinceName: province?.name ?? NATION_NAME, hierarchy: hierarchy!.asOf, ...settings };
}

/**
 * The campaigns a reader may see, in the JSON shape of the API, in three queries however
 * many campaigns there are (a national deployment has 63).
 */
export async function campaignsJson(db: Database, visible: (c: Campaign) => boolean) {
	const [campaigns, { typesOf, stagesOf }] = await Promise.all([listCampaignsWithPlace(db), listRecordTypesAndStagesOfAll(db)]);
	return campaigns
		.filter((p) => visible(p.campaign))
		.map(({ campaign: c, provinceCode, provinceName, hierarchyAsOf }) => ({
			code: c.code,
			provinceCode,
			provinceName: provinceName ?? NATION_NAME,
			hierarchy: hierarchyAsOf,
			...settingsOf(c, typesOf(c.id), stagesOf(c.id))
		}));
}
