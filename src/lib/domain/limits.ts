/** Sizes of what the server accepts, shared by the pages (to warn early) and the server. */

/** An uploaded Excel or CSV file. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** A JSON API request (20.000 reports fit in about 2 MB). */
export const MAX_API_BODY_BYTES = 4 * 1024 * 1024;
/** Any other form. */
export const MAX_FORM_BYTES = 256 * 1024;
/** adapter-node's own cap (`BODY_SIZE_LIMIT`) must be above all of these. */
export const BODY_SIZE_LIMIT = '12M';

export function megabytes(bytes: number): string {
	return `${Math.round((bytes / 1048576) * 10) / 10} MB`.replace('.', ',');
}

/** Bytes a workbook may inflate to when it is read (all the parts read, together). */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;

/** Uploads being read at one time: by one user, and by everyone on the server. */
export const MAX_UPLOADS_AT_ONCE_PER_USER = 1;
export const MAX_UPLOADS_AT_ONCE = 4;

/** Uploads kept for their preview and not yet confirmed: by one user, and in all. */
export const PENDING_UPLOAD_LIMITS = {
	perUser: { count: 50, bytes: 30 * 1024 * 1024 },
	total: { count: 1_000, bytes: 500 * 1024 * 1024 }
} as const;
/** An upload not confirmed within this time is dropped; a confirmed one is kept a week. */
export const UNCONFIRMED_UPLOAD_KEPT_MS = 2 * 3_600_000;
export const CONFIRMED_UPLOAD_KEPT_MS = 7 * 86_400_000;

export interface PendingUploads {
	count: number;
	bytes: number;
}

/**
 * Why one more upload of `size` bytes may not be kept beside those pending (the user's own
 * and everyone's), or null when it may: 429 for too many files, 413 for too many bytes.
 */
export function pendingUploadRefusal(mine: PendingUploads, all: PendingUploads, size: number): { status: 413 | 429; message: string } | null {
	const { perUser, total } = PENDING_UPLOAD_LIMITS;
	const waitOrConfirm = 'Hãy xác nhận các tệp đang chờ, hoặc đợi: tệp chưa xác nhận tự được bỏ sau 2 giờ.';
	if (mine.count >= perUser.count) return { status: 429, message: `Bạn đang có ${mine.count} tệp tải lên chưa xác nhận, tối đa ${perUser.count}. ${waitOrConfirm}` };
	if (mine.bytes + size > perUser.bytes) return { status: 413, message: `Các tệp chưa xác nhận của bạn sẽ vượt ${megabytes(perUser.bytes)}. ${waitOrConfirm}` };
	const busy = 'Máy chủ đang giữ quá nhiều tệp tải lên chưa xác nhận; hãy thử lại sau.';
	if (all.count >= total.count) return { status: 429, message: busy };
	if (all.bytes + size > total.bytes) return { status: 413, message: busy };
	return null;
}
