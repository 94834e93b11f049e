/**
 * A look at a zip's central directory before anything is inflated: what it holds and how
 * large it says it will be. Catches zip bombs with honest headers and zips that are not
 * workbooks; the worker's memory cap catches the ones that lie.
 */

export interface ZipSummary {
	entries: string[];
	/** Sum of the declared uncompressed sizes; Infinity for ZIP64 or unreadable sizes. */
	uncompressed: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Null when the bytes are not a readable zip. */
export function zipSummary(bytes: Uint8Array): ZipSummary | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let end = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === EOCD) {
			end = i;
			break;
		}
	}
	if (end < 0) return null;
	const count = view.getUint16(end + 10, true);
	let at = view.getUint32(end + 16, true);
	const entries: string[] = [];
	let uncompressed = 0;
	const names = new TextDecoder();
	for (let n = 0; n < count; n++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return null;
		const size = view.getUint32(at + 24, true);
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		const commentLength = view.getUint16(at + 32, true);
		if (at + 46 + nameLength > bytes.length) return null;
		entries.push(names.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
		uncompressed += size === 0xffffffff ? Infinity : size;
		at += 46 + nameLength + extraLength + commentLength;
	}
	return { entries, uncompressed };
}
