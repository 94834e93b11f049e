import { templateDownload } from '$lib/server/ingest/download';
import type { RequestHandler } from './$types';
import { orPageError } from '$lib/server/forms';

/** The template for entering counts, prefilled with the values in force. */
export const GET: RequestHandler = ({ locals, params }) => orPageError(templateDownload(locals.actor, params.code, 'reports'));
