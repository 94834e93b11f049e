/** The carry-over on the new-campaign page (`/quan-tri/dot-moi`): its preview. */
import type { Actor } from '$lib/domain/access';
import { NotFoundError, ValidationError } from '$lib/domain/errors';
import { listCampaignRecordTypes } from '../campaigns/repository';
import type { Conn } from '../db';
import { parseMoment } from '../dashboard/service';
import { findHierarchyById, findUnitById } from '../units/repository';
import { carriedCampaign, carryOverTargets } from './carry-over';

/**
 * The preview on the new-campaign page: what a campaign of the admin's province, on its
 * hierarchy version, would take over from `from` at `at` (typed in the old campaign's zone,
 * or ISO; none: now), and the instant to confirm with, so the confirmed targets are the previewed ones.
 */
export async function carryOverPreview(conn: Conn, actor: Actor, from: string, at: string | null, now = new Date()) {
	const old = await carriedCampaign(conn, actor, from);
	const province = await findUnitById(conn, actor.provinceId);
	const hierarchy = province && (await findHierarchyById(conn, province.hierarchy_id));
	if (!province || !hierarchy) throw new NotFoundError('Không tìm thấy tỉnh của tài khoản.');
	const instant = at ? parseMoment(at, old.timeZone) : now;
	if (!instant) throw new ValidationError(`Thời điểm «${at}» không hợp lệ; hãy chọn ngày và giờ.`, [{ field: 'carryOver.at', message: 'thời điểm không hợp lệ.' }]);
	const recordTypes = (await listCampaignRecordTypes(conn, old.id)).map((t) => t.code);
	const carry = await carryOverTargets(conn, actor, { from, at: instant.toISOString() }, { hierarchy, province, recordTypes }, now);
	return { carry, hierarchy: hierarchy.asOf, provinceName: province.name, recordTypes, timeZone: old.timeZone };
}
