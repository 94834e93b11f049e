/** Award rules and frozen award lists (issue 7): the SQL. */
import type { Conn } from '../db';
import type { AwardRule, NewAwardList, NewAwardListEntry } from '../db/schema';

export function listAwardRules(conn: Conn, campaignId: number, withArchived = false): Promise<AwardRule[]> {
	let q = conn.selectFrom('award_rules').selectAll().where('campaign_id', '=', campaignId);
	if (!withArchived) q = q.where('archived_at', 'is', null);
	return q.orderBy('position').orderBy('id').execute();
}

export function findAwardRule(conn: Conn, campaignId: number, id: number): Promise<AwardRule | undefined> {
	return conn.selectFrom('award_rules').selectAll().where('campaign_id', '=', campaignId).where('id', '=', id).executeTakeFirst();
}

export async function insertAwardRule(conn: Conn, rule: { campaignId: number; name: string; kind: string; params: string; at: string }): Promise<number> {
	const last = await conn
		.selectFrom('award_rules')
		.select((eb) => eb.fn.max('position').as('max'))
		.where('campaign_id', '=', rule.campaignId)
		.executeTakeFirst();
	const row = await conn
		.insertInto('award_rules')
		.values({ campaign_id: rule.campaignId, name: rule.name, kind: rule.kind, params: rule.params, position: (last?.max ?? 0) + 1, created_at: rule.at })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateAwardRule(conn: Conn, id: number, changes: { name: string; kind: string; params: string; at: string }): Promise<void> {
	await conn.updateTable('award_rules').set({ name: changes.name, kind: changes.kind, params: changes.params, updated_at: changes.at }).where('id', '=', id).execute();
}

export async function archiveAwardRule(conn: Conn, id: number, at: string): Promise<void> {
	await conn.updateTable('award_rules').set({ archived_at: at }).where('id', '=', id).execute();
}

export async function insertAwardList(conn: Conn, list: NewAwardList, entries: Omit<NewAwardListEntry, 'award_list_id'>[]): Promise<number> {
	const { id } = await conn.insertInto('award_lists').values(list).returning('id').executeTakeFirstOrThrow();
	// 15 columns × 1.000 rows stays under SQLite's 32.766 parameters.
	for (let i = 0; i < entries.length; i += 1000) {
		await conn
			.insertInto('award_list_entries')
			.values(entries.slice(i, i + 1000).map((e) => ({ ...e, award_list_id: id })))
			.execute();
	}
	return id;
}

/** A frozen list with its snapshot's slot and kind, its author's name and its number of entries. */
export interface AwardListSummary {
	id: number;
	campaignId: number;
	ruleId: number;
	snapshotId: number;
	name: string;
	createdBy: number | null;
	frozenAt: string;
	kind: string;
	/** JSON: the rule's criteria when the list was drawn. */
	params: string;
	/** The criteria in Vietnamese, as worded then. */
	description: string;
	slotAt: string;
	snapshotKind: string;
	entries: number;
	createdByName: string | null;
}

function awardListQuery(conn: Conn, campaignId: number) {
	return conn
		.selectFrom('award_lists as l')
		.innerJoin('snapshots as s', 's.id', 'l.snapshot_id')
		.leftJoin('users as u', 'u.id', 'l.created_by')
		.select([
			'l.id',
			'l.campaign_id as campaignId',
			'l.rule_id as ruleId',
			'l.snapshot_id as snapshotId',
			'l.name',
			'l.created_by as createdBy',
			'l.frozen_at as frozenAt',
			'l.kind',
			'l.params',
			'l.description',
			's.slot_at as slotAt',
			's.kind as snapshotKind',
			'u.display_name as createdByName'
		])
		.select((eb) =>
			eb
				.selectFrom('award_list_entries as e')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('e.award_list_id', '=', 'l.id')
				.as('entries')
		)
		.where('l.campaign_id', '=', campaignId);
}

/** The lists of a campaign, newest first. */
export async function listAwardLists(conn: Conn, campaignId: number): Promise<AwardListSummary[]> {
	return (await awardListQuery(conn, campaignId).orderBy('l.frozen_at', 'desc').orderBy('l.id', 'desc').execute()) as AwardListSummary[];
}

export async function findAwardList(conn: Conn, campaignId: number, id: number): Promise<AwardListSummary | undefined> {
	return (await awardListQuery(conn, campaignId).where('l.id', '=', id).executeTakeFirst()) as AwardListSummary | undefined;
}

export function awardListEntries(conn: Conn, listId: number) {
	return conn.selectFrom('award_list_entries').selectAll().where('award_list_id', '=', listId).orderBy('position').execute();
}
