import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

/**
 * The installable app and its service worker (issue 23): Workbox's generated worker keeps
 * a clerk's entry page usable offline. It precaches only the manifest; it caches the app's
 * immutable files as they are used, and the entry pages (`/dot/<campaign>/nhap/<commune>`)
 * network first, so that a page with figures is served from the device only when the
 * network is down; then `/` leads to the form kept. Logging out clears both caches
 * (Clear-Site-Data, `dang-xuat`).
 */
const pwa = SvelteKitPWA({
	strategies: 'generateSW',
	// Registered by the entry page itself: an inline registration script would break the CSP.
	injectRegister: false,
	registerType: 'autoUpdate',
	filename: 'sw.js',
	manifest: {
		name: 'Tiến độ số hóa hộ tịch',
		short_name: 'Tiến độ',
		description: 'Theo dõi và nhập tiến độ số hóa sổ hộ tịch của các đơn vị cấp xã.',
		lang: 'vi',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		background_color: '#ffffff',
		theme_color: '#b91c1c',
		icons: [
			{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
			{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
			{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
		]
	},
	workbox: {
		// Nothing precached but the manifest: the icons are fetched when the app is installed.
		globPatterns: ['client/manifest.webmanifest'],
		// No app shell: every other page goes to the network as if there were no worker.
		navigateFallback: null,
		clientsClaim: true,
		skipWaiting: true,
		cleanupOutdatedCaches: true,
		runtimeCaching: [
			{
				urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/_app/immutable/'),
				handler: 'CacheFirst',
				options: { cacheName: 'tiendo-assets', expiration: { maxEntries: 300 } }
			},
			{
				urlPattern: ({ url, request, sameOrigin }) => sameOrigin && request.mode === 'navigate' && /^\/dot\/[^/]+\/nhap\/[0-9]+$/.test(url.pathname),
				handler: 'NetworkFirst',
				options: {
					cacheName: 'tiendo-pages',
					plugins: [
						{
							// One copy per commune's form, whatever its query (`?da-ghi=…`).
							cacheKeyWillBeUsed: async ({ request }) => {
								const url = new URL(request.url);
								return url.origin + url.pathname;
							},
							// Only the page itself: never a redirect to the login page, never an error.
							cacheWillUpdate: async ({ response }) => (response.status === 200 && !response.redirected ? response : null)
						}
					]
				}
			},
			{
				// The installed app opens at `/` (or the entry's `/dot/<campaign>/nhap`): with no
				// network, it goes to the entry form kept on the device, if there is one.
				urlPattern: ({ url, request, sameOrigin }) => sameOrigin && request.mode === 'navigate' && (url.pathname === '/' || /^\/dot\/[^/]+\/nhap$/.test(url.pathname)),
				handler: 'NetworkOnly',
				options: {
					plugins: [
						{
							handlerDidError: async () => {
								const kept = await (await caches.open('tiendo-pages')).keys();
								return kept.length ? Response.redirect(kept[kept.length - 1].url, 302) : undefined;
							}
						}
					]
				}
			}
		]
	}
});

export default defineConfig({
	plugins: [sveltekit(), pwa]
});
