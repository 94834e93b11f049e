/**
 * Files through the API (DESIGN §8 `POST /campaigns/{code}/imports`): a province's IT unit
 * scripts the upload of district files. The body is the file itself; it goes through the
 * same pipeline as the upload page (limits, worker, pending uploads, confirmation).
 */
import type { Actor } from '$lib/domain/access';
import { ValidationError } from '$lib/domain/errors';
import { MAX_UPLOAD_BYTES, megabytes } from '$lib/domain/limits';
import type { TemplateKind } from '$reports/count-template';
import { ApiError, tooLargeError } from '../api/http';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { UploadedFile } from './read';
import { receiveUpload, uploadPreview } from './service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Changes listed in an API preview; `changeCount` says how many there are in all. */
const LISTED = 5_000;

/** `?kind=` of an import: counts (`reports`) or targets. */
export function importKind(value: string | null): TemplateKind {
	if (value === 'reports' || value === 'targets') return value;
	throw new ApiError(400, 'invalid', 'Tham số kind phải là reports (số liệu đã số hóa) hoặc targets (chỉ tiêu).', [{ field: 'kind', message: 'reports hoặc targets.' }]);
}

/**
 * The uploaded file from a request body: .xlsx or .csv by its Content-Type, or by its first
 * bytes (a zip is an .xlsx) when it is application/octet-stream; the name from
 * Content-Disposition.
 */
export async function fileFromRequest(request: Request): Promise<UploadedFile> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	const declared = await beforeBody(request, async () => {
		if (type === XLSX_TYPE) return 'xlsx';
		if (type === 'text/csv') return 'csv';
		if (type === 'application/octet-stream') return null;
		// Without a Content-Type the server reads no body at all (SvelteKit's adapter): say so.
		throw new ApiError(
			415,
			'unsupported_media_type',
			`Nội dung phải là tệp .xlsx (Content-Type: ${XLSX_TYPE}), .csv (Content-Type: text/csv) hoặc application/octet-stream, ${type ? `không phải ${type}` : 'và cần có header Content-Type'}.`
		);
	});
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await request.arrayBuffer());
	} catch (e) {
		// adapter-node stops a body without Content-Length at BODY_SIZE_LIMIT.
		if ((e as { status?: unknown }).status === 413) throw uploadTooLarge();
		throw e;
	}
	if (bytes.length > MAX_UPLOAD_BYTES) throw uploadTooLarge();
	if (bytes.length === 0) throw new ValidationError('Nội dung trống: gửi tệp .xlsx hoặc .csv làm nội dung yêu cầu.');
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
	const format = declared ?? (zip ? 'xlsx' : 'csv');
	const given = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(request.headers.get('content-disposition') ?? '')?.[1];
	const base = given
		? safeDecode(given)
				.replace(/[\\/]/g, '-')
				.replace(/\.(xlsx|csv)$/i, '')
				.slice(0, 150)
		: 'tep-api';
	return { name: `${base || 'tep-api'}.${format}`, bytes };
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/**
 * Runs the checks that come before a file is read; when one refuses, the body is read and
 * dropped first, so that a client still sending gets the refusal and its next request on
 * the connection does not land on the rest of this body.
 */
export async function beforeBody<T>(request: Request, checks: () => Promise<T>): Promise<T> {
	try {
		return await checks();
	} catch (e) {
		try {
			const reader = request.body?.getReader();
			while (reader && !(await reader.read()).done);
		} catch {
			// Cut off at the server's own limit: the connection ends with the refusal.
		}
		throw e;
	}
}

export function uploadTooLarge(): ApiError {
	const error = tooLargeError();
	return new ApiError(413, error.code, `Tệp quá lớn: tối đa ${megabytes(MAX_UPLOAD_BYTES)}.`);
}

/** Receives a file sent to the API and answers with its preview (DESIGN §8). */
export async function importByApi(db: Database, actor: Actor, campaign: Campaign, kind: TemplateKind, file: UploadedFile) {
	const id = await receiveUpload(db, actor, campaign, kind, file);
	const preview = await uploadPreview(db, actor, campaign, id, LISTED);
	return {
		id,
		kind,
		fileName: preview.fileName,
		changeCount: preview.changeCount,
		changes: preview.changes.map((c) => ({ row: c.row, column: c.column, commune: c.communeCode, recordType: c.recordType, before: c.before, after: c.after, note: c.note })),
		notes: preview.notes,
		errorCount: preview.problemCount,
		errors: preview.problems.map((p) => ({ sheet: p.sheet ?? null, row: p.row ?? null, column: p.column ?? null, message: p.message }))
	};
}
