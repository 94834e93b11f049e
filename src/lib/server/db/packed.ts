/**
 * Large texts kept in a row (an upload's 60.000 changes are about 9 MB of JSON) are stored
 * gzip-compressed: writing, reading back and updating that row then moves a tenth of the
 * bytes, and the compression runs in libuv's thread pool, not on the event loop. Rows
 * stored earlier as plain text still read.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const compress = promisify(gzip);
const expand = promisify(gunzip);

export async function packText(text: string): Promise<Buffer> {
	return compress(text, { level: 1 });
}

export async function unpackText(stored: string | Buffer): Promise<string> {
	return typeof stored === 'string' ? stored : (await expand(stored)).toString('utf8');
}
