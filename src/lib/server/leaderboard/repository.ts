/** What fairer emulation (issue 27) reads from the report log and the targets: the SQL. */
import { sql } from 'kysely';
import type { Conn } from '../db';
import { idList, packRows } from '../db/dialect';
import { packedRows } from '../progress/repository';

export interface LogQuery {
	campaignId: number;
	stage: string;
	/** One record type, or null for all. */
	recordType: string | null;
	/** Reports with asOf at or before this instant … */
	asOfMax: string;
	/** … and, for a scheduled snapshot, received by its slot; null: any time. */
	receivedBy: string | null;
}

/** [communeId, recordType, asOf, cumulative], by cell and in force order (asOf, then receivedAt). */
export type LogRow = [communeId: number, recordType: string, asOf: string, cumulative: number];

/** The report log of some communes, in one indexed pass (reports_series). */
export function communeLog(conn: Conn, q: LogQuery, communeIds: readonly number[]): Promise<LogRow[]> {
	return packedRows<LogRow>(
		conn,
		sql`select ${packRows(conn, sql`commune_id, record_type, as_of, cumulative`)} as rows from (
			select commune_id, record_type, as_of, cumulative from reports
			where campaign_id = ${q.campaignId} and commune_id in ${idList(conn, communeIds)} and stage = ${q.stage}
				and as_of <= ${q.asOfMax}
				${q.receivedBy === null ? sql`` : sql`and received_at <= ${q.receivedBy}`}
				${q.recordType === null ? sql`` : sql`and record_type = ${q.recordType}`}
			order by commune_id, record_type, stage, as_of, received_at, id) as log`
	);
}

/** [communeId, recordType, createdAt, target]: every target revision, oldest first per cell. */
export type RevisionRow = [communeId: number, recordType: string, createdAt: string, target: number];

export function targetHistory(conn: Conn, campaignId: number, recordType: string | null): Promise<RevisionRow[]> {
	return packedRows<RevisionRow>(
		conn,
		sql`select ${packRows(conn, sql`commune_id, record_type, created_at, target`)} as rows from (
			select commune_id, record_type, created_at, target from target_revisions
			where campaign_id = ${campaignId} ${recordType === null ? sql`` : sql`and record_type = ${recordType}`}
			order by commune_id, record_type, created_at, id) as revisions`
	);
}
