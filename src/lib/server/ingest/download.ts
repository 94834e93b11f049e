import type { Actor } from '$lib/domain/access';
import { SignInRequiredError } from '$lib/domain/errors';
import type { TemplateKind } from '$reports/count-template';
import { readableCampaign } from '../campaigns/access';
import { getDb } from '../db/instance';
import { downloadResponse } from '../files';
import { countTemplate } from './service';

/** The Excel template of a campaign for the signed-in user's scope, as a download; refusals are the domain's errors. */
export async function templateDownload(actor: Actor | null, code: string, kind: TemplateKind): Promise<Response> {
	if (!actor) throw new SignInRequiredError();
	const db = await getDb();
	const campaign = await readableCampaign(db, actor, code);
	const file = await countTemplate(db, actor, campaign, kind);
	return downloadResponse(file.name, file.bytes);
}
