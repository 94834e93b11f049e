import { describe, expect, it } from 'vitest';
import { errorPageTitle, isFrameworkMessage, isStorageFull, serverErrorMessage, statusMessage } from './errors';

describe('isStorageFull', () => {
	it("recognises SQLITE_FULL, PostgreSQL's disk_full and ENOSPC, also as a cause", () => {
		expect(isStorageFull({ code: 'SQLITE_FULL', message: 'database or disk is full' })).toBe(true);
		expect(isStorageFull({ code: '53100', message: 'could not extend file: No space left on device' })).toBe(true);
		expect(isStorageFull({ code: 'ENOSPC' })).toBe(true);
		expect(isStorageFull(new Error('import failed', { cause: { code: 'SQLITE_FULL' } }))).toBe(true);
	});

	it('leaves every other error alone', () => {
		expect(isStorageFull({ code: 'SQLITE_IOERR_WRITE' })).toBe(false);
		expect(isStorageFull(new Error('database or disk is full'))).toBe(false);
		expect(isStorageFull(null)).toBe(false);
		expect(isStorageFull('SQLITE_FULL')).toBe(false);
	});
});

describe('messages', () => {
	it('names the error id, and says when nothing was written for want of space', () => {
		expect(serverErrorMessage('3F9A1C2B', false)).toBe('Lỗi máy chủ, mã lỗi 3F9A1C2B.');
		expect(serverErrorMessage('3F9A1C2B', true)).toBe('Máy chủ hết dung lượng lưu trữ; số liệu chưa được ghi. Mã lỗi 3F9A1C2B.');
	});

	it('has a Vietnamese sentence and heading for every status', () => {
		expect(statusMessage(404)).toBe('Không có trang này.');
		expect(statusMessage(418)).toBe('Không thực hiện được yêu cầu (mã 418).');
		expect(statusMessage(503)).toBe('Lỗi máy chủ.');
		expect(errorPageTitle(404)).toBe('Không có trang này');
		expect(errorPageTitle(500)).toBe('Lỗi máy chủ');
		expect(errorPageTitle(409)).toBe('Không thực hiện được yêu cầu');
	});

	it('tells SvelteKit’s English defaults from the app’s own messages', () => {
		expect(['Error: 404', 'Not Found', 'Internal Error'].every(isFrameworkMessage)).toBe(true);
		expect(isFrameworkMessage('Không có đợt số hóa mã «x».')).toBe(false);
	});
});
