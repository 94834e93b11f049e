import type { Conn } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { NewDelivery } from '../db/schema';

export interface Recipient {
	user_id: number;
	username: string;
	display_name: string;
	email: string;
	role: string;
	unit_id: number | null; // null: a ministry user, who receives the nation's report
	group_code: string | null;
}

/**
 * Who receives a campaign's scheduled reports: district heads of its districts, group
 * leads of its province's groups, leaders and admins of its province; each with an
 * address, not opted out, not disabled.
 */
export async function reportRecipients(conn: Conn, campaign: Campaign): Promise<Recipient[]> {
	// A national campaign (issue 29): the ministry gets the nation's report, every province's leaders and admins their
	// province's, district heads their district's, group leads their cụm's (on the 2-level list), as in a provincial one.
	const national = campaign.provinceId === null;
	let query = conn
		.selectFrom('users as u')
		.innerJoin('units as n', 'n.id', 'u.unit_id')
		.select(['u.id as user_id', 'u.username', 'u.display_name', 'u.email', 'u.role', 'u.unit_id', 'u.group_code'])
		.where('u.email', 'is not', null)
		.where('u.notify', '=', 1)
		.where('u.disabled_at', 'is', null)
		.where('n.hierarchy_id', '=', campaign.hierarchyId);
	if (campaign.provinceId !== null) query = query.where('n.province_id', '=', campaign.provinceId);
	const local = (await query
		.where((eb) =>
			eb.or([
				eb.and([eb('u.role', '=', 'district'), eb('n.level', '=', 'district')]),
				eb.and([eb('u.role', '=', 'district'), eb('n.level', '=', 'province'), eb('u.group_code', 'is not', null)]),
				eb.and([eb('u.role', 'in', ['leader', 'admin']), eb('n.level', '=', 'province')])
			])
		)
		.orderBy('u.id')
		.execute()) as Recipient[];
	if (!national) return local;
	return [...(await ministryRecipients(conn)), ...local];
}

/** Who receives a national campaign's scheduled report (issue 29): the ministry's users, with an address, not opted out, not disabled. */
function ministryRecipients(conn: Conn): Promise<Recipient[]> {
	return conn
		.selectFrom('users as u')
		.select(['u.id as user_id', 'u.username', 'u.display_name', 'u.email', 'u.role', 'u.unit_id', 'u.group_code'])
		.where('u.role', '=', 'ministry')
		.where('u.email', 'is not', null)
		.where('u.notify', '=', 1)
		.where('u.disabled_at', 'is', null)
		.orderBy('u.id')
		.execute() as Promise<Recipient[]>;
}

export async function insertDeliveries(conn: Conn, rows: NewDelivery[]): Promise<void> {
	if (rows.length) await conn.insertInto('deliveries').values(rows).execute();
}

/** Deliveries of the given channels whose time has come: new, waiting for a retry, or stuck sending past their lease. */
export function dueDeliveries(conn: Conn, now: string, channels: readonly string[], limit = 200) {
	return conn
		.selectFrom('deliveries')
		.selectAll()
		.where('channel', 'in', channels)
		.where('status', 'in', ['pending', 'retrying', 'sending'])
		.where('next_attempt_at', '<=', now)
		.orderBy('next_attempt_at')
		.orderBy('id')
		.limit(limit)
		.execute();
}

