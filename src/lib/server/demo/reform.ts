/**
 * The live demo's Hưng Yên across the reform of 1/7/2025: its 104 communes came from the
 * old communes of Hưng Yên and Thái Bình (the mapping `reference/units-mapping-2025-07-01.csv`,
 * imported like any mapping, `importMapping`). Targets follow the old communes each new one
 * absorbed; the cụm thi đua follow the old districts. Pure.
 */
import { mapCells, splitsOf } from '$lib/domain/across-versions';
import type { HierarchyLink } from '$lib/domain/mapping';

/** A link of the mapping old commune → new commune, whole or in part. */
export type ReformLink = Pick<HierarchyLink, 'oldCode' | 'newCode' | 'whole'>;

/**
 * Each new commune's target per record type: the sum over the old communes it absorbed; an
 * old commune split over several new ones shares its target by equal parts (exactly, by
 * apportioning), as any campaign read across the reform does (`mapCells`). Old communes
 * without a target count 0.
 */
export function targetsAcrossReform(links: ReformLink[], oldTargets: ReadonlyMap<string, Record<string, number>>, types: string[]): Map<string, Record<string, number>> {
	const splits = splitsOf(links.map((l) => ({ oldCode: l.oldCode, newCode: l.newCode, whole: l.whole, share: null })));
	const cells = [...oldTargets].flatMap(([communeKey, targets]) =>
		types.map((recordType) => ({ communeKey, recordType, target: targets[recordType] ?? 0, done: 0, doneBefore: 0, finishedAt: null, lastReportAt: null }))
	);
	const result = new Map<string, Record<string, number>>();
	for (const l of links) if (!result.has(l.newCode)) result.set(l.newCode, Object.fromEntries(types.map((t) => [t, 0])));
	for (const c of mapCells(splits, cells).cells) result.get(c.communeKey)![c.recordType] += c.target;
	return result;
}

export interface Cluster {
	code: string;
	name: string;
	/** The old districts (3-level codes) whose communes the cluster gathers. */
	districts: string[];
}

/**
 * Hưng Yên's six cụm thi đua, drawn along the old districts (neighbours together): two of
 * old Hưng Yên, four of old Thái Bình.
 */
export const HUNG_YEN_CLUSTERS: Cluster[] = [
	{ code: 'CUM-1', name: 'Cụm thi đua số 1', districts: ['325', '326', '327', '328', '330'] }, // Văn Lâm, Văn Giang, Yên Mỹ, Mỹ Hào, Khoái Châu
	{ code: 'CUM-2', name: 'Cụm thi đua số 2', districts: ['323', '329', '331', '332', '333'] }, // TP Hưng Yên, Ân Thi, Kim Động, Tiên Lữ, Phù Cừ
	{ code: 'CUM-3', name: 'Cụm thi đua số 3', districts: ['338', '339'] }, // Quỳnh Phụ, Hưng Hà
	{ code: 'CUM-4', name: 'Cụm thi đua số 4', districts: ['340', '341'] }, // Đông Hưng, Thái Thụy
	{ code: 'CUM-5', name: 'Cụm thi đua số 5', districts: ['336', '344'] }, // TP Thái Bình, Vũ Thư
	{ code: 'CUM-6', name: 'Cụm thi đua số 6', districts: ['342', '343'] } // Tiền Hải, Kiến Xương
];

/**
 * Each new commune's cluster: the one of the old district most of its links came from
 * (ties: the district of its first link). Communes whose district no cluster holds are left out.
 */
export function clusterOfCommunes(links: ReformLink[], districtOf: ReadonlyMap<string, string>, clusters: Cluster[]): { commune: string; group: string; groupName: string }[] {
	const counts = new Map<string, Map<string, number>>();
	for (const l of links) {
		const district = districtOf.get(l.oldCode);
		if (!district) continue;
		const byDistrict = counts.get(l.newCode) ?? new Map<string, number>();
		byDistrict.set(district, (byDistrict.get(district) ?? 0) + 1);
		counts.set(l.newCode, byDistrict);
	}
	const clusterOf = new Map(clusters.flatMap((c) => c.districts.map((d) => [d, c])));
	return [...counts].flatMap(([commune, byDistrict]) => {
		const [district] = [...byDistrict].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
		const cluster = clusterOf.get(district);
		return cluster ? [{ commune, group: cluster.code, groupName: cluster.name }] : [];
	});
}
