import { describe, expect, it } from 'vitest';
import { adminTasksOf, whenLabel, type AdminDayFacts } from './admin-tasks';

const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-12-06T05:00:00Z'); // 12:00 on 06/12/2026 in Hà Nội
const quiet: AdminDayFacts = {
	campaignCode: 'hungyen-hotich',
	timeZone: TZ,
	now: NOW,
	silent: null,
	communesWithoutTarget: 0,
	unconfirmedUploads: 0,
	failedDeliveries: 0,
	nextSnapshotAt: new Date('2026-12-06T16:00:00Z')
};

describe('whenLabel', () => {
	it('names today and tomorrow in the campaign’s zone, and other days by date', () => {
		expect(whenLabel(new Date('2026-12-06T16:00:00Z'), NOW, TZ)).toBe('23:00 hôm nay');
		expect(whenLabel(new Date('2026-12-06T23:00:00Z'), NOW, TZ)).toBe('06:00 ngày mai');
		expect(whenLabel(new Date('2026-12-07T23:00:00Z'), NOW, TZ)).toBe('06:00 ngày 08/12/2026');
	});
});

describe('adminTasksOf', () => {
	it('says all is clear, with the next snapshot, when nothing needs doing', () => {
		expect(adminTasksOf(quiet)).toEqual([
			{ text: 'Không có việc nào cần xử lý', href: null, kind: 'info' },
			{ text: 'Lần chốt số liệu tiếp theo: 23:00 hôm nay', href: null, kind: 'info' }
		]);
	});

	it('lists what needs doing first, each with where to do it, in vi-VN numbers', () => {
		const tasks = adminTasksOf({
			...quiet,
			silent: 'Còn 3/104 xã chưa báo cáo từ 06:00',
			communesWithoutTarget: 1200,
			unconfirmedUploads: 2,
			failedDeliveries: 1,
			nextSnapshotAt: null
		});
		expect(tasks).toEqual([
			{ text: 'Còn 3/104 xã chưa báo cáo từ 06:00', href: '#silent', kind: 'todo' },
			{ text: '1.200 xã chưa có chỉ tiêu', href: '/quan-tri/dot/hungyen-hotich/chi-tieu', kind: 'todo' },
			{ text: '2 tệp tải lên đang chờ người tải xác nhận', href: null, kind: 'todo' },
			{ text: '1 báo cáo không gửi được trong 7 ngày qua', href: '/quan-tri/gui-bao-cao', kind: 'todo' },
			{ text: 'Đợt đã hết hạn: không còn lần chốt số liệu theo lịch', href: null, kind: 'info' }
		]);
	});
});
