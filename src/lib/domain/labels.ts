import type { Status } from './progress';
import type { Role } from './access';
import { formatCount } from './format';

/** What users read for each status. */
export const STATUS_LABELS: Record<Status, string> = {
	not_started: 'Chưa bắt đầu',
	on_track: 'Đúng tiến độ',
	at_risk: 'Có nguy cơ chậm',
	behind: 'Chậm tiến độ',
	overdue: 'Quá hạn',
	done: 'Hoàn thành'
};

/**
 * What a "needed per day" cell reads (§4 daily quota): the count, or "Quá hạn" when the
 * unit is overdue; `whenDone`, if given, once nothing remains.
 */
export function quotaLabel(f: { dailyQuota: number | null; status?: Status }, whenDone?: string): string {
	if (whenDone !== undefined && f.status === 'done') return whenDone;
	return f.dailyQuota === null ? STATUS_LABELS.overdue : formatCount(f.dailyQuota);
}

/** The same in a spreadsheet: a number Excel can sum, or the word when overdue. */
export function quotaCell(dailyQuota: number | null): number | string {
	return dailyQuota ?? STATUS_LABELS.overdue;
}

/** What users read for each role (DESIGN §7). */
export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Quản trị',
	leader: 'Lãnh đạo',
	district: 'Cấp huyện',
	clerk: 'Cán bộ xã',
	ministry: 'Bộ Tư pháp'
};

export const LEVEL_LABELS: Record<'nation' | 'province' | 'district' | 'commune', string> = { nation: 'toàn quốc', province: 'tỉnh', district: 'huyện', commune: 'xã' };

/** The "Cấp" column of official lists. */
export const UNIT_LEVEL_LABELS: Record<string, string> = { nation: 'Toàn quốc', province: 'Cấp tỉnh', district: 'Cấp huyện', group: 'Cụm thi đua', commune: 'Cấp xã' };

/** Where a report or target came from. */
export const SOURCE_LABELS: Record<string, string> = { form: 'Biểu mẫu', excel: 'Excel', csv: 'CSV', api: 'API', demo: 'Dữ liệu mẫu', cli: 'Dòng lệnh' };

/** What admins read for each state of a report mail. */
export const DELIVERY_STATUS_LABELS: Record<string, string> = {
	pending: 'Đang chờ gửi',
	sending: 'Đang gửi',
	sent: 'Đã gửi',
	retrying: 'Lỗi, sẽ gửi lại',
	failed: 'Không gửi được'
};

/** What a success message says of the API tokens a new password or a lock revoked. */
export function revokedTokensLabel(count: number): string {
	return count === 0 ? 'không có mã truy cập API nào phải thu hồi' : `đã thu hồi ${formatCount(count)} mã truy cập API`;
}
