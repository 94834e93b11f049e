/** The district maps the product carries, by province code, projected once. */
import { projectMap, type GeoFeature, type ProjectedMap } from '../../domain/geo';
import thaiBinh from '../../../../reference/thai-binh-districts.geojson?raw';

const SOURCES: Record<string, string> = { '34': thaiBinh };
const projected = new Map<string, ProjectedMap>();

export function provinceMap(provinceCode: string): ProjectedMap | null {
	const source = SOURCES[provinceCode];
	if (!source) return null;
	let map = projected.get(provinceCode);
	if (!map) {
		map = projectMap((JSON.parse(source) as { features: GeoFeature[] }).features);
		projected.set(provinceCode, map);
	}
	return map;
}
