import type { Conn } from '../db';

export function findIdempotencyKey(conn: Conn, campaignId: number, key: string) {
	return conn.selectFrom('idempotency_keys').select(['request_hash', 'response', 'user_id']).where('campaign_id', '=', campaignId).where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotencyKey(conn: Conn, row: { campaignId: number; key: string; userId: number; requestHash: string; response: string; at: string }): Promise<void> {
	await conn
		.insertInto('idempotency_keys')
		.values({ campaign_id: row.campaignId, key: row.key, user_id: row.userId, request_hash: row.requestHash, response: row.response, created_at: row.at })
		.execute();
}
