import { requireSignedIn } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/instance';
import { orPageError } from '$lib/server/forms';
import { snapshotForReader } from '$lib/server/snapshots/pages';
import { printedReport } from '$lib/server/snapshots/outputs';
import { findUnitById } from '$lib/server/units/repository';
import type { PageServerLoad } from './$types';

/** The one-page report to print: the province's, or `?unit=` (a district head's own by default). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requireSignedIn(locals.actor, url);
	const db = await getDb();
	const { campaign, snapshot, data } = await orPageError(snapshotForReader(db, actor, params.code, params.id));
	const own = actor.role === 'district' ? ((await findUnitById(db, actor.unitId))?.code ?? null) : null;
	const unitCode = url.searchParams.get('unit') ?? own;
	return {
		campaign: { code: campaign.code, name: campaign.name, timeZone: campaign.timeZone },
		snapshotId: snapshot.id,
		unitCode,
		report: await orPageError(printedReport(actor, campaign, data, unitCode))
	};
};
