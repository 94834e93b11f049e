import type { Conn } from '../db';
import { insertMany } from '../perf/bulk';
import { mapInSlices } from '../event-loop';
import type { NewAuditEntry } from '../db/schema';

const AUDIT_COLUMNS = ['at', 'actor', 'user_id', 'action', 'entity', 'entity_id', 'campaign_id', 'unit_id', 'source', 'before', 'after', 'reason'] as const;

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
	await recordAuditMany(conn, entries);
}

/** Appends many entries (a file's 60.000 changes) without holding the event loop. */
export async function recordAuditMany(conn: Conn, entries: readonly AuditInput[]): Promise<void> {
	await insertMany(conn, { table: 'audit_log', columns: AUDIT_COLUMNS, rows: await mapInSlices(entries, toRow) });
}

/** The newest audit entry's id: it moves whenever data changes, since every change is audited. */
export async function latestAuditId(conn: Conn): Promise<number> {
	const row = await conn
		.selectFrom('audit_log')
		.select((eb) => eb.fn.max('id').as('id'))
		.executeTakeFirst();
	return row?.id ?? 0;
}
