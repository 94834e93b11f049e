import type { Conn } from '../db';
import type { NewAuditEntry } from '../db/schema';

export interface AuditInput {
	actor: string;
	userId?: number | null;
	action: string;
	entity: string;
	entityId?: string | number | null;
	campaignId?: number | null;
	unitId?: number | null;
	source?: string | null;
	before?: unknown;
	after?: unknown;
	reason?: string | null;
	at?: string;
}

function toRow(e: AuditInput): NewAuditEntry {
	return {
		at: e.at ?? new Date().toISOString(),
		actor: e.actor,
		user_id: e.userId ?? null,
		action: e.action,
		entity: e.entity,
		entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
		campaign_id: e.campaignId ?? null,
		unit_id: e.unitId ?? null,
		source: e.source ?? null,
		before: e.before === undefined ? null : JSON.stringify(e.before),
		after: e.after === undefined ? null : JSON.stringify(e.after),
		reason: e.reason ?? null
	};
}

/** Appends to the audit log; call inside the transaction that makes the change. */
export async function recordAudit(conn: Conn, ...entries: AuditInput[]): Promise<void> {
	const rows = entries.map(toRow);
	// 12 columns × 2.000 rows stays under SQLite's 32.766 parameters.
	for (let i = 0; i < rows.length; i += 2000) {
		await conn.insertInto('audit_log').values(rows.slice(i, i + 2000)).execute();
	}
}

/** The newest audit entry's id: it moves whenever data changes, since every change is audited. */
export async function latestAuditId(conn: Conn): Promise<number> {
	const row = await conn.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
	return row?.id ?? 0;
}
