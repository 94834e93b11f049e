import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError } from '$lib/domain/errors';
import { isValidLocalDate } from '$lib/domain/time';
import { readUnitList, type UnitList } from '$lib/domain/unit-list';
import { recordAudit } from '../audit/repository';
import type { Database } from '../db';
import type { UnitLevel } from '../db/schema';
import { readTable } from '../files';
import { countUnitsByLevel, findHierarchy, insertHierarchy, insertUnits, markProvincesAsOwnProvince } from './repository';

export async function readUnitFile(path: string): Promise<UnitList> {
	const file = basename(path);
	const { header, rows } = await readTable(await readFile(path), file);
	return readUnitList(header, rows, file);
}

export function unitListHash(list: UnitList): string {
	return createHash('sha256').update(JSON.stringify(list)).digest('hex');
}

export interface UnitImportResult {
	status: 'created' | 'unchanged';
	hierarchyId: number;
	counts: Record<UnitLevel, number>;
}

/**
 * Stores a unit list as the hierarchy version `asOf`, all in one transaction. The same
 * list again is a no-op; a different list under an existing date is refused.
 */
export async function importUnitList(db: Database, list: UnitList, opts: { asOf: string; source: string; actor: string; userId?: number | null }): Promise<UnitImportResult> {
	if (!isValidLocalDate(opts.asOf)) {
		throw new ValidationError(`Ngày hiệu lực «${opts.asOf}» không hợp lệ (định dạng YYYY-MM-DD).`);
	}
	const contentHash = unitListHash(list);
	return db.transaction().execute(async (tx) => {
		const existing = await findHierarchy(tx, opts.asOf);
		if (existing) {
			if (existing.contentHash !== contentHash) {
				throw new ValidationError(
					`Danh mục ngày ${opts.asOf} đã được nhập từ tệp ${existing.source} với nội dung khác. ` +
						'Một phiên bản danh mục không được sửa sau khi nhập; hãy nhập danh mục mới với ngày hiệu lực khác (--as-of).'
				);
			}
			return { status: 'unchanged', hierarchyId: existing.id, counts: await countUnitsByLevel(tx, existing.id) };
		}
		const importedAt = new Date().toISOString();
		const hierarchyId = await insertHierarchy(tx, {
			asOf: opts.asOf,
			levels: list.levels,
			source: opts.source,
			contentHash,
			importedAt
		});
		const provinceIds = await insertUnits(
			tx,
			list.provinces.map((u) => ({ hierarchy_id: hierarchyId, code: u.code, name: u.name, type: u.type, level: 'province', parent_id: null, province_id: null }))
		);
		await markProvincesAsOwnProvince(tx, hierarchyId);
		const districtIds = await insertUnits(
			tx,
			list.districts.map((u) => {
				const provinceId = provinceIds.get(u.parentCode!)!;
				return { hierarchy_id: hierarchyId, code: u.code, name: u.name, type: u.type, level: 'district', parent_id: provinceId, province_id: provinceId };
			})
		);
		const provinceOfDistrict = new Map(list.districts.map((d) => [d.code, provinceIds.get(d.parentCode!)!]));
		await insertUnits(
			tx,
			list.communes.map((u) => {
				const parentId = list.levels === 3 ? districtIds.get(u.parentCode!)! : provinceIds.get(u.parentCode!)!;
				const provinceId = list.levels === 3 ? provinceOfDistrict.get(u.parentCode!)! : parentId;
				return { hierarchy_id: hierarchyId, code: u.code, name: u.name, type: u.type, level: 'commune', parent_id: parentId, province_id: provinceId };
			})
		);
		const counts = await countUnitsByLevel(tx, hierarchyId);
		await recordAudit(tx, {
			actor: opts.actor,
			userId: opts.userId,
			action: 'import_units',
			entity: 'hierarchy',
			entityId: hierarchyId,
			source: opts.source,
			after: { asOf: opts.asOf, levels: list.levels, ...counts, contentHash },
			at: importedAt
		});
		return { status: 'created', hierarchyId, counts };
	});
}
