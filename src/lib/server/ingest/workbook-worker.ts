/**
 * Reading an uploaded workbook or CSV away from the server's event loop: a worker thread
 * with a memory cap and a time limit (a crafted 1 MiB .xlsx can exhaust memory). The worker
 * only turns cells into plain values and sends the rows as it reads them; all checking
 * happens in `domain/count-sheet.ts`, on the server, row by row as they arrive.
 *
 * What the worker holds is bounded too: a workbook's parts are inflated against one budget
 * of bytes (a zip may lie about its sizes; inflated buffers live outside the worker's heap
 * cap), a sheet stops at its row limit, and a row with a cell beyond the column limit stops
 * the reading.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SheetRow } from '$lib/domain/count-sheet';
import { csvField, decodeCsv, detectDelimiter, scanCsv } from '$lib/domain/csv';
import { workerSource } from '../perf/worker-source';

export interface WorkbookRead {
	sheetNames: string[];
	/** Whether the sheet asked for was there (always for a CSV). */
	found: boolean;
	/** The row number above the limit the sheet reached or declared (nothing after it is read). */
	tooManyRows: number | null;
	/** The first row with a cell beyond the column limit, and that cell's column (1-based). */
	tooManyColumns: { row: number; column: number } | null;
	/** How a CSV's bytes were read (UTF-8, or Windows-1258 as Vietnamese Excel saves «CSV»); `utf16` when they are UTF-16, refused. */
	encoding: 'utf-8' | 'windows-1258' | 'utf16' | null;
	/** The first rows of each sheet not read, in the workbook's order: where a reader may find its columns instead. */
	samples: { name: string; rows: SheetRow[] }[];
}

export type WorkerTask =
	| { task: 'read'; format: 'xlsx' | 'csv'; bytes: Uint8Array; sheetName: string; maxRows: number; maxColumns: number; maxUnzipped: number }
	| { task: 'annotate'; bytes: Uint8Array; sheetName: string; headerRow: number; title: string; notes: [number, string][] }
	| { task: 'annotateCsv'; bytes: Uint8Array; headerRow: number; title: string; notes: [number, string][]; general: string | null };

export class WorkbookUnreadable extends Error {
	constructor(readonly reason: 'corrupt' | 'memory' | 'time' | 'unzipped') {
		super(reason);
	}
}

export const WORKER_MEMORY_MB = 256;
export const WORKER_TIME_LIMIT_MS = 30_000;
const MAX_PARALLEL = 2;

/**
 * The worker's whole program. It is sent as source text (`eval`), so it must not use
 * anything from this module's scope but the self-contained functions it is given.
 */
