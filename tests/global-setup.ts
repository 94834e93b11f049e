import { execFileSync } from 'node:child_process';

/** Builds the production server once for the tests that run `node build`. */
export default function setup() {
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
