/**
 * The district maps the product carries, by province code, projected once. The boundaries
 * go to the browser as an immutable SVG asset (one `<path id>` per unit, its address named
 * by its content's hash), fetched once and cached; a page carries only each unit's figure.
 */
import { createHash } from 'node:crypto';
import type { DashboardMap } from '$lib/domain/dashboard';
import { projectMap, type GeoFeature, type ProjectedMap } from '$lib/domain/geo';
// eslint-disable-next-line no-restricted-imports -- reference/ lies outside src/ (no alias); Vite inlines the file (?raw)
import thaiBinh from '../../../../reference/thai-binh-districts.geojson?raw';

const SOURCES: Record<string, string> = { '34': thaiBinh };

export interface MapAsset {
	map: ProjectedMap;
	/** The asset's file name under /ban-do/: `<province>-<hash>.svg`. */
	file: string;
	svg: string;
}

const assets = new Map<string, MapAsset>();

/** The id of a unit's path in the asset. */
export const shapeId = (code: string) => `d${code}`;

function mapAsset(provinceCode: string): MapAsset | null {
	const source = SOURCES[provinceCode];
	if (!source) return null;
	let asset = assets.get(provinceCode);
	if (!asset) {
		const map = projectMap((JSON.parse(source) as { features: GeoFeature[] }).features);
		const paths = map.shapes.map((s) => `<path id="${shapeId(s.code)}" d="${s.d}"/>`).join('');
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${map.width} ${map.height}">${paths}</svg>`;
		const hash = createHash('sha256').update(svg).digest('hex').slice(0, 16);
		asset = { map, file: `${provinceCode}-${hash}.svg`, svg };
		assets.set(provinceCode, asset);
	}
	return asset;
}

/** The asset named `file`, if it is the current one of a province (older names are gone). */
export function mapAssetByFile(file: string): MapAsset | null {
	const asset = mapAsset(file.split('-')[0]);
	return asset && asset.file === file ? asset : null;
}

/** The province's map as a page carries it, each district with its figure; null when the product has none. */
export function provinceMap(provinceCode: string, pctOf: (code: string) => number | null): DashboardMap | null {
	const asset = mapAsset(provinceCode);
	if (!asset) return null;
	const { width, height, shapes } = asset.map;
	return { href: `/ban-do/${asset.file}`, width, height, shapes: shapes.map(({ code, name, x, y }) => ({ code, name, x, y, pct: pctOf(code) })) };
}
