/**
 * Long work on the server (a national import checks and writes 60.000 cells) is cut into
 * pieces: between them, `yieldToEventLoop` lets the server answer other requests, so that
 * no piece holds the event loop for more than a few tens of milliseconds.
 */
export function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/** Items handled between two turns to other requests: a few milliseconds of work. */
export const SLICE = 1_000;

/** Calls `each(i)` for i from 0 below `count`, turning to other requests after every `size` calls. */
export async function inSlices(count: number, each: (i: number) => void, size = SLICE): Promise<void> {
	for (let i = 0; i < count; i++) {
		if (i > 0 && i % size === 0) await yieldToEventLoop();
		each(i);
	}
}

/** `items.map(fn)`, turning to other requests after every `size` items. */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T, i: number) => R, size = SLICE): Promise<R[]> {
	const out = new Array<R>(items.length);
	await inSlices(items.length, (i) => (out[i] = fn(items[i], i)), size);
	return out;
}

/**
 * A long array as lines of JSON, each line the JSON array of `size` items (stored by
 * db/packed.ts, which reads them back a line at a time). JSON never holds a raw line
 * break, so the lines can be joined by one. Each line is made when it is asked for, so
 * that a consumer that writes lines away never holds them all.
 */
export function* eachJsonLine(items: readonly unknown[], size = SLICE): Generator<string> {
	if (items.length === 0) yield '[]';
	for (let i = 0; i < items.length; i += size) yield JSON.stringify(items.slice(i, i + size));
}

/** `JSON.stringify(items)` of a long array, turning to other requests between slices. */
export async function stringifyInSlices(items: readonly unknown[], size = SLICE): Promise<string> {
	const parts: string[] = [];
	for (const line of eachJsonLine(items, size)) {
		if (parts.length > 0) await yieldToEventLoop();
		parts.push(line.slice(1, -1));
	}
	return `[${parts.join(',')}]`;
}

/**
 * `new Map(items.map((item) => [key(item), value(item)]))`, leaving out items whose key is
 * undefined, turning to other requests between slices.
 */
export async function mapByInSlices<T, K, V>(items: readonly T[], key: (item: T) => K | undefined, value: (item: T) => V): Promise<Map<K, V>> {
	const map = new Map<K, V>();
	await inSlices(items.length, (i) => {
		const k = key(items[i]);
		if (k !== undefined) map.set(k, value(items[i]));
	});
	return map;
}
