/**
 * District boundaries (GeoJSON) as SVG paths for the overview's map. An equirectangular
 * projection scaled by the cosine of the mean latitude is true enough for one province. Pure.
 */

type Ring = [number, number][];

export interface GeoFeature {
	properties: { code: string; name: string };
	geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface MapShape {
	code: string;
	name: string;
	d: string;
	/** Where a label sits: the centroid of the shape's largest ring. */
	x: number;
	y: number;
}

export interface ProjectedMap {
	width: number;
	height: number;
	shapes: MapShape[];
}

const polygonsOf = (f: GeoFeature): Ring[][] => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates);

export function projectMap(features: GeoFeature[], width = 600): ProjectedMap {
	const points = features.flatMap((f) => polygonsOf(f).flat(2));
	const lons = points.map((p) => p[0]);
	const lats = points.map((p) => p[1]);
	const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
	const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
	const scale = width / ((maxLon - minLon) * k);
	const height = Math.round((maxLat - minLat) * scale);
	const xy = ([lon, lat]: [number, number]): [number, number] => [(lon - minLon) * k * scale, (maxLat - lat) * scale];
	// Points closer than a pixel to the last one kept add bytes, not shape.
	const path = (ring: Ring) => {
		const kept: [number, number][] = [];
		for (const p of ring.map(xy)) {
			const last = kept[kept.length - 1];
			if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= 1) kept.push(p);
		}
		return `M${kept.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}Z`;
	};
	return {
		width,
		height,
		shapes: features.map((f) => {
			const rings = polygonsOf(f).flat();
			const [x, y] = centroid(rings.map((r) => r.map(xy)).reduce((a, b) => (Math.abs(area(b)) > Math.abs(area(a)) ? b : a)));
			return { code: f.properties.code, name: f.properties.name, d: rings.map(path).join(''), x: Math.round(x), y: Math.round(y) };
		})
	};
}

/** Twice the signed area of a ring (shoelace). */
function area(ring: [number, number][]): number {
	let sum = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
	return sum;
}

function centroid(ring: [number, number][]): [number, number] {
	const a = area(ring);
	let [cx, cy] = [0, 0];
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
		cx += (ring[j][0] + ring[i][0]) * cross;
		cy += (ring[j][1] + ring[i][1]) * cross;
	}
	return [cx / (3 * a), cy / (3 * a)];
}

/** Steps of completion and their colours, light to dark (finer around the middle, where campaigns spend most days); done in green. */
export const MAP_STEPS = [
	{ below: 0.2, color: '#fee5d9', label: 'dưới 20%' },
	{ below: 0.4, color: '#fcbba1', label: '20% – dưới 40%' },
	{ below: 0.5, color: '#fc9272', label: '40% – dưới 50%' },
	{ below: 0.6, color: '#fb6a4a', label: '50% – dưới 60%' },
	{ below: 0.8, color: '#de2d26', label: '60% – dưới 80%' },
	{ below: 1, color: '#a50f15', label: '80% – dưới 100%' },
	{ below: Infinity, color: '#2e7d32', label: 'hoàn thành' }
];

export function mapColor(pct: number): string {
	return (MAP_STEPS.find((s) => pct < s.below) ?? MAP_STEPS[MAP_STEPS.length - 1]).color;
}
