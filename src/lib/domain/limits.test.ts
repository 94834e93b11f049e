import { describe, expect, it } from 'vitest';
import { PENDING_UPLOAD_LIMITS, pendingUploadRefusal } from './limits';

const MB = 1024 * 1024;
const none = { count: 0, bytes: 0 };

describe('pendingUploadRefusal', () => {
	it('lets an upload in below every limit', () => {
		expect(pendingUploadRefusal({ count: 4, bytes: 5 * MB }, { count: 10, bytes: 50 * MB }, 10 * MB)).toBeNull();
	});

	it('refuses a user with too many files (429) or too many bytes (413) pending, in Vietnamese', () => {
		const files = pendingUploadRefusal({ count: PENDING_UPLOAD_LIMITS.perUser.count, bytes: 0 }, none, 1);
		expect(files).toEqual({ status: 429, message: expect.stringContaining('Bạn đang có 50 tệp tải lên chưa xác nhận, tối đa 50.') });
		const bytes = pendingUploadRefusal({ count: 2, bytes: 25 * MB }, none, 6 * MB);
		expect(bytes).toEqual({ status: 413, message: expect.stringContaining('vượt 30 MB') });
	});

	it('refuses everyone when the server holds too much', () => {
		expect(pendingUploadRefusal(none, { count: PENDING_UPLOAD_LIMITS.total.count, bytes: 0 }, 1)?.status).toBe(429);
		expect(pendingUploadRefusal(none, { count: 1, bytes: PENDING_UPLOAD_LIMITS.total.bytes }, 1)?.status).toBe(413);
		expect(pendingUploadRefusal(none, { count: 1, bytes: PENDING_UPLOAD_LIMITS.total.bytes }, 1)?.message).toContain('Máy chủ đang giữ quá nhiều tệp');
	});
});
