/**
 * A real PostgreSQL server for the tests (issue 29), started the way a fresh machine can:
 * - `TIENDO_TEST_PG_URL` set: that server (a superuser's URL), nothing started or stopped;
 * - otherwise Debian's binaries (`apt-get install postgresql`, as `.ci/run` does): a new
 *   cluster initialised in a temporary folder, on a free port of 127.0.0.1 with its socket in
 *   that folder, durability off (fsync, synchronous_commit: a test cluster is thrown away),
 *   stopped and removed at the end. PostgreSQL refuses to run as root: as root, initdb and
 *   pg_ctl run as the `postgres` user, who owns the folder. Debian's own cluster is not used.
 * No binaries and no URL: `postgresUnavailable()` says why, and the PostgreSQL runs are skipped.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningPostgres {
	/** A superuser's URL to the server's `postgres` database. */
	url: string;
	stop: () => Promise<void>;
}

/** Debian's newest PostgreSQL binaries folder, if any. */
function binaries(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

/** Why the PostgreSQL runs cannot happen on this machine, or null when they can. */
export function postgresUnavailable(): string | null {
	if (process.env.TIENDO_TEST_PG_URL) return null;
	if (!binaries())
		return "PostgreSQL is not installed on this machine (no /usr/lib/postgresql/*/bin/initdb, and TIENDO_TEST_PG_URL is not set; `.ci/run` installs Debian's postgresql)";
	return null;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export async function startPostgres(): Promise<RunningPostgres> {
	const given = process.env.TIENDO_TEST_PG_URL;
	if (given) return { url: given, stop: async () => {} };
	const bin = binaries();
	if (!bin) throw new Error(postgresUnavailable()!);
	const dir = mkdtempSync(join(tmpdir(), 'tiendo-pg-'));
	const data = join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, uid, gid);
		chmodSync(dir, 0o700);
	}
	const run = (program: string, args: string[]) =>
		execFileSync(asRoot ? 'runuser' : join(bin, program), asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args, { stdio: 'pipe', cwd: dir });
	// C collation: text sorts by bytes, as SQLite sorts it.
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
	const port = await freePort();
	const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=300'];
	run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', join(dir, 'server.log'), '-o', settings.join(' ')]);
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		stop: async () => {
			try {
				run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}
