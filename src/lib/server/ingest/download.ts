import { error } from '@sveltejs/kit';
import type { Actor } from '$lib/domain/access';
import type { TemplateKind } from '$reports/count-template';
import { readableCampaign } from '../campaigns/access';
import { getDb } from '../db/instance';
import { downloadResponse } from '../files';
import { orPageError } from '../forms';
import { countTemplate } from './service';

/** The Excel template of a campaign for the signed-in user's scope, as a download. */
export async function templateDownload(actor: Actor | null, code: string, kind: TemplateKind): Promise<Response> {
	if (!actor) error(401, 'Cần đăng nhập.');
	const db = await getDb();
	const campaign = await orPageError(readableCampaign(db, actor, code));
	const file = await orPageError(countTemplate(db, actor, campaign, kind));
	return downloadResponse(file.name, file.bytes);
}
