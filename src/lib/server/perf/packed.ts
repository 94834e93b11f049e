/**
 * Long lists kept in a row (an upload's 60.000 changes are about 9 MB of JSON) are stored
 * gzip-compressed: writing, reading back and updating that row then moves a tenth of the
 * bytes, and the compression runs in libuv's thread pool, not on the event loop. They are
 * kept as lines of JSON (`eachJsonLine`), packed and unpacked a line at a time, so that no
 * step handles or holds the whole text at once.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { createGzip, gunzip } from 'node:zlib';
import { eachJsonLine, yieldToEventLoop } from '../event-loop';

const expand = promisify(gunzip);
const LINE_BREAK = 0x0a;

/** The items as lines of JSON, compressed. */
export function packItems(items: readonly unknown[]): Promise<Buffer> {
	return packLines(eachJsonLine(items));
}

/**
 * What `packItems` stored, each item turned by `map` as its line is read, and the SHA-256
 * of the stored text (the same for equal lists, whichever way the row holds it).
 */
export async function unpackItems<T, R = T>(stored: Buffer, map?: (item: T) => R): Promise<{ items: R[]; digest: string }> {
	const items: R[] = [];
	const digest = await readLines(stored, (line) => {
		for (const item of JSON.parse(line) as T[]) items.push(map ? map(item) : (item as unknown as R));
	});
	return { items, digest };
}

/** The lines joined by line breaks, compressed; each line is taken when the last one is written. */
async function packLines(lines: Iterable<string>): Promise<Buffer> {
	const gzip = createGzip({ level: 1 });
	const chunks: Buffer[] = [];
	gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
	const ended = once(gzip, 'end');
	let first = true;
	for (const line of lines) {
		if (!first) {
			await yieldToEventLoop();
			gzip.write('\n');
		}
		first = false;
		if (!gzip.write(line)) await once(gzip, 'drain');
	}
	gzip.end();
	await ended;
	return Buffer.concat(chunks);
}

/**
 * Reads what `packLines` stored a line at a time, with a turn
 * to other requests between lines (a national preview's line is about 150 KB of JSON, which
 * `each` may parse), and returns the SHA-256 of the whole text (its lines joined by line
 * breaks). No line is kept once `each` has seen it.
 */
async function readLines(stored: Buffer, each: (line: string) => void): Promise<string> {
	const bytes = await expand(stored);
	const hash = createHash('sha256');
	for (let start = 0; start <= bytes.length; ) {
		if (start > 0) await yieldToEventLoop();
		const found = bytes.indexOf(LINE_BREAK, start);
		const end = found < 0 ? bytes.length : found;
		hash.update(bytes.subarray(start, found < 0 ? end : end + 1));
		each(bytes.toString('utf8', start, end));
		start = end + 1;
	}
	return hash.digest('hex');
}
