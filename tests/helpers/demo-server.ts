import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/session';
import { addUser } from '../../src/lib/server/auth/accounts';
import { openDatabase } from '../../src/lib/server/db';
import { buildDemo } from '../../src/lib/server/demo/build';
import { createTestDb, type TestDb } from './db';
import { startServer } from './processes';

export const DEMO_NOW = new Date('2024-12-10T05:00:00Z'); // 12:00 on day 10 of 01/12 → 21/12/2024
export const DEMO_PASSWORD = 'mat khau trinh dien';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A folder for this run's demo database, made by tests/global-setup.ts (e2e only). */
		demoCache?: string;
	}
}

/** A fresh demo database with an admin of another province, as the demo server serves it. */
async function buildDemoDb(live = false): Promise<TestDb> {
	const t = await createTestDb();
	await buildDemo(t.db, live ? { now: new Date(), password: DEMO_PASSWORD } : { start: '2024-12-01', now: DEMO_NOW, password: DEMO_PASSWORD });
	await addUser(t.db, { username: 'quantri.hanoi', role: 'admin', unitCode: '01', password: DEMO_PASSWORD });
	return t;
}

/**
 * The demo database for one test file. Building it takes seconds of CPU (argon2 hashes,
 * ten days of counts), so the first file of a run builds it once into the run's cache folder
 * and every later file, in any worker, starts from a copy: the same data, its own file.
 */
async function demoDb(): Promise<TestDb> {
	const cache = inject('demoCache');
	if (!cache) return buildDemoDb();
	const template = join(cache, 'demo.db');
	if (!existsSync(template)) {
		const built = await buildDemoDb();
		// A whole file appears at once, whichever worker finishes first (both wrote the same data).
		const partial = join(cache, `demo-${process.pid}.db`);
		built.sqlite.exec(`VACUUM INTO '${partial}'`);
		renameSync(partial, template);
		return built;
	}
	return createTestDb(false, template);
}

const DEMO_USERS = ['quantri', 'lanhdao', 'vuthu', 'canbo.13192', 'quantri.hanoi'];

/**
 * A process that the test files of one Vitest worker share (a demo server, a browser): the
 * first file starts it in its own process group, so that it outlives that file, and names it
 * in `sharedFile`; tests/global-setup.ts stops each one named at the end of the run.
 */
export interface SharedProcess {
	pid: number;
	/** A folder to remove once the process is stopped. */
	dir?: string;
}

/** What a worker's later test files need to reach the demo server its first file started. */
export interface SharedDemo extends SharedProcess {
	url: string;
	path: string;
	dir: string;
	logFile: string;
	tokens: Record<string, string>;
}

/** The file naming this worker's shared `kind` of process, in the run's cache folder. */
export function sharedFile(cache: string, kind: 'demo' | 'browser'): string {
	return join(cache, `shared-${kind}-${process.env.VITEST_POOL_ID ?? '1'}.json`);
}

/**
 * The Thái Bình demo on a real database, served by the real built server, with an API
 * token per demo role and an admin of another province.
 *
 * By default the server is the one this worker's test files share: the first file starts it,
 * the later ones reach it with their own connection to its file, and `stop` closes only that
 * connection (tests/global-setup.ts stops the server at the end of the run). A file that shares
 * it must leave nothing another file reads differently: write into cells it reads before and
 * after (the demo's figures are read relative to the moment) or into what it adds itself, never
 * change settings, targets, hierarchies or the demo's users, never count rows it did not make
 * (the files before it in the worker leave theirs). `own`: a server for this file alone,
 * for a file that does. `live`: the demo as built today, with Hưng Yên's running campaign
 * (day 10 of 21) before Thái Bình's finished one (always its own).
 */
export async function startDemoServer(opts: { live?: boolean; own?: boolean } = {}) {
	const cache = inject('demoCache');
	if (opts.live || opts.own || !cache) return serve(opts.live ? await buildDemoDb(true) : await demoDb());
	const file = sharedFile(cache, 'demo');
	if (!existsSync(file)) {
		const t = await demoDb();
		const logFile = join(t.dir, 'server.log');
		const served = await serve(t, logFile);
		const shared: SharedDemo = { url: served.url, path: t.path, dir: t.dir, pid: served.pid, logFile, tokens: served.tokens };
		writeFileSync(file, JSON.stringify(shared));
		return { ...served, stop: () => t.db.destroy() };
	}
	const shared = JSON.parse(readFileSync(file, 'utf8')) as SharedDemo;
	const { db } = openDatabase(shared.path, { background: true });
	return {
		db,
		dbPath: shared.path,
		url: shared.url,
		pid: shared.pid,
		tokens: shared.tokens,
		call: caller(shared.url, shared.tokens),
		output: () => readFileSync(shared.logFile, 'utf8'),
		stop: () => db.destroy()
	};
}

/** Serves `t` with a token per demo user; with `logFile`, a server that outlives this test file. */
async function serve(t: TestDb, logFile?: string) {
	const tokens: Record<string, string> = {};
	for (const username of DEMO_USERS) {
		tokens[username] = (await createApiToken(t.db, username, { name: 'test', actor: 'test' }))!;
	}
	const server = await startServer({ DATABASE_PATH: join(t.dir, 'test.db') }, { logFile });
	return {
		db: t.db,
		/** The SQLite file the server writes, for a test to read on its own connection. */
		dbPath: t.path,
		url: server.url,
		pid: server.child.pid!,
		tokens,
		call: caller(server.url, tokens),
		/** The server's stdout and stderr so far. */
		output: server.output,
		stop: async () => {
			await server.stop();
			await t.close();
		}
	};
}

/** JSON API calls with a demo user's token (or a token as given). */
function caller(url: string, tokens: Record<string, string>) {
	return async (path: string, init: { token?: string; method?: string; body?: unknown } = {}) => {
		const headers: Record<string, string> = {};
		if (init.token) headers.authorization = `Bearer ${tokens[init.token] ?? init.token}`;
		if (init.body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
		return { status: res.status, body: await res.json() };
	};
}

/** Form posts and sessions against a running server, as a browser without JavaScript sends them. */
export function browserOf(url: string) {
	const post = async (path: string, fields: Record<string, string> = {}, opts: { cookie?: string; origin?: string } = {}) => {
		const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: opts.origin ?? url };
		if (opts.cookie) headers.cookie = opts.cookie;
		const res = await fetch(url + path, { method: 'POST', headers, body: new URLSearchParams(fields), redirect: 'manual' });
		return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), text: await res.text() };
	};
	const get = async (path: string, cookie?: string) => {
		const res = await fetch(url + path, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
		return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
	};
	/** Logs in through the login form; returns the cookie header to send afterwards. */
	const login = async (username: string, password = DEMO_PASSWORD) => {
		const res = await post('/dang-nhap', { username, password });
		const token = /tiendo_session=([^;]+)/.exec(res.setCookie ?? '')?.[1];
		if (res.status !== 303 || !token) throw new Error(`login of ${username} failed: ${res.status} ${res.text.slice(0, 200)}`);
		return `tiendo_session=${token}`;
	};
	return { post, get, login };
}
