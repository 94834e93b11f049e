/**
 * Reading an uploaded workbook away from the server's event loop: a worker thread with a
 * memory cap and a time limit (a crafted 1 MiB .xlsx can exhaust memory). The worker
 * only turns cells into plain values; all checking happens in `domain/count-sheet.ts`.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SheetRow } from '../../domain/count-sheet';

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
	/* eslint-enable @typescript-eslint/no-require-imports */
	const post = (message: unknown) => parentPort.postMessage(message);

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

	// Loaded and waiting: the job comes as the one message this worker ever reads.
	parentPort.once('message', (job: { task: string; bytes: Uint8Array; sheetName: string; maxRows: number; headerRow: number; title: string; notes: [number, string][] }) => {
		const workbook = new ExcelJS.Workbook();
		workbook.xlsx
			.load(Buffer.from(job.bytes))
			.then(async () => {
				const sheetNames = workbook.worksheets.map((w: { name: string }) => w.name);
				const sheet = workbook.getWorksheet(job.sheetName);
				if (job.task === 'annotate') {
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
					post({ type: 'done', result: new Uint8Array(await workbook.xlsx.writeBuffer()) });
					return;
				}
				if (!sheet) return post({ type: 'done', result: { sheetNames, rows: null, tooManyRows: null } });
				if (sheet.rowCount > job.maxRows) return post({ type: 'done', result: { sheetNames, rows: null, tooManyRows: sheet.rowCount } });
				const rows: { row: number; cells: unknown[] }[] = [];
				sheet.eachRow({ includeEmpty: false }, (row: { values: unknown[] }, rowNumber: number) => {
					const cells = (row.values as unknown[]).slice(1).map(plain);
					if (cells.some((c) => c !== null && c !== '')) rows.push({ row: rowNumber, cells });
					if (rowNumber % 200 === 0) post({ type: 'progress', rows: rowNumber, total: sheet.rowCount });
				});
				post({ type: 'done', result: { sheetNames, rows, tooManyRows: null } });
			})
			.catch(() => post({ type: 'failed' }));
	});
}

const exceljsPath = createRequire(import.meta.url).resolve('exceljs');
// Bundlers may wrap functions in a `__name(…)` helper that the worker would lack.
const programSource = `var __name = (f) => f;\n(${workerProgram.toString()})();`;

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

function takeWorker(): Worker {
	const worker = spare ?? spawn();
	spare = spawn();
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
			};
			const timer = setTimeout(() => finish(() => reject(new WorkbookUnreadable('time'))), WORKER_TIME_LIMIT_MS);
			worker.on('message', (m: { type: string; rows?: number; total?: number; result?: T }) => {
				if (m.type === 'progress') onProgress?.(m.rows ?? 0, m.total ?? 0);
				else if (m.type === 'done') finish(() => resolve(m.result as T));
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
