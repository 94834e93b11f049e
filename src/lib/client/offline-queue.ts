/**
 * The entries a clerk's device holds until the server has acknowledged them (issue 23): made
 * offline, or sent when the reply was lost. Each keeps its own idempotency key, so that a
 * resend of a write that landed is answered from the server's record and never counted twice.
 * Pure: the IndexedDB store and the sending are in `offline-store.ts`.
 */
import { parseCount } from '../domain/count-sheet';
import { formatCount } from '../domain/format';

export type EntryMode = 'cumulative' | 'delta';

export interface PendingEntry {
	/** The idempotency key the entry is sent with, every time. */
	key: string;
	campaign: string;
	commune: string;
	/** The path of the commune's form; the entry is posted to its `?/confirm` action. */
	path: string;
	mode: EntryMode;
	/** As typed, by record type. */
	values: Record<string, string>;
	note: string;
	/** When the entry was made offline (its `asOf`); empty for an entry first sent online, which is resent as it was. */
	asOf: string;
	/** When it was put on the device: entries are sent in this order. */
	madeAt: string;
	/** The server's refusal, once it has refused the entry: it waits for the clerk, not for the network. */
	refusal: Refusal | null;
}

export interface Refusal {
	message: string;
	problems: string[];
}

/** What a send of an entry came to. */
export type SendOutcome =
	| { kind: 'written'; count: number; replayed: boolean }
	| { kind: 'refused'; refusal: Refusal }
	/** No answer, or an answer that is not the action's (a proxy, a server error): sent again later. */
	| { kind: 'unreachable' }
	/** The session has ended: nothing more is sent until the clerk signs in again. */
	| { kind: 'signed-out' };

/** The form fields the commune form's `confirm` action reads. */
export function formBodyOf(entry: PendingEntry): URLSearchParams {
	const body = new URLSearchParams({ key: entry.key, mode: entry.mode });
	for (const [code, value] of Object.entries(entry.values)) body.append(`v:${code}`, value);
	body.append('note', entry.note);
	if (entry.asOf) body.append('asOf', entry.asOf);
	return body;
}

/** The entries still to send, oldest first; refused ones wait for the clerk. */
export function inSendingOrder(entries: readonly PendingEntry[]): PendingEntry[] {
	return entries.filter((e) => !e.refusal).sort((a, b) => (a.madeAt === b.madeAt ? (a.key < b.key ? -1 : 1) : a.madeAt < b.madeAt ? -1 : 1));
}

/** The entries of one commune's form, in the order they were made. */
export function ofCommune(entries: readonly PendingEntry[], campaign: string, commune: string): PendingEntry[] {
	return entries.filter((e) => e.campaign === campaign && e.commune === commune).sort((a, b) => (a.madeAt < b.madeAt ? -1 : a.madeAt > b.madeAt ? 1 : 0));
}

/** A SvelteKit action result, as `deserialize` gives it. */
export type ActionAnswer =
	| { type: 'redirect'; status: number; location: string }
	| { type: 'failure'; status: number; data?: unknown }
	| { type: 'success'; status: number; data?: unknown }
	| { type: 'error'; status?: number; error: unknown };

const messageOf = (x: unknown): string =>
	typeof x === 'object' && x !== null && typeof (x as { message?: unknown }).message === 'string' ? (x as { message: string }).message : '';

/**
 * What the `confirm` action's answer means for the entry: its redirect to the form
 * (`?da-ghi=<count>[&lap-lai]`) is a write or a replay of one; a refusal comes back with the
 * server's words; a redirect elsewhere is the login page.
 */
export function outcomeOf(answer: ActionAnswer, origin: string): SendOutcome {
	if (answer.type === 'redirect') {
		const to = new URL(answer.location, origin);
		const saved = to.searchParams.get('da-ghi');
		if (saved === null) return { kind: 'signed-out' };
		return { kind: 'written', count: Number(saved) || 0, replayed: to.searchParams.has('lap-lai') };
	}
	if (answer.type === 'failure') {
		const data = answer.data as { message?: unknown; problems?: unknown } | undefined;
		const problems = Array.isArray(data?.problems) ? data.problems.map(messageOf).filter(Boolean) : [];
		return { kind: 'refused', refusal: { message: messageOf(data) || 'Máy chủ không nhận số liệu này.', problems } };
	}
	if (answer.type === 'error') {
		if (answer.status === 401) return { kind: 'signed-out' };
		// A refusal of the clerk (403) or of the place (404) will not change by sending again.
		if (answer.status === 403 || answer.status === 404)
			return { kind: 'refused', refusal: { message: messageOf(answer.error) || 'Bạn không có quyền gửi số liệu này.', problems: [] } };
		return { kind: 'unreachable' };
	}
	return { kind: 'unreachable' };
}

/** "Khai sinh +500 · Kết hôn = 1.238", with the record types' names where they are known. */
export function describeValues(entry: Pick<PendingEntry, 'mode' | 'values'>, names: ReadonlyMap<string, string>): string {
	return Object.entries(entry.values)
		.filter(([, v]) => v.trim() !== '')
		.map(([code, v]) => {
			const n = parseCount(v);
			const shown = typeof n === 'number' ? formatCount(n) : v;
			return `${names.get(code) ?? code} ${entry.mode === 'delta' ? `+${shown}` : `= ${shown}`}`;
		})
		.join(' · ');
}

/** The heading of the list of entries on the device. */
export const waitingLabel = (count: number) => `Chờ gửi (${formatCount(count)})`;
