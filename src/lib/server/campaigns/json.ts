import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { findHierarchyById, findUnitById } from '../units/repository';
import { campaignSettings } from './service';

/** A campaign in the JSON shape of the API. */
export async function campaignJson(db: Database, c: Campaign) {
	const [settings, province, hierarchy] = await Promise.all([
		campaignSettings(db, c),
		findUnitById(db, c.province_id),
		findHierarchyById(db, c.hierarchy_id)
	]);
	return { code: c.code, provinceCode: province!.code, provinceName: province!.name, hierarchy: hierarchy!.as_of, ...settings };
}
