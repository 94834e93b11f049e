import type { Status } from './progress';
import type { Role } from './access';

/** What users read for each status. */
export const STATUS_LABELS: Record<Status, string> = {
	not_started: 'Chưa bắt đầu',
	on_track: 'Đúng tiến độ',
	at_risk: 'Có nguy cơ chậm',
	behind: 'Chậm tiến độ',
	overdue: 'Quá hạn',
	done: 'Hoàn thành'
};

/** What users read for each role (DESIGN §7). */
export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Quản trị',
	leader: 'Lãnh đạo',
	district: 'Cấp huyện',
	clerk: 'Cán bộ xã'
};

export const LEVEL_LABELS: Record<'province' | 'district' | 'commune', string> = { province: 'tỉnh', district: 'huyện', commune: 'xã' };

/** The "Cấp" column of official lists. */
export const UNIT_LEVEL_LABELS: Record<string, string> = { province: 'Cấp tỉnh', district: 'Cấp huyện', group: 'Cụm thi đua', commune: 'Cấp xã' };

/** Where a report or target came from. */
export const SOURCE_LABELS: Record<string, string> = { form: 'Biểu mẫu', excel: 'Excel', csv: 'CSV', api: 'API', demo: 'Dữ liệu mẫu', cli: 'Dòng lệnh' };

/** What admins read for each state of a report mail. */
export const DELIVERY_STATUS_LABELS: Record<string, string> = { pending: 'Đang chờ gửi', sending: 'Đang gửi', sent: 'Đã gửi', retrying: 'Lỗi, sẽ gửi lại', failed: 'Không gửi được' };

/** What users read for the levels of a hierarchy: the middle level decides (DESIGN §3). */
export interface LevelWords {
	/** "huyện" or "cụm": before a name or a count ("8 huyện"). */
	middle: string;
	/** "huyện" or "cụm thi đua": in running text ("theo cụm thi đua"). */
	middleLong: string;
	/** A table's header for the middle level: "Huyện, thị xã, thành phố" or "Cụm thi đua". */
	middleHeader: string;
	/** "xã": in counts ("34/130 xã"). */
	commune: string;
	/** A table's header for communes: "Xã, phường, thị trấn" before the reform, "Xã, phường, đặc khu" after. */
	communeHeader: string;
}

/** The words of a hierarchy whose middle level is districts (before 1/7/2025) or groups (after). */
export function levelWords(middle: 'district' | 'group'): LevelWords {
	return middle === 'group'
		? { middle: 'cụm', middleLong: 'cụm thi đua', middleHeader: 'Cụm thi đua', commune: 'xã', communeHeader: 'Xã, phường, đặc khu' }
		: { middle: 'huyện', middleLong: 'huyện', middleHeader: 'Huyện, thị xã, thành phố', commune: 'xã', communeHeader: 'Xã, phường, thị trấn' };
}
