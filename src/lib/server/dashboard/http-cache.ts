/**
 * Responses at the speed of the data (issue 24): the dashboards, the leaderboard, the
 * snapshot list and the API's progress, leaderboard and snapshot JSON are kept rendered per
 * campaign, data version, reader scope and address, with brotli and gzip copies; they carry a
 * strong ETag derived from those, so a reader who has the current one gets 304 without any
 * work. Every other text response is compressed when the client accepts it.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Actor } from '$lib/domain/access';
import { findCampaignVersion, type CampaignVersion } from '../campaigns/repository';
import type { Database } from '../db';
import { readerScope, VersionedCache } from './cache';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Brotli's quality 5 compresses a page almost as well as 11 in a fraction of the time. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const MIN_COMPRESSED = 1024;

type Bytes = Uint8Array<ArrayBuffer>;

/** Bytes that own their memory, as a response body takes them. */
const bytesOf = (b: Buffer): Bytes => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);

export interface StoredResponse {
	status: number;
	headers: [string, string][];
	identity: Bytes;
	/** The compressed copies, each made when first asked for. */
	encoded: { br?: Promise<Bytes>; gzip?: Promise<Bytes> };
	etag: string;
	lastModified: string;
}

export const responseCache = new VersionedCache<StoredResponse>(128 * 1024 * 1024, (r) => 1_024 + r.identity.length * 1.5, 'responses');

/** What a cacheable address is: its campaign, whether "now" figures make it, whether the public may share it. */
interface Cacheable {
	code: string;
	/** The page shows figures "now": they are kept a minute at most, like the figures behind them. */
	now: boolean;
	/** A page the public reads (the overview, the leaderboard): a shared cache may keep it for anonymous readers. */
	publicPage: boolean;
	api: boolean;
}

const PAGE = /^\/dot\/([^/]+)(\/don-vi\/[^/]+|\/xep-hang|\/lan-chot)?(\/__data\.json)?$/;
const API = /^\/api\/v1\/campaigns\/([^/]+)\/(progress|leaderboard|snapshots|snapshots\/\d+)$/;

export function cacheableOf(url: URL): Cacheable | null {
	const q = url.searchParams;
	const page = PAGE.exec(url.pathname);
	if (page) {
		const [, code, sub] = page;
		if (sub === '/lan-chot' && page[3]) return null;
		const dashboard = sub === undefined || sub.startsWith('/don-vi/');
		return { code: decodeURIComponent(code), now: dashboard && !q.get('lan') && !q.get('luc'), publicPage: !sub?.startsWith('/don-vi/'), api: false };
	}
	const api = API.exec(url.pathname);
	if (api) return { code: decodeURIComponent(api[1]), now: api[2] === 'progress' && !q.has('at'), publicPage: true, api: true };
	return null;
}

/**
 * Who the response is for. A page shows its reader's name and links by role, so a signed-in
 * reader's pages are their own; the API's JSON is the same for every reader of a scope.
 */
function scopeOf(actor: Actor | null, campaign: CampaignVersion, api: boolean): string {
	if (!actor) return 'anon';
	if (api) return `token:${readerScope(actor, campaign)}`;
	const name = createHash('sha256').update(actor.displayName).digest('base64url').slice(0, 12);
	return `user:${actor.userId}:${actor.role}:${actor.unitId}:${name}:${readerScope(actor, campaign)}`;
}

const ENCODING_SUFFIX = /-(br|gz)$/;

/** Whether an If-None-Match header names the representation tagged `etag` (in any of its encodings). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const base = etag.slice(1, -1);
	return ifNoneMatch.split(',').some((raw) => {
		const tag = raw.trim().replace(/^W\//, '');
		return tag === '*' || tag.slice(1, -1).replace(ENCODING_SUFFIX, '') === base;
	});
}

type Encoding = 'br' | 'gzip' | null;

export function chosenEncoding(acceptEncoding: string | null): Encoding {
	const accepted = new Map<string, number>();
	for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
		const [name, ...params] = part.trim().split(';');
		const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
		if (name) accepted.set(name, q === undefined ? 1 : Number(q));
	}
	const wants = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	return wants('br') ? 'br' : wants('gzip') ? 'gzip' : null;
}

/** Headers a stored response never keeps: they belong to one exchange. */
const PER_EXCHANGE = new Set([
	'set-cookie',
	'date',
	'content-length',
	'content-encoding',
	'etag',
	'transfer-encoding',
	'connection',
	'keep-alive',
	'vary',
	'cache-control',
	'last-modified'
]);

async function store(response: Response, etag: string, lastModified: string): Promise<StoredResponse | null> {
	// Only a page as anyone of the scope gets it: not a redirect, an error, nor one setting a cookie.
	if (response.status !== 200 || response.headers.has('set-cookie') || response.headers.has('content-encoding')) return null;
	const identity = new Uint8Array(await response.arrayBuffer());
	const headers = [...response.headers].filter(([name]) => !PER_EXCHANGE.has(name.toLowerCase()));
	return { status: 200, headers, identity, encoded: {}, etag, lastModified };
}

