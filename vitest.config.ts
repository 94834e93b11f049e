import { sveltekit } from '@sveltejs/kit/vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Three projects, chosen by where a test file lives (CONTRIBUTING.md, "Tests"):
 * - unit: `src/**\/*.test.ts`, beside pure code; no database, no build, no SvelteKit plugin: seconds.
 * - db:   `tests/db/**\/*.test.ts`, a real SQLite database (and the CLI through tsx), no server.
 * - e2e:  every other `tests/**\/*.test.ts`: the built production server, browsers. Only this
 *         project builds (tests/global-setup.ts), once per run.
 * `npx vitest run --project unit` runs one project, `npx vitest run tests/db/cli.test.ts` one file.
 */
export default defineConfig({
	test: {
		reporters: ['default', './tests/summary-reporter.ts'],
		projects: [
			{
				resolve: { alias: { $lib: resolve('src/lib'), $reports: resolve('src/reports') } },
				test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node', pool: 'threads', isolate: false, testTimeout: 20_000 }
			},
			{
				plugins: [sveltekit()],
				test: { name: 'db', include: ['tests/db/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000, hookTimeout: 120_000 }
			},
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
