import ExcelJS from 'exceljs';
import type { Actor } from '../../src/lib/domain/access';
import { actorFromApiToken, createApiToken } from '../../src/lib/server/auth/session';
import { findCampaignByCode } from '../../src/lib/server/campaigns/repository';
import type { Database } from '../../src/lib/server/db';
import { countTemplate, receiveUpload } from '../../src/lib/server/ingest/service';

export const DEMO_CAMPAIGN = 'thaibinh-186';

/** The actor a user acts as, through a real API token. */
export async function actorOf(db: Database, username: string): Promise<Actor> {
	const token = await createApiToken(db, username, { name: 'kiểm thử', actor: 'test' });
	return (await actorFromApiToken(db, token!))!;
}

export async function demoCampaign(db: Database) {
	return (await findCampaignByCode(db, DEMO_CAMPAIGN))!;
}

/** A user's template, read back with exceljs. */
export async function templateOf(db: Database, username: string, kind: 'reports' | 'targets' = 'reports') {
	const file = await countTemplate(db, await actorOf(db, username), await demoCampaign(db), kind);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
	return { file, workbook };
}

export async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** An upload by the demo's admin that changes nothing: something only its sender may see. */
export async function adminUpload(db: Database): Promise<string> {
	const { workbook } = await templateOf(db, 'quantri');
	return receiveUpload(db, await actorOf(db, 'quantri'), await demoCampaign(db), 'reports', { name: 'khong-doi.xlsx', bytes: await bytesOf(workbook) });
}
