/** A minimal zip writer for crafting bad files (zip bombs, zips without a workbook). */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	data?: Uint8Array;
	/** Instead of data: this many zero bytes, deflated as a stream (for bombs). */
	zeros?: number;
	/** The uncompressed size written in the headers, when it should lie. */
	declaredSize?: number;
}

async function deflateZeros(size: number): Promise<{ compressed: Buffer; crc: number }> {
	const chunk = Buffer.alloc(1 << 20);
	const deflate = createDeflateRaw({ level: 9 });
	const parts: Buffer[] = [];
	deflate.on('data', (d: Buffer) => parts.push(d));
	const done = new Promise((resolve) => deflate.on('end', resolve));
	let crc = 0;
	for (let left = size; left > 0; left -= chunk.length) {
		const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
		crc = crc32(piece, crc);
		if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
	}
	deflate.end();
	await done;
	return { compressed: Buffer.concat(parts), crc };
}

export async function buildZip(entries: ZipEntry[]): Promise<Uint8Array> {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name);
		const { compressed, crc, size } =
			e.zeros !== undefined
				? { ...(await deflateZeros(e.zeros)), size: e.zeros }
				: { compressed: deflateRawSync(e.data ?? new Uint8Array()), crc: crc32(e.data ?? new Uint8Array()), size: (e.data ?? new Uint8Array()).length };
		const declared = e.declaredSize ?? size;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8); // deflate
		local.writeUInt32LE(crc >>> 0, 14);
		local.writeUInt32LE(compressed.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(crc >>> 0, 16);
		central.writeUInt32LE(compressed.length, 20);
		central.writeUInt32LE(declared, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, compressed);
		centrals.push(central, name);
		offset += local.length + name.length + compressed.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
