import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommendedTypeChecked,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			// Type information for every file in tsconfig.json (src/, tests/): the rules below need it.
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] }
		},
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
			// `${value satisfies never}` in the default branch of an exhaustive switch is how an impossible case is named.
			'@typescript-eslint/restrict-template-expressions': ['error', { allowNever: true }],
			// Off: String(x) of input of unknown shape is deliberate where a refusal quotes what was sent (forms, JSON, cells).
			'@typescript-eslint/no-base-to-string': 'off',
			// Off: async is how a function meets a Promise-returning interface (Kysely's driver, migrations, SvelteKit).
			'@typescript-eslint/require-await': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		// Outside tsconfig.json (configuration, benchmarks): linted without type information.
		files: ['*.js', '*.ts', 'bench/**', 'scripts/**'],
		...ts.configs.disableTypeChecked
	},
	{
		// Tests read JSON bodies and spreadsheet cells as `any` and assert on them: that is what they check.
		files: ['tests/**/*.ts', 'src/**/*.test.ts'],
		rules: {
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off'
		}
	},
	{
		// Worker programs are sent as source text (worker-source.ts), so they require() their modules untyped.
		// Known exception, to type one day with `require(…) as typeof import(…)`.
		files: ['src/lib/server/perf/background.ts', 'src/lib/server/ingest/workbook-worker.ts'],
		rules: {
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-return': 'off'
		}
	},
	{
		// $lib/… rather than a chain of ../ that breaks when a file moves.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ group: ['../../*'], message: 'Import from $lib/… (or $reports/…) instead of a long ../ chain.' }] }]
		}
	},
	{
		// The server's areas throw the domain's errors (src/lib/domain/errors.ts); only the HTTP edge
		// turns them into SvelteKit's responses: forms.ts (pages, form actions), auth/guard.ts, api/http.ts.
		files: ['src/lib/server/**/*.ts'],
		ignores: ['src/lib/server/forms.ts', 'src/lib/server/auth/guard.ts', 'src/lib/server/api/http.ts', 'src/lib/server/**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: '@sveltejs/kit',
							importNames: ['error', 'redirect', 'fail', 'json', 'text', 'isHttpError', 'isRedirect'],
							message: 'Throw a domain error ($lib/domain/errors); the route maps it (orPageError, formAction, api).'
						}
					],
					patterns: [{ group: ['../../*'], message: 'Import from $lib/… (or $reports/…) instead of a long ../ chain.' }]
				}
			]
		}
	},
	{
		// Routes and components read domain shapes (camelCase), never a database row's snake_case columns (issue 28).
		files: ['src/routes/**/*.ts', 'src/routes/**/*.svelte', 'src/lib/components/**/*.ts', 'src/lib/components/**/*.svelte'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: 'MemberExpression[computed=false][property.name=/^[a-z][a-z0-9]*_[a-z0-9_]+$/]',
					message: 'A snake_case field is a database column: have the repository map the row to a domain shape (camelCase).'
				}
			]
		}
	},
	{
		// No import cycles between the server's areas.
		files: ['src/lib/server/**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
			'import-x/extensions': ['.ts', '.js'],
			'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.svelte', '.json'], tsconfig: { configFile: './tsconfig.json' } })]
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	},
	{
		// Migrations are frozen against the schema of their day, hence Kysely<any> (Kysely's own advice).
		files: ['src/lib/server/db/migrations/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'bench/data/', 'test-results/', 'dev-dist/'] }
);
