import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { SharedProcess } from './helpers/demo-server';

/**
 * For the e2e project only: builds the production server once for the tests that run
 * `node build`, and gives the run a folder where the demo database is built once and then
 * copied, and where each worker names the demo server and the browser its test files share
 * (tests/helpers/demo-server.ts, tests/helpers/browser.ts); at the end, stops them. NODE_ENV is set to
 * production: Vitest's "test" would make a build with development code paths.
 */
export default function setup(project: TestProject) {
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
	const demoCache = mkdtempSync(join(tmpdir(), 'tiendo-demo-'));
	project.provide('demoCache', demoCache);
	return async () => {
		const shared = readdirSync(demoCache)
			.filter((name) => /^shared-.+\.json$/.test(name))
			.map((name) => JSON.parse(readFileSync(join(demoCache, name), 'utf8')) as SharedProcess);
		await Promise.all(shared.map((s) => stopProcess(s.pid)));
		for (const s of shared) if (s.dir) rmSync(s.dir, { recursive: true, force: true });
		rmSync(demoCache, { recursive: true, force: true });
	};
}

/** Sends SIGTERM to a process group led by `pid` (not this one's child) and waits (up to 10 s) until its leader is gone. */
async function stopProcess(pid: number): Promise<void> {
	const alive = () => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	const signal = (name: NodeJS.Signals) => {
		try {
			process.kill(-pid, name);
		} catch {
			// Gone meanwhile.
		}
	};
	if (!alive()) return;
	signal('SIGTERM');
	for (const deadline = Date.now() + 10_000; alive() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
	if (alive()) signal('SIGKILL');
}