function workerProgram(uses: { scanCsv: typeof scanCsv; detectDelimiter: typeof detectDelimiter; decodeCsv: typeof decodeCsv; csvField: typeof csvField }) {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { parentPort, workerData } = require('node:worker_threads');
	const ExcelJS = require(workerData.exceljsPath);
	const { Readable } = require('node:stream');
	const zlib = require('node:zlib');
	/* eslint-enable @typescript-eslint/no-require-imports */
	const post = (message: unknown) => parentPort.postMessage(message);
	const ROWS_PER_MESSAGE = 500;
	/** Rows kept of each sheet not read (as `HEADER_SEARCH_ROWS`), and of how many sheets. */
	const SAMPLE_ROWS = 20;
	const SAMPLED_SHEETS = 50;
	/** The size of the pieces exceljs's reader is fed: it turns each into one array of XML events. */
	const PIECE = 16_384;

	class TooLarge extends Error {}

	function plain(value: unknown): unknown {
		if (value === null || value === undefined) return null;
		if (typeof value === 'number' || typeof value === 'string') return value;
		if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
		if (value instanceof Date) return value.toISOString().slice(0, 10);
		const v = value as Record<string, unknown>;
		if ('formula' in v || 'sharedFormula' in v) {
			const result = v.result;
			if (result !== null && typeof result === 'object' && 'error' in result) return { error: String(result.error) };
			return { formula: true, result: result === undefined ? null : plain(result) };
		}
		if ('error' in v) return { error: String(v.error) };
		if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join('');
		if (typeof v.text === 'string') return v.text;
		return String(value);
	}

	/**
	 * exceljs's streaming reader loses the text of a formula's error result (#N/A, #DIV/0!):
	 * it reads `<c t="e"><f>…</f><v>#N/A</v></c>` as a formula with no result. Without its
	 * formula the cell reads as the error it shows, which is all the checks need.
	 */
	function withoutErrorFormulas(data: Buffer): Buffer {
		if (!data.includes('t="e"')) return data;
		return Buffer.from(data.toString('utf8').replace(/(<c\b[^>]*\bt="e"[^>]*>)<f\b[^>]*?(?:\/>|>[\s\S]*?<\/f>)/g, '$1'));
	}

	/**
	 * The workbook's relations with their targets relative to `xl/`. openpyxl writes absolute
	 * part names (`/xl/worksheets/sheet1.xml`); exceljs's streaming reader matches a sheet to
	 * its name only by `worksheets/sheetN.xml` and would call it "Sheet1".
	 */
	function relativeTargets(data: Buffer): Buffer {
		const text = data.toString('utf8');
		const relative = text.replace(/(\bTarget=")\/xl\//g, '$1');
		return relative === text ? data : Buffer.from(relative);
	}

	/** A zip's entries by name, from its central directory: how each is stored and where. */
	function zipEntries(bytes: Buffer): Map<string, { method: number; size: number; at: number }> {
		let end = -1;
		for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
			if (bytes.readUInt32LE(i) === 0x06054b50) {
				end = i;
				break;
			}
		}
		if (end < 0) throw new Error('not a zip');
		const entries = new Map<string, { method: number; size: number; at: number }>();
		let at = bytes.readUInt32LE(end + 16);
		for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
			if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
			const nameLength = bytes.readUInt16LE(at + 28);
			entries.set(bytes.toString('utf8', at + 46, at + 46 + nameLength), {
				method: bytes.readUInt16LE(at + 10),
				size: bytes.readUInt32LE(at + 20),
				at: bytes.readUInt32LE(at + 42)
			});
			at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
		}
		return entries;
	}

	/**
	 * An entry's bytes, inflated against what is left of the budget: the inflater stops at
	 * the budget whatever the zip declares, so a zip bomb costs at most the budget.
	 */
	function inflate(bytes: Buffer, entry: { method: number; size: number; at: number }, budget: { left: number }): Buffer {
		if (bytes.readUInt32LE(entry.at) !== 0x04034b50) throw new Error('bad local header');
		const start = entry.at + 30 + bytes.readUInt16LE(entry.at + 26) + bytes.readUInt16LE(entry.at + 28);
		const raw = bytes.subarray(start, start + entry.size);
		let data: Buffer;
		if (entry.method === 0) data = raw;
		else if (entry.method === 8) {
			try {
				data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, budget.left) });
			} catch (e) {
				if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge();
				throw e;
			}
		} else throw new Error('unknown compression');
		if (data.length > budget.left) throw new TooLarge();
		budget.left -= data.length;
		return data;
	}

	/**
	 * The parts a streaming read needs, inflated, in the order it needs them: relations,
	 * workbook, shared strings and styles before the worksheets. Files from Excel (and
	 * exceljs) put the shared strings after the sheets, which would make exceljs's reader
	 * spool every sheet to a temporary file; in this order, nothing touches the disk.
	 */
	function streamable(bytes: Buffer, maxUnzipped: number) {
		const entries = zipEntries(bytes);
		const sheets = [...entries.keys()].filter((path) => /^xl\/worksheets\/sheet\d+\.xml$/.test(path));
		const budget = { left: maxUnzipped };
		const parts: [string, Buffer][] = [];
		const declaredRows = new Map<string, number>();
		for (const path of ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml', ...sheets]) {
			const entry = entries.get(path);
			if (!entry && path === 'xl/sharedStrings.xml') parts.push([path, Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')]);
			if (!entry) continue;
			const data = inflate(bytes, entry, budget);
			parts.push([path, sheets.includes(path) ? withoutErrorFormulas(data) : path === 'xl/_rels/workbook.xml.rels' ? relativeTargets(data) : data]);
			// The used range a sheet declares, e.g. <dimension ref="A1:H10050"/>, near its start.
			const range = /<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(data.subarray(0, 4096).toString('latin1'));
			if (range) declaredRows.set(path, Number(range[1] ?? 1));
		}
		return { parts, declaredRows };
	}

	/**
	 * The parts as a zip that stores them as they are, given in pieces of at most 16 KiB.
	 * exceljs's reader decodes each piece it gets on its own, so a piece never ends inside a
	 * UTF-8 character: split there, "Đào" would be read as "Đ��o". Each part is let go once
	 * given.
	 */
	function* storedZip(parts: ([string, Buffer] | null)[]) {
		const central: Buffer[] = [];
		let offset = 0;
		for (let i = 0; i < parts.length; i++) {
			const [path, data] = parts[i]!;
			parts[i] = null;
			const name = Buffer.from(path);
			const crc = zlib.crc32(data);
			const local = Buffer.alloc(30);
			local.writeUInt32LE(0x04034b50, 0);
			local.writeUInt16LE(20, 4);
			local.writeUInt16LE(0x0800, 6); // UTF-8 names
			local.writeUInt32LE(crc, 14);
			local.writeUInt32LE(data.length, 18);
			local.writeUInt32LE(data.length, 22);
			local.writeUInt16LE(name.length, 26);
			yield Buffer.concat([local, name]);
			for (let at = 0; at < data.length; ) {
				let end = Math.min(at + PIECE, data.length);
				while (end < data.length && end > at + 1 && (data[end] & 0xc0) === 0x80) end--;
				yield data.subarray(at, end);
				at = end;
			}
			const entry = Buffer.alloc(46);
			entry.writeUInt32LE(0x02014b50, 0);
			entry.writeUInt16LE(20, 4);
			entry.writeUInt16LE(20, 6);
			entry.writeUInt16LE(0x0800, 8);
			entry.writeUInt32LE(crc, 16);
			entry.writeUInt32LE(data.length, 20);
			entry.writeUInt32LE(data.length, 24);
			entry.writeUInt16LE(name.length, 28);
			entry.writeUInt32LE(offset, 42);
			central.push(entry, name);
			offset += local.length + name.length + data.length;
		}
		const directory = Buffer.concat(central);
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(central.length / 2, 8);
		end.writeUInt16LE(central.length / 2, 10);
		end.writeUInt32LE(directory.length, 12);
		end.writeUInt32LE(offset, 16);
		yield Buffer.concat([directory, end]);
	}

	/**
	 * Rows sent to the server in pieces as they are read, blank rows left out: one message of
	 * 10.000 rows would take the server tens of milliseconds to take in, in one block.
	 */
	function rowSender(total: number) {
		let piece: { row: number; cells: unknown[] }[] = [];
		let upTo = 0;
		const flush = () => {
			post({ type: 'rows', rows: piece, upTo, total });
			piece = [];
		};
		return {
			add(row: number, cells: unknown[]) {
				if (cells.some((c) => c !== null && !(typeof c === 'string' && c.trim() === ''))) piece.push({ row, cells });
				upTo = row;
				if (piece.length === ROWS_PER_MESSAGE) flush();
			},
			flush
		};
	}

	type Job = { format: 'xlsx' | 'csv'; sheetName: string; bytes: Uint8Array; maxRows: number; maxColumns: number; maxUnzipped: number };
	const nothingRead = () => ({
		sheetNames: [] as string[],
		found: false,
		tooManyRows: null as number | null,
		tooManyColumns: null as { row: number; column: number } | null,
		encoding: null as 'utf-8' | 'windows-1258' | 'utf16' | null,
		samples: [] as { name: string; rows: { row: number; cells: unknown[] }[] }[]
	});
	const blank = (c: unknown) => c === null || (typeof c === 'string' && c.trim() === '');

	async function readXlsx(job: Job) {
		const { parts, declaredRows } = streamable(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.maxUnzipped);
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(storedZip(parts)), {
			sharedStrings: 'cache',
			styles: 'cache',
			hyperlinks: 'ignore',
			worksheets: 'emit',
			entries: 'ignore'
		});
		const result = nothingRead();
		for await (const worksheet of reader) {
			// No name asked for: the first sheet.
			if ((job.sheetName !== '' && worksheet.name !== job.sheetName) || result.found) {
				// Its first rows kept, for a reader to look for its header there instead.
				const rows: { row: number; cells: unknown[] }[] = [];
				for await (const row of worksheet) {
					if (rows.length >= SAMPLE_ROWS || result.samples.length >= SAMPLED_SHEETS) continue;
					const cells = (row.values as unknown[]).slice(1, job.maxColumns + 1).map(plain);
					if (!cells.every(blank)) rows.push({ row: row.number, cells });
				}
				if (result.samples.length < SAMPLED_SHEETS) result.samples.push({ name: worksheet.name, rows });
				continue;
			}
			result.found = true;
			const rId = reader.model.sheets.find((s: { name: string }) => s.name === worksheet.name)?.rId;
			const target = reader.workbookRels.find((r: { Id: string }) => r.Id === rId)?.Target ?? '';
			const total = declaredRows.get('xl/' + target.replace(/^\/?(xl\/)?/, '')) ?? 0;
			if (total > job.maxRows) return { ...result, tooManyRows: total };
			const rows = rowSender(total);
			for await (const row of worksheet) {
				if (row.number > job.maxRows) return { ...result, tooManyRows: row.number };
				// Its last cell's column, known without walking 16.384 empty ones.
				if (row.cellCount > job.maxColumns) return { ...result, tooManyColumns: { row: row.number, column: row.cellCount } };
				rows.add(row.number, (row.values as unknown[]).slice(1).map(plain));
			}
			rows.flush();
		}
		result.sheetNames = (reader.model?.sheets ?? []).map((s: { name: string }) => s.name);
		result.samples.sort((a, b) => result.sheetNames.indexOf(a.name) - result.sheetNames.indexOf(b.name));
		return result;
	}

	/** A CSV, read record by record up to the row and column limits. */
	function readCsv(job: Job) {
		const result = { ...nothingRead(), found: true };
		const decoded = uses.decodeCsv(job.bytes);
		if ('utf16' in decoded) return { ...result, encoding: 'utf16' as const };
		const { text } = decoded;
		result.encoding = decoded.encoding;
		const rows = rowSender(0);
		uses.scanCsv(
			text,
			uses.detectDelimiter(text),
			(record) => {
				if (record.line > job.maxRows) result.tooManyRows = record.line;
				else if (record.cells.length > job.maxColumns) result.tooManyColumns = { row: record.line, column: record.cells.length };
				else return void rows.add(record.line, record.cells);
				return false;
			},
			job.maxColumns
		);
		rows.flush();
		return result;
	}

	async function annotate(job: { bytes: Uint8Array; sheetName: string; headerRow: number; title: string; notes: [number, string][] }) {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.from(job.bytes));
		const sheet = workbook.getWorksheet(job.sheetName);
		const column = sheet.columnCount + 1;
		const header = sheet.getRow(job.headerRow).getCell(column);
		header.value = job.title;
		header.font = { bold: true, color: { argb: 'FF9F1239' } };
		for (const [rowNumber, note] of job.notes) {
			const cell = sheet.getRow(rowNumber).getCell(column);
			cell.value = note;
			cell.font = { color: { argb: 'FF9F1239' } };
			cell.protection = { locked: false };
		}
		sheet.getColumn(column).width = 60;
		return new Uint8Array(await workbook.xlsx.writeBuffer());
	}

	/**
	 * A stored CSV again with a last column for its problems (a row's by its line, the
	 * header's title, the problems of no row on a line of their own), every cell written so
	 * that a spreadsheet takes it as text, not as a formula.
	 */
	function annotateCsv(job: { bytes: Uint8Array; headerRow: number; title: string; notes: [number, string][]; general: string | null }) {
		const decoded = uses.decodeCsv(job.bytes);
		const text = 'text' in decoded ? decoded.text : '';
		const delimiter = uses.detectDelimiter(text);
		const notes = new Map(job.notes);
		const lines: string[] = [];
		uses.scanCsv(text, delimiter, (record) => {
			if (record.cells.every((c) => c.trim() === '')) return;
			lines.push([...record.cells, record.line === job.headerRow ? job.title : (notes.get(record.line) ?? '')].map(uses.csvField).join(delimiter));
		});
		if (job.general) lines.push(uses.csvField(job.general));
		return new TextEncoder().encode('\ufeff' + lines.join('\r\n') + '\r\n');
	}

	// Loaded and waiting: the job comes as the one message this worker ever reads.
	parentPort.once('message', (job: Job & { task: string; headerRow: number; title: string; notes: [number, string][]; general: string | null }) => {
		const run: Promise<unknown> =
			job.task === 'annotate'
				? annotate(job)
				: Promise.resolve().then((): unknown => (job.task === 'annotateCsv' ? annotateCsv(job) : job.format === 'csv' ? readCsv(job) : readXlsx(job)));
		run.then(
			(result) => post({ type: 'done', result }),
			(e) => post({ type: 'failed', reason: e instanceof TooLarge ? 'unzipped' : 'corrupt' })
		);
	});
}

