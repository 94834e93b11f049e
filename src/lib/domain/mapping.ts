/**
 * The mapping between two hierarchy versions (DESIGN §3 "Across the reform"): one link per
 * old commune → new commune, whole or in part. Pure.
 */

/** One link of a mapping, as the figures across versions read it (DESIGN §4). */
export interface HierarchyLink {
	oldCode: string;
	newCode: string;
	/** The whole old commune went into the new one (`toàn bộ`), or a part of it (`một phần`). */
	whole: boolean;
	/** The declared share of a part, a fraction 0..1; null for a whole link or an undeclared share. */
	share: number | null;
}
