import type { Database } from '../db';
import type { Campaign } from '../db/schema';
import { findUnitById } from '../units/repository';
import { campaignSettings } from './service';

/** A campaign in the JSON shape of the API. */
export async function campaignJson(db: Database, c: Campaign) {
	const [settings, province, hierarchy] = await Promise.all([
		campaignSettings(db, c),
		findUnitById(db, c.province_id),
		db.selectFrom('hierarchies').select('as_of').where('id', '=', c.hierarchy_id).executeTakeFirstOrThrow()
	]);
	return { code: c.code, provinceCode: province!.code, provinceName: province!.name, hierarchy: hierarchy.as_of, ...settings };
}
