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

/** Files are kept for their preview only: a week is plenty. */
export async function deleteOldUploads(conn: Conn, before: string): Promise<void> {
	await conn.deleteFrom('uploads').where('created_at', '<', before).execute();
}
