import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { BODY_SIZE_LIMIT } from '../../src/lib/domain/limits';

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the real CLI (`npm run cli` without npm's banner). */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<RunResult> {
	return run(process.execPath, ['--import', 'tsx', 'src/lib/server/cli/main.ts', ...args], opts);
}

/** Runs a command to its end; `clearEnv` gives it only `env` instead of adding to this process's. */
export function run(command: string, args: string[], opts: { env?: Record<string, string>; input?: string; clearEnv?: boolean } = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env: opts.clearEnv ? opts.env : { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
		// A command that reads nothing may exit before its input is written: that is not a failure.
		child.stdin.on('error', () => {});
		child.stdin.end(opts.input ?? '');
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * Starts the production server (`node build`) and waits until it answers; `output` is what it has printed so far.
 * With `logFile`, the server prints into that file and lives on after this process ends (its own
 * process group, not waited for): a server that later test files of the worker share, stopped by its pid.
 */
export async function startServer(
	env: Record<string, string>,
	opts: { logFile?: string } = {}
): Promise<{ url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const log = opts.logFile === undefined ? undefined : openSync(opts.logFile, 'a');
	const child = spawn(process.execPath, ['build'], {
		env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ORIGIN: url, BODY_SIZE_LIMIT, SCHEDULER: 'off', ...env },
		stdio: log === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
		detached: log !== undefined
	});
	let piped = '';
	child.stdout?.on('data', (d) => (piped += d));
	child.stderr?.on('data', (d) => (piped += d));
	const output = () => (opts.logFile === undefined ? piped : readFileSync(opts.logFile, 'utf8'));
	if (log !== undefined) {
		closeSync(log);
		child.unref();
	}
	const deadline = Date.now() + 20_000;
	for (;;) {
		try {
			await fetch(url + '/favicon.svg');
			break;
		} catch {
			if (child.exitCode !== null || Date.now() > deadline) {
				child.kill('SIGTERM');
				throw new Error(`server did not start:\n${output()}`);
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	return {
		url,
		child,
		output,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