const exceljsPath = createRequire(import.meta.url).resolve('exceljs');
const programSource = workerSource(workerProgram, { scanCsv, detectDelimiter, decodeCsv, csvField });

let running = 0;
const waiting: (() => void)[] = [];
/** A worker that has loaded exceljs and waits for a job: each job still gets a fresh worker. */
let spare: Worker | null = null;

function spawn(): Worker {
	const worker = new Worker(programSource, {
		eval: true,
		workerData: { exceljsPath },
		resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 }
	});
	worker.unref();
	const forget = () => {
		if (spare === worker) spare = null;
	};
	worker.once('error', forget);
	worker.once('exit', forget);
	return worker;
}

/**
 * Has a worker load exceljs ahead of the first upload (about half a second); the server
 * calls it at start. A worker is used for one job only, so each job's end prepares the next.
 */
export function prepareWorkbookWorker(): void {
	spare ??= spawn();
}

function takeWorker(): Worker {
	const worker = spare ?? spawn();
	spare = null;
	return worker;
}

async function slot(): Promise<() => void> {
	if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	return () => {
		running--;
		waiting.shift()?.();
	};
}

/**
 * Runs one task in a fresh worker; at most two at a time, the rest wait their turn. A read
 * gives its rows to `onRows` as they come, and they are not kept.
 */
