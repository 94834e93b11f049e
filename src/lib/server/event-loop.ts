/**
 * Long work on the server (a national import checks and writes 60.000 cells) is cut into
 * pieces: between them, `yieldToEventLoop` lets the server answer other requests, so that
 * no piece holds the event loop for more than a few tens of milliseconds.
 */
export function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/** Calls `each(i)` for i from 0 below `count`, turning to other requests after every `size` calls. */
export async function inSlices(count: number, each: (i: number) => void, size = 2_000): Promise<void> {
	for (let i = 0; i < count; i++) {
		if (i > 0 && i % size === 0) await yieldToEventLoop();
		each(i);
	}
}

/** `items.map(fn)`, turning to other requests after every `size` items. */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T, i: number) => R, size = 2_000): Promise<R[]> {
	const out = new Array<R>(items.length);
	await inSlices(items.length, (i) => (out[i] = fn(items[i], i)), size);
	return out;
}

/** The JSON text of each slice of `size` items, turning to other requests between slices. */
async function sliceTexts(items: readonly unknown[], size: number): Promise<string[]> {
	const texts: string[] = [];
	for (let i = 0; i < items.length; i += size) {
		if (i > 0) await yieldToEventLoop();
		texts.push(JSON.stringify(items.slice(i, i + size)));
	}
	return texts;
}

/** `JSON.stringify(items)` of a long array, turning to other requests between slices. */
export async function stringifyInSlices(items: readonly unknown[], size = 2_000): Promise<string> {
	return `[${(await sliceTexts(items, size)).map((text) => text.slice(1, -1)).join(',')}]`;
}

/**
 * A long array as lines of JSON arrays, each of `size` items, for storage: read back with
 * `parseJsonSlices`, which parses one line at a time. (JSON never holds a raw line break.)
 */
export async function jsonSlices(items: readonly unknown[], size = 2_000): Promise<string> {
	return (await sliceTexts(items, size)).join('\n') || '[]';
}

/** Reads what `jsonSlices` wrote (or a plain JSON array), turning to other requests between lines. */
export async function parseJsonSlices<T>(text: string): Promise<T[]> {
	const items: T[] = [];
	for (const [i, line] of text.split('\n').entries()) {
		if (i > 0) await yieldToEventLoop();
		for (const item of JSON.parse(line) as T[]) items.push(item);
	}
	return items;
}

/** `new Map(items.map((item) => [key(item), value(item)]))`, turning to other requests between slices. */
export async function mapByInSlices<T, K, V>(items: readonly T[], key: (item: T) => K, value: (item: T) => V): Promise<Map<K, V>> {
	const map = new Map<K, V>();
	await inSlices(items.length, (i) => map.set(key(items[i]), value(items[i])));
	return map;
}
