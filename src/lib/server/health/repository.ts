import { sql } from 'kysely';
import type { Conn } from '../db';

/** Whether the database answers a query at all: what a load balancer's health check asks. */
export async function databaseAnswers(conn: Conn): Promise<boolean> {
	const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(conn);
	return Number(rows[0]?.ok) === 1;
}
