/**
 * The device's side of offline entry (issue 23): the entries waiting in IndexedDB, their
 * sending through the commune form's own `confirm` action (the session cookie, and
 * SvelteKit's same-origin check of form posts), and the service worker's registration.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { deserialize } from '$app/forms';
import { formBodyOf, inSendingOrder, outcomeOf, type ActionAnswer, type PendingEntry, type SendOutcome } from './offline-queue';

const DB_NAME = 'tiendo-offline';
/** The worker's cache of entry pages (vite.config.ts). */
const PAGES = 'tiendo-pages';
const STORE = 'pending';

interface OfflineDb extends DBSchema {
	pending: { key: string; value: PendingEntry };
}

let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;
const database = () => (opened ??= openDB<OfflineDb>(DB_NAME, 1, { upgrade: (db) => void db.createObjectStore(STORE, { keyPath: 'key' }) }));

export async function listPending(): Promise<PendingEntry[]> {
	return (await database()).getAll(STORE);
}

export async function savePending(entry: PendingEntry): Promise<void> {
	// A plain copy: Svelte's state proxies cannot be cloned into IndexedDB.
	await (await database()).put(STORE, JSON.parse(JSON.stringify(entry)) as PendingEntry);
}

export async function removePending(key: string): Promise<void> {
	await (await database()).delete(STORE, key);
}

/** Posts one entry to its form's `confirm` action, with its own key: a write that landed before is answered from the server's record. */
export async function sendEntry(entry: PendingEntry): Promise<SendOutcome> {
	let text: string;
	try {
		const res = await fetch(`${entry.path}?/confirm`, {
			method: 'POST',
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
			body: formBodyOf(entry),
			credentials: 'same-origin',
			cache: 'no-store'
		});
		if (!(res.headers.get('content-type') ?? '').includes('application/json')) return { kind: res.status === 401 ? 'signed-out' : 'unreachable' };
		text = await res.text();
	} catch {
		return { kind: 'unreachable' };
	}
	let answer: ActionAnswer;
	try {
		answer = deserialize(text);
	} catch {
		return { kind: 'unreachable' };
	}
	return outcomeOf(answer, location.origin);
}

/** What a sync did: entries written (or found written), refused, and whether some still wait. */
export interface SyncReport {
	written: number;
	refused: number;
	stopped: 'unreachable' | 'signed-out' | null;
}

/**
 * Sends the waiting entries, oldest first, one at a time, stopping at the first that gets no
 * answer. One sync at a time across the device's tabs (Web Locks), and an entry leaves the
 * store only once the server has acknowledged it: nothing is lost, and its key keeps a resend
 * from counting twice.
 */
export async function syncPending(onProgress?: () => void): Promise<SyncReport> {
	const run = async (): Promise<SyncReport> => {
		const report: SyncReport = { written: 0, refused: 0, stopped: null };
		for (const entry of inSendingOrder(await listPending())) {
			const outcome = await sendEntry(entry);
			if (outcome.kind === 'written') {
				await removePending(entry.key);
				report.written++;
			} else if (outcome.kind === 'refused') {
				await savePending({ ...entry, refusal: outcome.refusal });
				report.refused++;
			} else {
				report.stopped = outcome.kind;
				break;
			}
			onProgress?.();
		}
		return report;
	};
	return navigator.locks ? navigator.locks.request('tiendo-offline-sync', run) : run();
}

/**
 * Registers Workbox's worker (built by @vite-pwa/sveltekit) and, once it controls the page,
 * puts the files this page was built from and the page itself in its caches, so that it opens
 * offline even though its first load came before the worker. Resolves true when that is done.
 */
export async function prepareOffline(pagePath: string): Promise<boolean> {
	if (!('serviceWorker' in navigator) || !('caches' in window)) return false;
	const { Workbox } = await import('workbox-window');
	await new Workbox('/sw.js').register();
	await navigator.serviceWorker.ready;
	if (!navigator.serviceWorker.controller) await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
	const files = performance
		.getEntriesByType('resource')
		.map((r) => new URL(r.name))
		.filter((u) => u.origin === location.origin && u.pathname.startsWith('/_app/immutable/'))
		.map((u) => u.pathname);
	const assets = await caches.open('tiendo-assets');
	await Promise.all([...new Set(files)].map(async (f) => (await assets.match(f)) ?? assets.add(f)));
	if (!(await (await caches.open(PAGES)).match(location.origin + pagePath))) await keepPage(pagePath);
	return true;
}

/**
 * Puts the page as it is now in the worker's cache (under the key its network-first route
 * uses): on first use, and after a write, whose figures a client-side update does not bring there.
 */
export async function keepPage(pagePath: string): Promise<void> {
	if (!('caches' in window) || !navigator.serviceWorker?.controller) return;
	await (await caches.open(PAGES)).add(pagePath);
}
