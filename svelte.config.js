import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Report and template builders (DESIGN §5), pure functions from data to a workbook.
		alias: { $reports: 'src/reports' },
		// The benchmarks and scripts are type-checked with the app, so a change that breaks them fails `npm test`.
		typescript: {
			config: (config) => ({ ...config, include: [...config.include, '../bench/**/*.ts', '../scripts/**/*.ts'] })
		},
		// The app's own pages need nothing from elsewhere and no inline code: SvelteKit adds
		// the hash of its own bootstrap script; styles come from files. A hash, not a nonce:
		// the same page is the same bytes, so it can be cached and revalidated (issue 24).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// The one style attribute: SvelteKit's route announcer (kit's write_root.js).
				// A browser test fails on any CSP violation, so a change in kit shows up.
				'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
