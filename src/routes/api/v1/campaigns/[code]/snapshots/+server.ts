import { json } from '@sveltejs/kit';
import { parseInstant } from '$lib/domain/time';
import { api, ApiError, readJson, requireActor } from '$lib/server/api/http';
import { ownCampaign, readCampaign } from '$lib/server/campaigns/access';
import { getDb } from '$lib/server/db/instance';
import { headerOf, snapshotArchive, snapshotJson } from '$lib/server/snapshots/pages';
import { takeAdhocSnapshot } from '$lib/server/snapshots/service';
import type { RequestHandler } from './$types';
import { canRunCampaign } from '$lib/server/campaigns/part';

export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const db = await getDb();
		const campaign = await readCampaign(db, requireActor(locals.actor), params.code);
		const archive = await snapshotArchive(db, campaign);
		return json({
			campaign: campaign.code,
			snapshots: archive.map((s) => ({ ...snapshotJson(s, campaign.timeZone), pct: s.pct, credited: s.credited, target: s.target, creditedChange: s.change }))
		});
	});

export const POST: RequestHandler = ({ params, request, locals }) =>
	api(async () => {
		const db = await getDb();
		const actor = requireActor(locals.actor);
		const campaign = await ownCampaign(db, actor, params.code);
		if (!canRunCampaign(actor, campaign)) throw new ApiError(403, 'forbidden', 'Chỉ quản trị viên của tỉnh mới chốt số liệu được.');
		const body = request.headers.get('content-length') === '0' ? {} : await readJson(request);
		if (typeof body !== 'object' || body === null || Array.isArray(body))
			throw new ApiError(400, 'invalid', 'Nội dung phải là một đối tượng JSON, ví dụ {} hoặc {"at": "2024-12-10T11:30:00+07:00"}.');
		const raw = (body as { at?: unknown }).at;
		const at = raw === undefined || raw === null ? null : parseInstant(raw);
		if (raw !== undefined && raw !== null && !at)
			throw new ApiError(400, 'invalid', `Trường at «${String(raw)}» phải là thời điểm ISO 8601 có múi giờ.`, [{ field: 'at', message: 'thời điểm không hợp lệ.' }]);
		const snapshot = await takeAdhocSnapshot(db, actor, campaign, at, 'api');
		return json(snapshotJson(headerOf(snapshot), campaign.timeZone), { status: 201 });
	});
