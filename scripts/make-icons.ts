/**
 * Draws the installed app's icons (issue 23): the favicon's rising line on the accent red,
 * as PNG at 192 and 512 px, and a maskable 512 px one whose drawing keeps to the central
 * safe zone (80 %), so that a phone's round or squircle mask never cuts it.
 * Run: `npx tsx scripts/make-icons.ts`; the PNGs are committed under static/icons/.
 */
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, writeFileSync } from 'node:fs';

const RED = '#b91c1c';
const LINE = 'M7 22l6-7 5 4 7-9';

/** The drawing on a 32-unit square; `inset` shrinks it towards the centre (a maskable icon's safe zone). */
function svgOf(opts: { rounded: boolean; inset: number }): string {
	const scale = 1 - 2 * opts.inset;
	const shift = 16 * (1 - scale);
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="${opts.rounded ? 6 : 0}" fill="${RED}"/><g transform="translate(${shift} ${shift}) scale(${scale})"><path d="${LINE}" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/></g></svg>`;
}

function png(svg: string, size: number): Buffer {
	return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

mkdirSync('static/icons', { recursive: true });
writeFileSync('static/icons/icon-192.png', png(svgOf({ rounded: true, inset: 0 }), 192));
writeFileSync('static/icons/icon-512.png', png(svgOf({ rounded: true, inset: 0 }), 512));
writeFileSync('static/icons/maskable-512.png', png(svgOf({ rounded: false, inset: 0.12 }), 512));
console.log('static/icons: icon-192.png, icon-512.png, maskable-512.png');
