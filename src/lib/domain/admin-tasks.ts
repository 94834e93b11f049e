/**
 * The admin's tasks of the day (issue 23 item 5): a short list on the province page of what
 * needs the admin's hand now, from data the product holds. Pure.
 */
import { formatCount, formatDate } from './format';
import { localDateOf, localParts } from './time';

export interface AdminDayFacts {
	campaignCode: string;
	timeZone: string;
	now: Date;
	/** The roll-call's headline when communes with work left are silent, else null. */
	silent: string | null;
	communesWithoutTarget: number;
	/** Uploads still waiting for their uploader's confirmation. */
	unconfirmedUploads: number;
	/** Deliveries of the campaign's reports (mail, webhooks) that failed for good, within `FAILED_DELIVERIES_DAYS`. */
	failedDeliveries: number;
	/** The next scheduled snapshot; null once the campaign's window is over. */
	nextSnapshotAt: Date | null;
}

export interface AdminTask {
	text: string;
	/** Where the admin deals with it; null when nothing to open. */
	href: string | null;
	/** `todo` asks for action; `info` only informs. */
	kind: 'todo' | 'info';
}

/** How far back failed deliveries are counted. */
export const FAILED_DELIVERIES_DAYS = 7;

/** "23:00 hôm nay", "06:00 ngày mai", "06:00 ngày 09/12/2026". */
export function whenLabel(at: Date, now: Date, timeZone: string): string {
	const p = localParts(at, timeZone);
	const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
	const [day, today] = [localDateOf(at, timeZone), localDateOf(now, timeZone)];
	if (day === today) return `${time} hôm nay`;
	const tomorrow = localDateOf(new Date(now.getTime() + 86_400_000), timeZone);
	return day === tomorrow ? `${time} ngày mai` : `${time} ngày ${formatDate(day)}`;
}

/** The tasks, those to do first; an "all clear" line when there is nothing to do. */
export function adminTasksOf(f: AdminDayFacts): AdminTask[] {
	const code = encodeURIComponent(f.campaignCode);
	const tasks: AdminTask[] = [];
	if (f.silent) tasks.push({ text: f.silent, href: '#silent', kind: 'todo' });
	if (f.communesWithoutTarget > 0) tasks.push({ text: `${formatCount(f.communesWithoutTarget)} xã chưa có chỉ tiêu`, href: `/quan-tri/dot/${code}/chi-tieu`, kind: 'todo' });
	if (f.unconfirmedUploads > 0) tasks.push({ text: `${formatCount(f.unconfirmedUploads)} tệp tải lên đang chờ người tải xác nhận`, href: null, kind: 'todo' });
	if (f.failedDeliveries > 0)
		tasks.push({ text: `${formatCount(f.failedDeliveries)} báo cáo không gửi được trong ${FAILED_DELIVERIES_DAYS} ngày qua`, href: '/quan-tri/gui-bao-cao', kind: 'todo' });
	if (tasks.length === 0) tasks.push({ text: 'Không có việc nào cần xử lý', href: null, kind: 'info' });
	tasks.push({
		text: f.nextSnapshotAt ? `Lần chốt số liệu tiếp theo: ${whenLabel(f.nextSnapshotAt, f.now, f.timeZone)}` : 'Đợt đã hết hạn: không còn lần chốt số liệu theo lịch',
		href: null,
		kind: 'info'
	});
	return tasks;
}
