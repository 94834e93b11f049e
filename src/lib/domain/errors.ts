/** Where a bad input was found, for messages that say what and where (DESIGN §8). */
export interface Problem {
	message: string; // Vietnamese, complete on its own
	file?: string;
	sheet?: string;
	row?: number;
	column?: string;
	field?: string; // a JSON path in an API request, e.g. "reports[3].cumulative"
	entry?: number; // the index of the entry in a batch, for mapping back to a file's cells
}

/** Input refused as a whole; nothing was written. `message` is Vietnamese. */
export class ValidationError extends Error {
	readonly problems: Problem[];
	constructor(message: string, problems: Problem[] = []) {
		super(message);
		this.name = 'ValidationError';
		this.problems = problems;
	}
}

/** The actor may not do this (HTTP 403). `message` is Vietnamese. */
export class ForbiddenError extends Error {
	constructor(message = 'Bạn không có quyền thực hiện thao tác này.') {
		super(message);
		this.name = 'ForbiddenError';
	}
}

/** Only a signed-in user may do this (HTTP 401; a page sends the visitor to sign in). `message` is Vietnamese. */
export class SignInRequiredError extends Error {
	constructor(message = 'Cần đăng nhập.') {
		super(message);
		this.name = 'SignInRequiredError';
	}
}

/** The thing asked about does not exist (HTTP 404). `message` is Vietnamese. */
export class NotFoundError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NotFoundError';
	}
}

/** The request clashes with an earlier one (HTTP 409), e.g. a reused idempotency key. */
export class ConflictError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConflictError';
	}
}

/**
 * A limit of the server was reached (HTTP 429 for too many at once, 413 for too much kept):
 * the request may succeed later or with less. `message` is Vietnamese.
 */
export class LimitError extends Error {
	constructor(
		message: string,
		readonly status: 413 | 429 = 429
	) {
		super(message);
		this.name = 'LimitError';
	}
}

/** One line per problem, e.g. "tệp a.csv, dòng 12, cột «Mã PX»: …". */
export function describeProblems(problems: Problem[]): string {
	return problems.map(describeProblem).join('\n');
}

export function describeProblem(p: Problem): string {
	const where = [
		p.file && `tệp ${p.file}`,
		p.sheet && `trang tính «${p.sheet}»`,
		p.row !== undefined && `dòng ${p.row}`,
		p.column && `cột «${p.column}»`,
		p.field && `trường «${p.field}»`
	].filter(Boolean);
	return where.length ? `${where.join(', ')}: ${p.message}` : p.message;
}

/**
 * The write failed for want of space: SQLite's SQLITE_FULL ("database or disk is full"),
 * PostgreSQL's disk_full (53100) or the system's ENOSPC, on the error or its causes.
 */
export function isStorageFull(error: unknown): boolean {
	for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC') return true;
	}
	return false;
}

/** What a user is told of an unexpected server error; `id` is the one in the server's log. */
export function serverErrorMessage(id: string, storageFull: boolean): string {
	return storageFull ? `Máy chủ hết dung lượng lưu trữ; số liệu chưa được ghi. Mã lỗi ${id}.` : `Lỗi máy chủ, mã lỗi ${id}.`;
}

const STATUS_MESSAGES: Record<number, string> = {
	400: 'Yêu cầu không hợp lệ.',
	401: 'Cần đăng nhập.',
	403: 'Bạn không có quyền xem trang này.',
	404: 'Không có trang này.',
	405: 'Địa chỉ này không nhận phương thức yêu cầu đó.',
	413: 'Yêu cầu quá lớn.',
	415: 'Kiểu nội dung gửi lên không được hỗ trợ.'
};

/** A Vietnamese sentence for an HTTP status the app refuses with, when nothing more precise is known. */
export function statusMessage(status: number): string {
	return STATUS_MESSAGES[status] ?? (status >= 500 ? 'Lỗi máy chủ.' : `Không thực hiện được yêu cầu (mã ${status}).`);
}

/** The error page's heading for a status. */
export function errorPageTitle(status: number): string {
	if (status === 404) return 'Không có trang này';
	if (status === 403) return 'Không có quyền truy cập';
	if (status === 401) return 'Cần đăng nhập';
	if (status >= 500) return 'Lỗi máy chủ';
	return 'Không thực hiện được yêu cầu';
}

/** SvelteKit's own English texts (`error(404)` gives "Error: 404"), which a user is never shown. */
export function isFrameworkMessage(message: string): boolean {
	return /^(Error: \d+|Not Found|Internal Error|Unknown Error)$/.test(message);
}
