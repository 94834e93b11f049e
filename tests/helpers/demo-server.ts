import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/session';
import { addUser } from '../../src/lib/server/auth/accounts';
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

/**
 * The Thái Bình demo on a real database, served by the real built server, with an API
 * token per demo role and an admin of another province. `live`: the demo as built today,
 * with Hưng Yên's running campaign (day 10 of 21) before Thái Bình's finished one.
 */
export async function startDemoServer(opts: { live?: boolean } = {}) {
	const t: TestDb = opts.live ? await buildDemoDb(true) : await demoDb();
	const tokens: Record<string, string> = {};
	for (const username of ['quantri', 'lanhdao', 'vuthu', 'canbo.13192', 'quantri.hanoi']) {
		tokens[username] = (await createApiToken(t.db, username, { name: 'test', actor: 'test' }))!;
	}
	const server = await startServer({ DATABASE_PATH: join(t.dir, 'test.db') });
	const call = async (path: string, init: { token?: string; method?: string; body?: unknown } = {}) => {
		const headers: Record<string, string> = {};
		if (init.token) headers.authorization = `Bearer ${tokens[init.token] ?? init.token}`;
		if (init.body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(server.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
		return { status: res.status, body: await res.json() };
	};
	return {
		db: t.db,
		/** The SQLite file the server writes, for a test to read on its own connection. */
		dbPath: t.path,
		url: server.url,
		tokens,
		call,
		/** The server's stdout and stderr so far. */
		output: server.output,
		stop: async () => {
			await server.stop();
			await t.close();
		}
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
