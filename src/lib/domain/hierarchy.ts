import type { LocalDate } from './time';

/**
 * A version of the list of administrative units (danh mục), as the domain sees it: the
 * `hierarchies` row read once by the units repository (`toHierarchy`).
 */
export interface Hierarchy {
	id: number;
	/** The day the version is in force from; it names the version. */
	asOf: LocalDate;
	/** 3 (province, district, commune) before 1/7/2025, 2 after. */
	levels: number;
	source: string;
	contentHash: string;
	/** ISO instant. */
	importedAt: string;
}
