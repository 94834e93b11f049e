/**
 * Delivery of scheduled reports (issue 6): after a snapshot, one mail per recipient with
 * the report attached. Queued in the database, sent apart from the snapshot, retried with
 * backoff; a mail failure never touches the snapshot.
 */
import nodemailer from 'nodemailer';
import type { SnapshotData } from '$lib/domain/snapshot';
import { buildDistrictReport, buildNationReport, buildProvinceReport } from '$reports/snapshot-report';
import { NATION_KEY } from '$lib/domain/evaluate';
import { groupUnitOf } from '$lib/domain/groups';
import { reportMail } from '$reports/mail';
import { mailFrom, siteOrigin, smtpUrl } from '../config';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Snapshot } from '../db/schema';
import { findCampaignById } from '../campaigns/repository';
import { findSnapshotById } from '../snapshots/repository';
import { pdfOf } from '../snapshots/outputs';
import { snapshotData } from '../snapshots/view';
import { postWebhook } from './webhooks';
import { claimDelivery, dueDeliveries, insertDeliveries, recordAttempt, reportRecipients } from './repository';

export interface MailTransport {
	sendMail(mail: { from: string; to: string; subject: string; text: string; attachments: { filename: string; content: Buffer; contentType: string }[] }): Promise<unknown>;
}

/** Attempts before a delivery is marked failed; waits double from one minute, at most an hour. */
export const MAX_DELIVERY_ATTEMPTS = 6;
const SENDING_LEASE_MS = 5 * 60_000;

export function retryDelayMs(attempts: number): number {
	return Math.min(60_000 * 2 ** (attempts - 1), 3_600_000);
}

/** The transport of SMTP_URL, or null when mail is not configured. */
export function smtpTransport(url = smtpUrl()): MailTransport | null {
	// Short timeouts: an unreachable server fails fast and is retried later.
	return url ? nodemailer.createTransport({ url, connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 60_000 }) : null;
}

/** Queues one mail per recipient of a snapshot's campaign; returns how many. */
export async function queueDeliveries(db: Database, campaign: Campaign, snapshot: Snapshot, now = new Date()): Promise<number> {
	const recipients = await reportRecipients(db, campaign);
	const at = now.toISOString();
	await insertDeliveries(
		db,
		recipients.map((r) => ({
			snapshot_id: snapshot.id,
			channel: 'email',
			user_id: r.user_id,
			recipient: r.email,
			unit_id: r.unit_id,
			group_code: r.group_code,
			status: 'pending',
			attempts: 0,
			next_attempt_at: at,
			created_at: at
		}))
	);
	return recipients.length;
}

export interface SendOptions {
	now?: Date;
	log?: (message: string) => void;
}

/**
 * Sends every due delivery once: mail through `transport` (none without SMTP), webhooks
 * always; each attempt is logged on its row. Returns counts.
 */
export async function sendDueDeliveries(db: Database, transport: MailTransport | null, opts: SendOptions = {}): Promise<{ sent: number; failed: number }> {
	const now = opts.now ?? new Date();
	const nowIso = now.toISOString();
	const snapshots = new Map<number, SnapshotData | null>();
	const files = new Map<string, Buffer>();
	let sent = 0;
	let failed = 0;
	for (const d of await dueDeliveries(db, nowIso, transport ? ['email', 'webhook'] : ['webhook'])) {
		if (!(await claimDelivery(db, d.id, nowIso, new Date(now.getTime() + SENDING_LEASE_MS).toISOString()))) continue;
		const attempts = d.attempts + 1;
		try {
			if (!snapshots.has(d.snapshot_id)) snapshots.set(d.snapshot_id, await loadSnapshot(db, d.snapshot_id));
			const data = snapshots.get(d.snapshot_id);
			if (!data) throw new Error(`snapshot ${d.snapshot_id} not found`);
			if (d.channel === 'webhook') {
				await postWebhook(db, d, data, now);
				await recordAttempt(db, d.id, { status: 'sent', attempts, error: null, at: new Date().toISOString(), nextAttemptAt: null });
				sent++;
				continue;
			}
			if (!transport) throw new Error('mail is not configured');
			const unitKey = reportUnitKey(data, d);
			const link = `${siteOrigin()}/dot/${data.campaignCode}/chot-so/${data.id}`;
			const mail = reportMail(data, unitKey, link);
			const fileKey = `${data.id}|${unitKey}`;
			const level = data.units.find((u) => u.key === unitKey)?.level;
			const isProvince = level === 'province' && unitKey !== NATION_KEY && !data.units.some((u) => u.level === 'nation');
			if (!files.has(fileKey)) {
				const workbook = level === 'nation' ? buildNationReport(data) : isProvince ? buildProvinceReport(data) : buildDistrictReport(data, unitKey);
				files.set(fileKey, Buffer.from(await workbook.xlsx.writeBuffer()));
				// The director's mail (leaders, admins) carries the one-page report too.
				if (isProvince) files.set(`${fileKey}|pdf`, Buffer.from(await pdfOf(data, unitKey)));
			}
			const attachments = [{ filename: mail.fileName, content: files.get(fileKey)!, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }];
			if (isProvince) attachments.unshift({ filename: mail.pdfName, content: files.get(`${fileKey}|pdf`)!, contentType: 'application/pdf' });
			await transport.sendMail({ from: mailFrom(), to: d.recipient, subject: mail.subject, text: mail.text, attachments });
			await recordAttempt(db, d.id, { status: 'sent', attempts, error: null, at: new Date().toISOString(), nextAttemptAt: null });
			sent++;
		} catch (e) {
			const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
			const next = giveUp ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
			await recordAttempt(db, d.id, { status: giveUp ? 'failed' : 'retrying', attempts, error: errorText(e), at: nowIso, nextAttemptAt: next });
			opts.log?.(`delivery ${d.id} to ${d.recipient} failed (attempt ${attempts}): ${errorText(e)}`);
			failed++;
		}
	}
	return { sent, failed };
}

/**
 * The unit whose report a delivery carries: a group lead's group in that snapshot (under
 * their province: a national campaign holds every province's, codes repeated), else the
 * recipient's unit.
 */
export function reportUnitKey(data: SnapshotData, d: { unit_id: number | null; group_code: string | null }): string {
	if (d.group_code === null) return d.unit_id === null ? NATION_KEY : `u:${d.unit_id}`; // the ministry's: the nation
	const group = d.unit_id === null ? undefined : groupUnitOf(data.units, `u:${d.unit_id}`, d.group_code);
	if (!group) throw new Error(`group ${d.group_code} has no commune in snapshot ${data.id}`);
	return group.key;
}

function errorText(e: unknown): string {
	// fetch says "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
	const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
	return ((e instanceof Error ? e.message : String(e)) + cause).slice(0, 500);
}

async function loadSnapshot(db: Database, snapshotId: number): Promise<SnapshotData | null> {
	const snapshot = await findSnapshotById(db, snapshotId);
	const campaign = snapshot && (await findCampaignById(db, snapshot.campaign_id));
	return campaign && snapshot ? snapshotData(db, campaign, snapshot) : null;
}
