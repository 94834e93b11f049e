import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		reporters: ['default', './tests/summary-reporter.ts'],
		globalSetup: ['./tests/global-setup.ts'],
		environment: 'node',
		pool: 'forks',
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
