import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/instance';
import { campaignForPage } from '$lib/server/dashboard/page';
import { dashboard, momentRequest } from '$lib/server/dashboard/service';
import { downloadResponse } from '$lib/server/files';
import { orPageError } from '$lib/server/forms';
import { fileStamp } from '$lib/domain/time';
import { buildDashboardTable, DASHBOARD_TABLES, type DashboardTable } from '$reports/dashboard-tables';
import type { RequestHandler } from './$types';

/** Any table of a dashboard: `bang` (don-vi, loai-viec, chua-bao-cao), `don-vi` (a unit code), and its moment. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const table = url.searchParams.get('bang') as DashboardTable;
	if (!DASHBOARD_TABLES.includes(table)) error(400, `Bảng «${url.searchParams.get('bang') ?? ''}» không có; chọn một trong: ${DASHBOARD_TABLES.join(', ')}.`);
	const db = await getDb();
	const campaign = await orPageError(campaignForPage(db, locals.actor, params.code), url);
	const unit = url.searchParams.get('don-vi');
	if (unit !== null && !locals.actor) error(401, 'Cần đăng nhập để xem số liệu của đơn vị.');
	const d = await orPageError(dashboard(db, locals.actor, campaign, unit, momentRequest(url)));
	if (table === 'chua-bao-cao' && !d.opensUnits) error(locals.actor ? 403 : 401, locals.actor ? 'Danh sách xã chỉ dành cho người dùng của tỉnh.' : 'Cần đăng nhập để xem danh sách xã.');
	const stamp = fileStamp(d.moment.at, campaign.timeZone);
	const name = `${table}-${campaign.code}${unit ? `-${unit}` : ''}-${stamp}.xlsx`;
	return downloadResponse(name, new Uint8Array(await buildDashboardTable(d, table).xlsx.writeBuffer()));
};
