import { execFileSync } from 'node:child_process';

/**
 * Builds the production server once for the tests that run `node build`. NODE_ENV is set
 * to production: Vitest's "test" would make a build with development code paths.
 */
export default function setup() {
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
