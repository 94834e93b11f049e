import { sveltekit } from '@sveltejs/kit/vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { postgresUnavailable } from './tests/helpers/postgres';

// The database tests run again on a real PostgreSQL server when this machine has one (issue 29).
const noPostgres = postgresUnavailable();
if (noPostgres) console.log(`\nPostgreSQL runs skipped (project db-pg): ${noPostgres}.\n`);

/**
 * Three projects, chosen by where a test file lives (CONTRIBUTING.md, "Tests"):
 * - unit: `src/**\/*.test.ts`, beside pure code; no database, no build, no SvelteKit plugin: seconds.
 * - db:   `tests/db/**\/*.test.ts`, a real SQLite database (and the CLI through tsx), no server.
 * - db-pg: the same files on a real PostgreSQL server (tests/global-setup-postgres.ts starts
 *         one), when the machine has PostgreSQL; a line at the start says when it has not.
 * - e2e:  every other `tests/**\/*.test.ts`: the built production server, browsers. Only this
 *         project builds (tests/global-setup.ts), once per run.
 * `npx vitest run --project unit` runs one project, `npx vitest run tests/db/cli.test.ts` one file.
 */
export default defineConfig({
	test: {
		reporters: ['default', './tests/summary-reporter.ts'],
		// Two test files at a time, even on two cores: most e2e files wait on a server, a browser or
		// a scheduled slot rather than compute, and Vitest's default (cores − 1) ran them one by one.
		maxWorkers: 2,
		projects: [
			{
				resolve: { alias: { $lib: resolve('src/lib'), $reports: resolve('src/reports') } },
				test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node', pool: 'threads', isolate: false, testTimeout: 20_000 }
			},
			{
				plugins: [sveltekit()],
				test: { name: 'db', include: ['tests/db/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000, hookTimeout: 120_000 }
			},
			...(noPostgres
				? []
				: [
						{
							plugins: [sveltekit()],
							test: {
								name: 'db-pg',
								include: ['tests/db/**/*.test.ts'],
								globalSetup: ['./tests/global-setup-postgres.ts'],
								env: { TIENDO_TEST_DIALECT: 'postgres' },
								environment: 'node' as const,
								pool: 'forks' as const,
								testTimeout: 60_000,
								hookTimeout: 120_000
							}
						}
					]),
			{
				plugins: [sveltekit()],
				test: {
					name: 'e2e',
					include: ['tests/**/*.test.ts'],
					exclude: ['tests/db/**'],
					globalSetup: ['./tests/global-setup.ts'],
					environment: 'node',
					pool: 'forks',
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
