import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		// Migrations are frozen against the schema of their day, hence Kysely<any> (Kysely's own advice).
		files: ['src/lib/server/db/migrations/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'bench/data/', 'test-results/'] }
);
