import { json } from '@sveltejs/kit';
import { readerOf } from '$lib/domain/access';
import { wordsOfMiddle } from '$lib/domain/levels';
import { isoWithOffset, parseInstant } from '$lib/domain/time';
import { api, ApiError, readJson, requireActor } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { capacityRows, setCapacitiesJson } from '$lib/server/capacity/service';
import { campaignWords } from '$lib/server/groups/service';
import { getDb } from '$lib/server/db/instance';
import type { RequestHandler } from './$types';

const LEVELS = ['province', 'district', 'group', 'commune'] as const;

/** The plan (DESIGN §4 "Capacity") of a level at an instant: readers of the campaign's province. */
export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await visibleCampaign(db, actor, params.code);
		if (!readerOf(actor, { provinceId: campaign.provinceId })) throw new ApiError(403, 'forbidden', 'Năng lực số hóa của đợt này chỉ dành cho người dùng của tỉnh.');
		const level = (url.searchParams.get('level') ?? 'province') as (typeof LEVELS)[number];
		if (!LEVELS.includes(level)) throw new ApiError(400, 'invalid', `Tham số level «${level}» không hợp lệ (province, district, group, commune).`);
		const middle = (await campaignWords(db, campaign)).middle;
		if ((level === 'district' || level === 'group') && level !== middle)
			throw new ApiError(400, 'invalid', `Đợt này không có cấp ${wordsOfMiddle(level).middleNoun}: dùng level=${middle}.`);
		const atParam = url.searchParams.get('at');
		const at = atParam === null ? new Date() : parseInstant(atParam);
		if (!at) throw new ApiError(400, 'invalid', `Tham số at «${atParam}» phải là thời điểm ISO 8601 có múi giờ, ví dụ 2024-12-10T11:30:00+07:00.`);
		const rows = await capacityRows(db, actor, campaign, { level, parentCode: url.searchParams.get('parent'), at });
		return json({ campaign: campaign.code, at: isoWithOffset(at, campaign.timeZone), level, rows });
	});

/** `[{commune, machines, shiftsPerDay}]`: district heads and group leads for their communes, admins; all or nothing. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	api(async () => {
		const actor = requireActor(locals.actor);
		const db = await getDb();
		const campaign = await visibleCampaign(db, actor, params.code);
		return json(await setCapacitiesJson(db, actor, campaign, await readJson(request), 'api'));
	});
