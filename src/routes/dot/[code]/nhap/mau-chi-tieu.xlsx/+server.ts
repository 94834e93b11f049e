import { templateDownload } from '$lib/server/ingest/download';
import type { RequestHandler } from './$types';
import { orPageError } from '$lib/server/forms';

/** The template for setting targets (admins), prefilled with the targets in force. */
export const GET: RequestHandler = ({ locals, params }) => orPageError(templateDownload(locals.actor, params.code, 'targets'));
