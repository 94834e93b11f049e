import type { PendingUploads } from '$lib/domain/limits';
import type { Conn } from '../db';
import type { NewUpload, Upload } from '../db/schema';

export async function insertUpload(conn: Conn, upload: NewUpload): Promise<void> {
	await conn.insertInto('uploads').values(upload).execute();
}

export function findUpload(conn: Conn, id: string): Promise<Upload | undefined> {
	return conn.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the confirmation once; a second call leaves the first receipt. */
export async function markUploadConfirmed(conn: Conn, id: string, at: string, receipt: string): Promise<void> {
	await conn.updateTable('uploads').set({ confirmed_at: at, receipt }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
}

/** Files are kept for their preview only: confirmed ones a week, the others less. */
export async function deleteOldUploads(conn: Conn, confirmedBefore: string, unconfirmedBefore: string): Promise<void> {
	await conn
		.deleteFrom('uploads')
		.where((eb) => eb.or([eb('created_at', '<', confirmedBefore), eb.and([eb('confirmed_at', 'is', null), eb('created_at', '<', unconfirmedBefore)])]))
		.execute();
}

/** Uploads not yet confirmed since `since`: the user's own and everyone's, with their bytes. */
export async function pendingUploads(conn: Conn, userId: number, since: string): Promise<{ mine: PendingUploads; all: PendingUploads }> {
	const totals = (ofUser: number | null) =>
		conn
			.selectFrom('uploads')
			.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number | null>(eb.fn('length', ['content'])).as('bytes')])
			.where('confirmed_at', 'is', null)
			.where('created_at', '>=', since)
			.$if(ofUser !== null, (q) => q.where('user_id', '=', ofUser!))
			.executeTakeFirstOrThrow()
			.then((r) => ({ count: Number(r.count), bytes: Number(r.bytes ?? 0) }));
	return { mine: await totals(userId), all: await totals(null) };
}

/** How many files were uploaded to a campaign since `since` and are still waiting for their uploader's confirmation. */
export async function countUnconfirmedUploads(conn: Conn, campaignId: number, since: string): Promise<number> {
	const row = await conn
		.selectFrom('uploads')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('campaign_id', '=', campaignId)
		.where('confirmed_at', 'is', null)
		.where('created_at', '>=', since)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