/** Takes one delivery for sending; false when another sender took it first. */
export async function claimDelivery(conn: Conn, id: number, now: string, leaseUntil: string): Promise<boolean> {
	const result = await conn
		.updateTable('deliveries')
		.set({ status: 'sending', next_attempt_at: leaseUntil })
		.where('id', '=', id)
		.where('status', 'in', ['pending', 'retrying', 'sending'])
		.where('next_attempt_at', '<=', now)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function recordAttempt(
	conn: Conn,
	id: number,
	outcome: { status: 'sent' | 'retrying' | 'failed'; attempts: number; error: string | null; at: string; nextAttemptAt: string | null }
) {
	await conn
		.updateTable('deliveries')
		.set({
			status: outcome.status,
			attempts: outcome.attempts,
			last_error: outcome.error,
			next_attempt_at: outcome.nextAttemptAt,
			sent_at: outcome.status === 'sent' ? outcome.at : null
		})
		.where('id', '=', id)
		.execute();
}

export interface DeliveryLogEntry {
	id: number;
	snapshotId: number;
	slotAt: string;
	timeZone: string;
	channel: string;
	recipient: string;
	username: string | null;
	unitName: string | null;
	status: string;
	attempts: number;
	nextAttemptAt: string | null;
	lastError: string | null;
	sentAt: string | null;
	createdAt: string;
}

/** The delivery log of a province's campaigns, newest first. */
export function deliveryLog(conn: Conn, provinceId: number, limit = 500): Promise<DeliveryLogEntry[]> {
	return conn
		.selectFrom('deliveries as d')
		.innerJoin('snapshots as s', 's.id', 'd.snapshot_id')
		.innerJoin('campaigns as c', 'c.id', 's.campaign_id')
		.leftJoin('users as u', 'u.id', 'd.user_id')
		.leftJoin('units as n', 'n.id', 'd.unit_id')
		.leftJoin('campaign_groups as g', (j) => j.onRef('g.campaign_id', '=', 'c.id').onRef('g.code', '=', 'd.group_code'))
		.select([
			'd.id',
			'd.snapshot_id as snapshotId',
			's.slot_at as slotAt',
			'c.time_zone as timeZone',
			'd.channel',
			'd.recipient',
			'u.username',
			(eb) => eb.fn.coalesce('g.name', 'n.name').as('unitName'),
			'd.status',
			'd.attempts',
			'd.next_attempt_at as nextAttemptAt',
			'd.last_error as lastError',
			'd.sent_at as sentAt',
			'd.created_at as createdAt'
		])
		.where('c.province_id', '=', provinceId)
		.orderBy('d.id', 'desc')
		.limit(limit)
		.execute();
}

/** A campaign's active webhooks, oldest first. */
export function activeWebhooks(conn: Conn, campaignId: number) {
	return conn.selectFrom('webhooks').selectAll().where('campaign_id', '=', campaignId).where('is_active', '=', 1).orderBy('id').execute();
}

export async function insertWebhook(conn: Conn, row: { campaign_id: number; url: string; secret: string; created_at: string }): Promise<number> {
	const { id } = await conn
		.insertInto('webhooks')
		.values({ ...row, is_active: 1 })
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

/** Stops a webhook; its past deliveries stay in the log. False when there was no such active webhook. */
export async function deactivateWebhook(conn: Conn, campaignId: number, id: number): Promise<{ url: string } | null> {
	const hook = await conn.selectFrom('webhooks').select(['id', 'url']).where('campaign_id', '=', campaignId).where('id', '=', id).where('is_active', '=', 1).executeTakeFirst();
	if (!hook) return null;
	await conn.updateTable('webhooks').set({ is_active: 0 }).where('id', '=', id).execute();
	return { url: hook.url };
}

/** The webhook a delivery goes to: the active one of the snapshot's campaign with that address. */
export function webhookOfDelivery(conn: Conn, snapshotId: number, url: string) {
	return conn
		.selectFrom('webhooks as w')
		.innerJoin('snapshots as s', 's.campaign_id', 'w.campaign_id')
		.select(['w.id', 'w.url', 'w.secret'])
		.where('s.id', '=', snapshotId)
		.where('w.url', '=', url)
		.where('w.is_active', '=', 1)
		.executeTakeFirst();
}

/** How many of a campaign's deliveries (mail, webhooks) created since `since` failed for good. */
export async function countFailedDeliveries(conn: Conn, campaignId: number, since: string): Promise<number> {
	const row = await conn
		.selectFrom('deliveries as d')
		.innerJoin('snapshots as s', 's.id', 'd.snapshot_id')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('s.campaign_id', '=', campaignId)
		.where('d.status', '=', 'failed')
		.where('d.created_at', '>=', since)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
