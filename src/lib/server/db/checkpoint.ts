/**
 * WAL checkpoints away from the server's event loop. SQLite normally copies the WAL back
 * into the database file at the end of the commit that makes the WAL large, inside that
 * commit's call: after a national import, about 150 ms during which the server answers
 * nobody. The server turns that off and lets a worker thread, with its own connection,
 * run a PASSIVE checkpoint every few seconds instead (it never blocks readers or writers).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { workerSource } from '../worker-source';

const EVERY_MS = 2_000;

function checkpointProgram() {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { workerData } = require('node:worker_threads');
	const SQLite = require(workerData.sqlitePath);
	/* eslint-enable @typescript-eslint/no-require-imports */
	const db = new SQLite(workerData.path);
	db.pragma('busy_timeout = 0');
	setInterval(() => {
		try {
			db.pragma('wal_checkpoint(PASSIVE)');
		} catch {
			// Busy or closed: the next round tries again.
		}
	}, workerData.everyMs);
}

const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
const programSource = workerSource(checkpointProgram);

/** Starts the checkpointing worker for a database file; it does not keep the process alive. */
export function checkpointInBackground(path: string): Worker {
	const worker = new Worker(programSource, { eval: true, workerData: { sqlitePath, path, everyMs: EVERY_MS } });
	worker.unref();
	return worker;
}
