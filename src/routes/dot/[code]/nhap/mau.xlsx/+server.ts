import { templateDownload } from '$lib/server/ingest/download';
import type { RequestHandler } from './$types';

/** The template for entering counts, prefilled with the values in force. */
export const GET: RequestHandler = ({ locals, params }) => templateDownload(locals.actor, params.code, 'reports');
