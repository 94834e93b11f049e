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
