import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * For the e2e project only: builds the production server once for the tests that run
 * `node build`, and gives the run a folder where the demo database is built once and then
 * copied (tests/helpers/demo-server.ts). NODE_ENV is set to production: Vitest's "test"
 * would make a build with development code paths.
 */
export default function setup(project: TestProject) {
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
	const demoCache = mkdtempSync(join(tmpdir(), 'tiendo-demo-'));
	project.provide('demoCache', demoCache);
	return () => rmSync(demoCache, { recursive: true, force: true });
}
