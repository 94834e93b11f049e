/**
 * Reading an uploaded workbook away from the server's event loop: a worker thread with a
 * memory cap and a time limit (a crafted 1 MiB .xlsx can exhaust memory). The worker
 * only turns cells into plain values; all checking happens in `domain/count-sheet.ts`.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SheetRow } from '../../domain/count-sheet';
import { workerSource } from '../worker-source';

export interface WorkbookRead {
	sheetNames: string[];
	/** The rows of the sheet asked for; null when the workbook has no such sheet. */
	rows: SheetRow[] | null;
	/** The sheet's last row number, when it is above the limit (nothing else is read). */
	tooManyRows: number | null;
}

export type WorkerTask =
	| { task: 'read'; bytes: Uint8Array; sheetName: string; maxRows: number }
	| { task: 'annotate'; bytes: Uint8Array; sheetName: string; headerRow: number; title: string; notes: [number, string][] };

export class WorkbookUnreadable extends Error {
	constructor(readonly reason: 'corrupt' | 'memory' | 'time') {
		super(reason);
	}
}

export const WORKER_MEMORY_MB = 256;
export const WORKER_TIME_LIMIT_MS = 30_000;
const MAX_PARALLEL = 2;

/**
 * The worker's whole program. It is sent as source text (`eval`), so it must not use
 * anything from this module's scope: a worker file would not survive bundling.
 */
function workerProgram() {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { parentPort, workerData } = require('node:worker_threads');
	const ExcelJS = require(workerData.exceljsPath);
	const JSZip = require(workerData.jszipPath);
	const { Readable } = require('node:stream');
	/* eslint-enable @typescript-eslint/no-require-imports */
	const post = (message: unknown) => parentPort.postMessage(message);
	const ROWS_PER_MESSAGE = 500;

	function plain(value: unknown): unknown {
		if (value === null || value === undefined) return null;
		if (typeof value === 'number' || typeof value === 'string') return value;
		if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
		if (value instanceof Date) return value.toISOString().slice(0, 10);
		const v = value as Record<string, unknown>;
		if ('formula' in v || 'sharedFormula' in v) {
			const result = v.result;
			if (result !== null && typeof result === 'object' && 'error' in (result as object)) return { error: String((result as { error: unknown }).error) };
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
	 * The entries a streaming read needs, in the order it needs them: relations, workbook,
	 * shared strings and styles before the worksheets. Files from Excel (and exceljs) put the
	 * shared strings after the sheets, which would make exceljs's reader spool every sheet to
	 * a temporary file; stored again in this order, nothing touches the disk.
	 */
	async function streamable(bytes: Uint8Array) {
		const zip = await JSZip.loadAsync(bytes);
		const sheets = Object.keys(zip.files).filter((path) => /^xl\/worksheets\/sheet\d+\.xml$/.test(path));
		const ordered = new JSZip();
		const declaredRows = new Map<string, number>();
		for (const path of ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml', ...sheets]) {
			const entry = zip.file(path);
			if (!entry) continue;
			const data: Buffer = await entry.async('nodebuffer');
			ordered.file(path, sheets.includes(path) ? withoutErrorFormulas(data) : data);
			// The used range a sheet declares, e.g. <dimension ref="A1:H10050"/>, near its start.
			const range = /<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(data.subarray(0, 4096).toString('latin1'));
			if (range) declaredRows.set(path, Number(range[1] ?? 1));
		}
		if (!zip.file('xl/sharedStrings.xml')) ordered.file('xl/sharedStrings.xml', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>');
		const stored: Buffer = await ordered.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
		return { stored, declaredRows };
	}

	async function read(job: { sheetName: string; bytes: Uint8Array; maxRows: number }) {
		const { stored, declaredRows } = await streamable(job.bytes);
		// Fed in small pieces: the reader turns each piece it gets into one array of XML events.
		const pieces = (function* () {
			for (let at = 0; at < stored.length; at += 16_384) yield stored.subarray(at, at + 16_384);
		})();
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(pieces), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
		const result: { sheetNames: string[]; rows: { row: number; cells: unknown[] }[] | null; tooManyRows: number | null } = { sheetNames: [], rows: null, tooManyRows: null };
		for await (const worksheet of reader) {
			if (worksheet.name !== job.sheetName || result.rows) {
				for await (const row of worksheet) void row;
				continue;
			}
			const rId = reader.model.sheets.find((s: { name: string }) => s.name === worksheet.name)?.rId;
			const target = reader.workbookRels.find((r: { Id: string }) => r.Id === rId)?.Target ?? '';
			const total = declaredRows.get('xl/' + target.replace(/^\/?(xl\/)?/, '')) ?? 0;
			if (total > job.maxRows) return { ...result, tooManyRows: total };
			// Sent in pieces as they are read: one message of 10.000 rows would take the server
			// tens of milliseconds to take in, in one block.
			let piece: { row: number; cells: unknown[] }[] = [];
			let upTo = 0;
			for await (const row of worksheet) {
				if (row.number > job.maxRows) return { ...result, tooManyRows: row.number };
				const cells = (row.values as unknown[]).slice(1).map(plain);
				if (cells.some((c) => c !== null && c !== '')) piece.push({ row: row.number, cells });
				upTo = row.number;
				if (piece.length === ROWS_PER_MESSAGE) {
					post({ type: 'rows', rows: piece, upTo, total });
					piece = [];
				}
			}
			post({ type: 'rows', rows: piece, upTo, total });
			result.rows = []; // sent above; the server puts the pieces back together
		}
		result.sheetNames = (reader.model?.sheets ?? []).map((s: { name: string }) => s.name);
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

	// Loaded and waiting: the job comes as the one message this worker ever reads.
	parentPort.once('message', (job: { task: string; bytes: Uint8Array; sheetName: string; maxRows: number; headerRow: number; title: string; notes: [number, string][] }) => {
		(job.task === 'annotate' ? annotate(job) : read(job)).then(
			(result) => post({ type: 'done', result }),
			() => post({ type: 'failed' })
		);
	});
}

const exceljsPath = createRequire(import.meta.url).resolve('exceljs');
// exceljs's own unzipper, so that no second copy is installed.
const jszipPath = createRequire(exceljsPath).resolve('jszip');
const programSource = workerSource(workerProgram);

let running = 0;
const waiting: (() => void)[] = [];
/** A worker that has loaded exceljs and waits for a job: each job still gets a fresh worker. */
let spare: Worker | null = null;

function spawn(): Worker {
	const worker = new Worker(programSource, {
		eval: true,
		workerData: { exceljsPath, jszipPath },
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

/** Runs one task in a fresh worker; at most two at a time, the rest wait their turn. */
export async function runWorkbookTask<T>(job: WorkerTask, onProgress?: (rows: number, total: number) => void): Promise<T> {
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
			const rows: SheetRow[] = [];
			worker.on('message', (m: { type: string; rows?: SheetRow[]; upTo?: number; total?: number; result?: T }) => {
				if (m.type === 'rows') {
					rows.push(...m.rows!);
					onProgress?.(m.upTo!, m.total!);
				} else if (m.type === 'done') finish(() => resolve(job.task === 'read' ? ({ ...m.result, rows: (m.result as WorkbookRead).rows && rows } as T) : (m.result as T)));
				else finish(() => reject(new WorkbookUnreadable('corrupt')));
			});
			worker.on('error', (e: Error & { code?: string }) =>
				finish(() => reject(new WorkbookUnreadable(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'corrupt')))
			);
			worker.on('exit', () => finish(() => reject(new WorkbookUnreadable('memory'))));
			worker.postMessage(job);
		});
	} finally {
		release();
	}
}
