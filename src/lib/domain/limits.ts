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
