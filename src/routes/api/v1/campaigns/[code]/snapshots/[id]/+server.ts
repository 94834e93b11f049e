import { json } from '@sveltejs/kit';
import type { Level } from '$lib/domain/evaluate';
import { api, ApiError, requireActor } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/instance';
import { headerOf, snapshotForReader, snapshotJson, snapshotRowsJson } from '$lib/server/snapshots/pages';
import type { RequestHandler } from './$types';

const LEVELS: Level[] = ['province', 'district', 'group', 'commune'];

export const GET: RequestHandler = ({ params, url, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const { campaign, snapshot, data } = await snapshotForReader(db, actor, params.code, params.id);
		const level = (url.searchParams.get('level') ?? undefined) as Level | undefined;
		if (level !== undefined && !LEVELS.includes(level)) throw new ApiError(400, 'invalid', `Tham số level «${level}» không hợp lệ (province, district, group, commune).`);
		const recordType = url.searchParams.get('recordType') ?? undefined;
		if (recordType !== undefined && !data.recordTypes.some((r) => r.code === recordType)) throw new ApiError(400, 'invalid', `Loại việc «${recordType}» không có trong đợt này.`);
		return json({
			campaign: campaign.code,
			snapshot: snapshotJson(headerOf(snapshot), campaign.timeZone),
			recordType: recordType ?? null,
			rows: snapshotRowsJson(data, { level, recordType })
		});
	});
