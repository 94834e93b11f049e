/**
 * One file import in a process of its own, as the server runs it (database opened as the
 * server opens it, the file read in the worker, checked, previewed and confirmed): what it
 * costs in time and in the process's peak resident memory, worker thread included, with
 * nothing else of the benchmark loaded, and the longest stall of its event loop. A file the
 * server refuses (`bench/hostile.ts`) is measured the same way, up to its refusal.
 * Usage: tsx bench/import-process.ts <db> <file> <token> [name] (the bench runs it bundled, with plain Node)
 * Prints one JSON line: {ms, accepted, refused, startMb, peakMb, stallMs}.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ValidationError } from '../src/lib/domain/errors';
import type { Actor } from '../src/lib/domain/access';
import { actorFromApiToken } from '../src/lib/server/auth/session';
import { findCampaignByCode } from '../src/lib/server/campaigns/repository';
import { openDatabase } from '../src/lib/server/db';
import { confirmUpload, receiveUpload } from '../src/lib/server/ingest/service';
import { prepareWorkbookWorker } from '../src/lib/server/ingest/workbook-worker';

const [dbPath, filePath, token, name = 'tep.xlsx'] = process.argv.slice(2);
const { db } = openDatabase(dbPath, { background: true });
const actor = (await actorFromApiToken(db, token)) as Actor;
const campaign = (await findCampaignByCode(db, 'do-nhap'))!;
const bytes = new Uint8Array(readFileSync(filePath));
// As the server does at start, and as a running server has after each upload.
prepareWorkbookWorker();
await new Promise((resolve) => setTimeout(resolve, 1_000));

const startMb = process.memoryUsage().rss / 1048576;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const started = performance.now();
let accepted = 0;
let refused: string | null = null;
try {
	const id = await receiveUpload(db, actor, campaign, 'reports', { name, bytes });
	accepted = (await confirmUpload(db, actor, campaign, id)).accepted;
} catch (e) {
	if (!(e instanceof ValidationError)) throw e;
	refused = e.message;
}
const ms = performance.now() - started;
// The monitor records a stall when its timer fires after it: let it fire once more.
await new Promise((resolve) => setTimeout(resolve, 20));
loop.disable();
clearInterval(sampler);
console.log(JSON.stringify({ ms, accepted, refused, startMb, peakMb: Math.max(peak, process.memoryUsage().rss) / 1048576, stallMs: loop.max / 1e6 }));
await db.destroy();