export async function runWorkbookTask<T>(job: WorkerTask, onRows?: (rows: SheetRow[], upTo: number, total: number) => void): Promise<T> {
	const release = await slot();
	try {
		return await new Promise<T>((resolve, reject) => {
			const worker = takeWorker();
			worker.ref();
			let settled = false;
			const finish = (fn: () => void) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				fn();
				void worker.terminate();
				prepareWorkbookWorker();
			};
			const timer = setTimeout(() => finish(() => reject(new WorkbookUnreadable('time'))), WORKER_TIME_LIMIT_MS);
			worker.on('message', (m: { type: string; rows?: SheetRow[]; upTo?: number; total?: number; result?: T; reason?: 'corrupt' | 'unzipped' }) => {
				if (settled) return;
				if (m.type === 'rows') {
					try {
						onRows?.(m.rows!, m.upTo!, m.total!);
					} catch (e) {
						finish(() => reject(e instanceof Error ? e : new Error(String(e))));
					}
				} else if (m.type === 'done') finish(() => resolve(m.result as T));
				else finish(() => reject(new WorkbookUnreadable(m.reason ?? 'corrupt')));
			});
			worker.on('error', (e: Error & { code?: string }) => finish(() => reject(new WorkbookUnreadable(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'corrupt'))));
			worker.on('exit', () => finish(() => reject(new WorkbookUnreadable('memory'))));
			worker.postMessage(job);
		});
	} finally {
		release();
	}
}
