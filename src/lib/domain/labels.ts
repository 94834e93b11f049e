import type { Status } from './progress';

/** What users read for each status. */
export const STATUS_LABELS: Record<Status, string> = {
	not_started: 'Chưa bắt đầu',
	on_track: 'Đúng tiến độ',
	at_risk: 'Có nguy cơ chậm',
	behind: 'Chậm tiến độ',
	overdue: 'Quá hạn',
	done: 'Hoàn thành'
};
