import { templateDownload } from '$lib/server/ingest/download';
import type { RequestHandler } from './$types';

/** The template for setting targets (admins), prefilled with the targets in force. */
export const GET: RequestHandler = ({ locals, params }) => templateDownload(locals.actor, params.code, 'targets');