/** The stored body in an encoding: compressed once (off the main thread), then kept with the entry. */
function bodyIn(stored: StoredResponse, encoding: Encoding): Promise<Bytes> | Bytes {
	if (encoding === null) return stored.identity;
	let body = stored.encoded[encoding];
	if (!body) {
		body = (encoding === 'br' ? brotli(stored.identity, BROTLI) : gzipped(stored.identity, { level: 6 })).then(bytesOf);
		stored.encoded[encoding] = body;
	}
	return body;
}

function validators(headers: Headers, etag: string, encoding: Encoding, cacheControl: string, lastModified: string, vary: string): void {
	headers.set('etag', encoding ? `${etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"` : etag);
	headers.set('cache-control', cacheControl);
	headers.set('last-modified', lastModified);
	headers.set('vary', vary);
}

async function served(stored: StoredResponse, encoding: Encoding, extra: (h: Headers) => void): Promise<Response> {
	const headers = new Headers(stored.headers);
	const body = await bodyIn(stored, encoding);
	if (encoding) headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.length));
	extra(headers);
	return new Response(body, { status: stored.status, headers });
}

/**
 * The response to a cacheable request: 304 when the reader holds the current ETag, else the
 * stored copy in the encoding the reader accepts, rendering it (once, for all who ask at the
 * same moment) when missing. Null when the address is not cacheable; `render` is then for the caller.
 */
export async function cachedResponse(
	db: Database,
	request: Request,
	url: URL,
	actor: Actor | null,
	render: () => Promise<Response>,
	build: string,
	now = new Date()
): Promise<Response | null> {
	if (request.method !== 'GET') return null;
	const what = cacheableOf(url);
	if (!what) return null;
	const campaign = await findCampaignVersion(db, what.code);
	if (!campaign) return null;
	const minute = Math.floor(now.getTime() / 60_000);
	const scope = scopeOf(actor, campaign, what.api);
	const address = `${url.pathname}${url.search}`;
	const key = `${address}|${scope}|${what.now ? minute : ''}`;
	const etag = `"${createHash('sha256').update(`${build}|${campaign.id}|${campaign.dataVersion}|${key}`).digest('base64url').slice(0, 27)}"`;
	const changed = Date.parse(campaign.dataChangedAt ?? campaign.createdAt);
	const lastModified = new Date(Math.max(Number.isNaN(changed) ? 0 : changed, what.now ? minute * 60_000 : 0)).toUTCString();
	const shared = actor === null && campaign.isPublic && what.publicPage;
	const cacheControl = `${shared ? 'public' : 'private'}, no-cache`;
	const vary = what.api ? 'Accept-Encoding, Authorization' : 'Accept-Encoding, Cookie';
	const encoding = chosenEncoding(request.headers.get('accept-encoding'));

	if (matchesEtag(request.headers.get('if-none-match'), etag)) {
		const headers = new Headers();
		validators(headers, etag, encoding, cacheControl, lastModified, vary);
		return new Response(null, { status: 304, headers });
	}
	const rendered: { own?: Response } = {};
	const stored = await responseCache.get(campaign.id, campaign.dataVersion, key, async () => {
		rendered.own = await render();
		return store(rendered.own.clone(), etag, lastModified);
	});
	// Not to be shared (a redirect, an error): the request that rendered it answers with it; any other renders its own.
	if (!stored) return rendered.own ?? (await render());
	const used = stored.identity.length >= MIN_COMPRESSED ? encoding : null;
	return served(stored, used, (h) => validators(h, etag, used, cacheControl, lastModified, vary));
}

const TEXT = /^(text\/(?!event-stream)|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;

/** A text response compressed in the encoding the client prefers (brotli, then gzip), when it is worth it. */
export async function compressed(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	// Refusals and errors are short and left as they are (a refusal may answer before its request's body was read).
	if (request.method === 'HEAD' || !response.body || response.status !== 200 || response.headers.has('content-encoding') || !TEXT.test(type)) return response;
	const length = response.headers.get('content-length');
	if (length !== null && Number(length) < MIN_COMPRESSED) return response;
	const encoding = chosenEncoding(request.headers.get('accept-encoding'));
	const headers = new Headers(response.headers);
	headers.set('vary', headers.has('vary') ? `${headers.get('vary')}, Accept-Encoding` : 'Accept-Encoding');
	if (!encoding) return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
	const identity = new Uint8Array(await response.arrayBuffer());
	if (identity.length < MIN_COMPRESSED) return new Response(identity, { status: response.status, statusText: response.statusText, headers });
	const body = encoding === 'br' ? await brotli(identity, BROTLI) : await gzipped(identity, { level: 6 });
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.length));
	// One representation per encoding: a strong tag of the plain body becomes a weak one.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(bytesOf(body), { status: response.status, statusText: response.statusText, headers });
}
