/**
 * Webhooks (issue 25 item 4): an admin registers addresses per campaign; after each
 * scheduled snapshot the summary JSON is POSTed to each, signed with HMAC-SHA256 over the
 * timestamp and the body, queued and retried with backoff like mail, and logged alike.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Actor } from '$lib/domain/access';
import { ForbiddenError, NotFoundError, ValidationError } from '$lib/domain/errors';
import { summaryJson } from '$lib/domain/summary-json';
import type { SnapshotData } from '$lib/domain/snapshot';
import { recordAudit } from '../audit/repository';
import type { Database } from '../db';
import type { Campaign } from '$lib/domain/campaign';
import type { Snapshot } from '../db/schema';
import { activeWebhooks, deactivateWebhook, insertDeliveries, insertWebhook, webhookOfDelivery } from './repository';
import { canRunCampaign } from '../campaigns/part';

/** How long a receiver may take to answer before the attempt counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_URL_LENGTH = 2000;

/** `sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>`: what `X-Tiendo-Signature` carries (DESIGN §8). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function mayManage(actor: Actor, campaign: Campaign): void {
	if (!canRunCampaign(actor, campaign)) throw new ForbiddenError('Chỉ quản trị viên của tỉnh mới quản lý webhook của đợt.');
}

export function parseWebhookUrl(value: unknown): string {
	const problem = (message: string) => new ValidationError(`Địa chỉ webhook không hợp lệ: ${message}`, [{ field: 'url', message }]);
	if (typeof value !== 'string' || value.trim() === '') throw problem('cần một địa chỉ http:// hoặc https://.');
	const text = value.trim();
	if (text.length > MAX_URL_LENGTH) throw problem(`dài quá ${MAX_URL_LENGTH} ký tự.`);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw problem(`«${text}» không phải một địa chỉ.`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw problem('chỉ nhận địa chỉ http:// hoặc https://.');
	if (url.username || url.password) throw problem('không đặt tên đăng nhập hay mật khẩu trong địa chỉ; webhook được ký bằng khóa bí mật.');
	return url.toString();
}

export interface WebhookJson {
	id: number;
	url: string;
	createdAt: string;
}

export async function listWebhooks(db: Database, actor: Actor, campaign: Campaign): Promise<WebhookJson[]> {
	mayManage(actor, campaign);
	return (await activeWebhooks(db, campaign.id)).map((w) => ({ id: w.id, url: w.url, createdAt: w.created_at }));
}

/** Registers an address; the secret is returned this once and never shown again. */
export async function registerWebhook(db: Database, actor: Actor, campaign: Campaign, input: unknown, source: string): Promise<WebhookJson & { secret: string }> {
	mayManage(actor, campaign);
	const url = parseWebhookUrl(input);
	const secret = randomBytes(32).toString('hex');
	const createdAt = new Date().toISOString();
	const id = await db.transaction().execute(async (tx) => {
		if ((await activeWebhooks(tx, campaign.id)).some((w) => w.url === url))
			throw new ValidationError(`Địa chỉ ${url} đã được đăng ký cho đợt này.`, [{ field: 'url', message: 'đã đăng ký.' }]);
		const id = await insertWebhook(tx, { campaign_id: campaign.id, url, secret, created_at: createdAt });
		// The secret is never written to the audit log.
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'create_webhook',
			entity: 'webhook',
			entityId: id,
			campaignId: campaign.id,
			source,
			after: { url },
			at: createdAt
		});
		return id;
	});
	return { id, url, createdAt, secret };
}

export async function removeWebhook(db: Database, actor: Actor, campaign: Campaign, id: unknown, source: string): Promise<void> {
	mayManage(actor, campaign);
	const n = Number(id);
	await db.transaction().execute(async (tx) => {
		const removed = Number.isInteger(n) && n > 0 ? await deactivateWebhook(tx, campaign.id, n) : null;
		if (!removed) throw new NotFoundError(`Không có webhook #${String(id)} trong đợt này.`);
		await recordAudit(tx, {
			actor: actor.username,
			userId: actor.userId,
			action: 'delete_webhook',
			entity: 'webhook',
			entityId: n,
			campaignId: campaign.id,
			source,
			before: removed
		});
	});
}

/** Queues one POST per active webhook of a snapshot's campaign; returns how many. */
export async function queueWebhooks(db: Database, campaign: Campaign, snapshot: Snapshot, now = new Date()): Promise<number> {
	const hooks = await activeWebhooks(db, campaign.id);
	const at = now.toISOString();
	await insertDeliveries(
		db,
		hooks.map((w) => ({
			snapshot_id: snapshot.id,
			channel: 'webhook',
			user_id: null,
			recipient: w.url,
			unit_id: null,
			status: 'pending',
			attempts: 0,
			next_attempt_at: at,
			created_at: at
		}))
	);
	return hooks.length;
}

/** POSTs the summary of a snapshot to one webhook, signed; throws when the receiver does not answer 2xx. */
export async function postWebhook(db: Database, delivery: { id: number; snapshot_id: number; recipient: string }, data: SnapshotData, now: Date): Promise<void> {
	const hook = await webhookOfDelivery(db, delivery.snapshot_id, delivery.recipient);
	if (!hook) throw new Error('webhook removed');
	const body = JSON.stringify(summaryJson(data));
	const timestamp = String(Math.floor(now.getTime() / 1000));
	const res = await fetch(hook.url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'user-agent': 'tiendo-webhook',
			'x-tiendo-delivery': String(delivery.id),
			'x-tiendo-timestamp': timestamp,
			'x-tiendo-signature': webhookSignature(hook.secret, timestamp, body)
		},
		body,
		redirect: 'manual',
		signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)
	});
	await res.body?.cancel();
	if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
}
