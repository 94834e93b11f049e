import { json } from '@sveltejs/kit';
import { COMMUNES_NOT_PUBLIC, readerOf, visibleUnitKeys } from '$lib/domain/access';
import { wordsOfMiddle } from '$lib/domain/levels';
import { parseInstant, isoWithOffset } from '$lib/domain/time';
import { api, ApiError } from '$lib/server/api/http';
import { visibleCampaign } from '$lib/server/api/campaign-access';
import { getDb } from '$lib/server/db/instance';
import { evaluateOnHierarchy, requestedHierarchy, visibleOnOtherTree } from '$lib/server/across/service';
import { apiRows } from '$lib/server/progress/api-rows';
import { evaluateCampaignAt } from '$lib/server/progress/evaluate';
import type { RequestHandler } from './$types';

const LEVELS = ['nation', 'province', 'district', 'group', 'commune'] as const;

export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const campaign = await visibleCampaign(db, locals.actor, params.code);
		const level = (url.searchParams.get('level') ?? 'province') as (typeof LEVELS)[number];
		if (!LEVELS.includes(level)) throw new ApiError(400, 'invalid', `Tham số level «${level}» không hợp lệ (nation, province, district, group, commune).`);
		if (level === 'commune' && !readerOf(locals.actor, { provinceId: campaign.provinceId })) throw new ApiError(403, 'forbidden', COMMUNES_NOT_PUBLIC);
		const atParam = url.searchParams.get('at');
		const at = atParam === null ? new Date() : parseInstant(atParam);
		if (!at) throw new ApiError(400, 'invalid', `Tham số at «${atParam}» phải là thời điểm ISO 8601 có múi giờ, ví dụ 2024-12-10T11:30:00+07:00.`);
		// Another hierarchy version (`hierarchy=2026-07-25`): the figures carried by the mapping, marked where estimated.
		const hierarchy = await requestedHierarchy(db, campaign, url.searchParams.get('hierarchy'));
		const progress = hierarchy ? await evaluateOnHierarchy(db, campaign, hierarchy, { at }) : await evaluateCampaignAt(db, campaign, { at });
		// The middle level is the campaign's own: districts before the reform, cụm thi đua after.
		const middle = progress.units.some((u) => u.level === 'group') ? 'group' : 'district';
		if ((level === 'district' || level === 'group') && level !== middle) {
			throw new ApiError(
				400,
				'invalid',
				`Đợt này không có cấp ${wordsOfMiddle(level).middleNoun}: cấp giữa tỉnh và xã là ${wordsOfMiddle(middle).middleNoun}, dùng level=${middle}.`
			);
		}
		const recordType = url.searchParams.get('recordType') ?? undefined;
		if (recordType !== undefined && !progress.recordTypes.some((r) => r.code === recordType)) {
			throw new ApiError(400, 'invalid', `Loại việc «${recordType}» không có trong đợt này.`);
		}
		const parentCode = url.searchParams.get('parent');
		const parent = parentCode === null ? undefined : progress.units.find((u) => u.code === parentCode);
		if (parentCode !== null && !parent) throw new ApiError(400, 'invalid', `Không có đơn vị mã «${parentCode}» trong đợt này.`);
		const visible = hierarchy ? visibleOnOtherTree(progress.units, locals.actor, campaign) : visibleUnitKeys(progress.units, locals.actor);
		if (parent && !visible.has(parent.key)) throw new ApiError(403, 'forbidden', 'Bạn không có quyền xem số liệu của đơn vị này.');
		return json({
			campaign: campaign.code,
			at: isoWithOffset(at, campaign.timeZone),
			level,
			hierarchy: hierarchy?.asOf ?? null,
			recordType: recordType ?? null,
			rows: apiRows(progress, { level, parentKey: parent?.key, recordType, visible, timeZone: campaign.timeZone })
		});
	});
