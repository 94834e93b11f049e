/**
 * The statistics office's flat list of administrative units (DESIGN §3), as rows of
 * text from a CSV or XLSX file, checked and turned into a hierarchy. Pure.
 */
import { ValidationError, type Problem } from './errors';
import { matchKey, nameKey, normalizeName } from './text';

export interface ListedUnit {
	code: string;
	name: string;
	type: string;
	parentCode: string | null;
}

export interface UnitList {
	levels: 2 | 3;
	provinces: ListedUnit[];
	districts: ListedUnit[];
	communes: ListedUnit[];
}

export interface SourceRow {
	row: number; // as the user sees it: line in a CSV, row in a sheet
	cells: string[];
}

type Field = 'provinceCode' | 'provinceName' | 'districtCode' | 'districtName' | 'communeCode' | 'communeName' | 'communeType' | 'ignored';

const HEADERS = new Map<string, Field>([
	['mã tp', 'provinceCode'],
	['mã tỉnh', 'provinceCode'],
	['tỉnh / thành phố', 'provinceName'],
	['tỉnh thành phố', 'provinceName'],
	['mã qh', 'districtCode'],
	['mã huyện', 'districtCode'],
	['quận huyện', 'districtName'],
	['quận / huyện', 'districtName'],
	['mã px', 'communeCode'],
	['mã xã', 'communeCode'],
	['phường xã', 'communeName'],
	['phường / xã', 'communeName'],
	['cấp', 'communeType'],
	['tên tiếng anh', 'ignored']
]);

const CODE_WIDTH = { province: 2, district: 3, commune: 5 } as const;

export const COMMUNE_TYPES = ['Xã', 'Phường', 'Thị trấn', 'Đặc khu'];
const PROVINCE_TYPES = ['Thành phố', 'Tỉnh'];
const DISTRICT_TYPES = ['Thành phố', 'Thị xã', 'Quận', 'Huyện'];

const MAX_PROBLEMS = 50;

/** The type a name starts with ("Huyện Vũ Thư" → "Huyện"), in its canonical spelling. */
export function typeFromName(name: string, types: string[]): string | null {
	const key = matchKey(name);
	return types.find((t) => key === matchKey(t) || key.startsWith(matchKey(t) + ' ')) ?? null;
}

export function canonicalType(value: string, types: string[]): string | null {
	const key = matchKey(value);
	return types.find((t) => matchKey(t) === key) ?? null;
}

/** Digits only; a number that lost its leading zeros (Excel) is padded back. */
function normalizeCode(raw: string, width: number): string | null {
	const value = raw.trim();
	if (!/^\d+$/.test(value) || value.length > width) return null;
	return value.padStart(width, '0');
}

export function readUnitList(header: SourceRow, rows: SourceRow[], file: string): UnitList {
	const problems: Problem[] = [];
	const fail = (): never => {
		const shown = problems.slice(0, MAX_PROBLEMS);
		const more = problems.length > MAX_PROBLEMS ? `\n… và ${problems.length - MAX_PROBLEMS} lỗi khác.` : '';
		throw new ValidationError(`Không nhập được tệp ${file}: ${problems.length} lỗi, không có gì được ghi.${more}`, shown);
	};

	const columns = new Map<Field, number>();
	header.cells.forEach((raw, index) => {
		const label = normalizeName(raw);
		if (label === '') return;
		const field = HEADERS.get(matchKey(label));
		if (!field) {
			problems.push({ file, row: header.row, column: label, message: `cột «${label}» không có trong mẫu danh mục đơn vị hành chính.` });
		} else if (field !== 'ignored') {
			if (columns.has(field)) problems.push({ file, row: header.row, column: label, message: `cột «${label}» xuất hiện hai lần.` });
			columns.set(field, index);
		}
	});
	const hasDistricts = columns.has('districtCode') || columns.has('districtName');
	const required: Field[] = hasDistricts
		? ['provinceCode', 'provinceName', 'districtCode', 'districtName', 'communeCode', 'communeName', 'communeType']
		: ['provinceCode', 'provinceName', 'communeCode', 'communeName', 'communeType'];
	const labels: Record<string, string> = {
		provinceCode: 'Mã TP',
		provinceName: 'Tỉnh / Thành Phố',
		districtCode: 'Mã QH',
		districtName: 'Quận Huyện',
		communeCode: 'Mã PX',
		communeName: 'Phường Xã',
		communeType: 'Cấp'
	};
	for (const field of required) {
		if (!columns.has(field)) problems.push({ file, row: header.row, message: `thiếu cột «${labels[field]}».` });
	}
	if (problems.length) fail();
	if (rows.length === 0) {
		problems.push({ file, message: 'tệp không có dòng dữ liệu nào.' });
		fail();
	}

	const provinces = new Map<string, ListedUnit & { row: number }>();
	const districts = new Map<string, ListedUnit & { row: number }>();
	const communes = new Map<string, ListedUnit & { row: number }>();
	const cell = (r: SourceRow, f: Field) => normalizeName(r.cells[columns.get(f)!] ?? '');

	for (const r of rows) {
		if (problems.length > MAX_PROBLEMS) break;
		const at = (field: Field, message: string) => problems.push({ file, row: r.row, column: labels[field], message });

		const provinceCode = normalizeCode(cell(r, 'provinceCode'), CODE_WIDTH.province);
		const provinceName = cell(r, 'provinceName');
		const communeCode = normalizeCode(cell(r, 'communeCode'), CODE_WIDTH.commune);
		const communeName = cell(r, 'communeName');
		const communeType = canonicalType(cell(r, 'communeType'), COMMUNE_TYPES);
		const rowProblems = problems.length;

		// A row that names no commune lists a unit without communes (an island district).
		const unitOnly = !cell(r, 'communeCode') && !communeName && !cell(r, 'communeType');

		if (unitOnly) {
			/* nothing to check on the commune side */
		} else if (!cell(r, 'communeCode')) at('communeCode', 'thiếu mã xã.');
		else if (!communeCode) at('communeCode', `mã xã «${cell(r, 'communeCode')}» phải gồm 5 chữ số.`);
		if (!unitOnly && !communeName) at('communeName', 'thiếu tên xã.');
		if (!unitOnly && !communeType) at('communeType', `cấp «${cell(r, 'communeType')}» không hợp lệ (phải là ${COMMUNE_TYPES.join(', ')}).`);
		const child = unitOnly ? `dòng này` : `xã «${communeName}»`;
		if (!cell(r, 'provinceCode') || !provinceName) at('provinceCode', `${child} thiếu tỉnh (đơn vị cấp trên).`);
		else if (!provinceCode) at('provinceCode', `mã tỉnh «${cell(r, 'provinceCode')}» phải gồm 2 chữ số.`);

		let parentCode = provinceCode;
		if (hasDistricts) {
			const districtCode = normalizeCode(cell(r, 'districtCode'), CODE_WIDTH.district);
			const districtName = cell(r, 'districtName');
			if (unitOnly && !cell(r, 'districtCode') && !districtName) {
				/* a province-only row */
			} else if (!cell(r, 'districtCode') || !districtName) at('districtCode', `${child} thiếu huyện (đơn vị cấp trên).`);
			else if (!districtCode) at('districtCode', `mã huyện «${cell(r, 'districtCode')}» phải gồm 3 chữ số.`);
			else if (provinceCode) {
				const type = typeFromName(districtName, DISTRICT_TYPES);
				if (!type) at('districtName', `không nhận ra loại đơn vị của «${districtName}» (quận, huyện, thị xã, thành phố).`);
				const known = districts.get(districtCode);
				if (known && (nameKey(known.name) !== nameKey(districtName) || known.parentCode !== provinceCode)) {
					at('districtCode', `mã huyện ${districtCode} đã dùng cho «${known.name}» ở dòng ${known.row}.`);
				} else if (!known && type) {
					districts.set(districtCode, { code: districtCode, name: districtName, type, parentCode: provinceCode, row: r.row });
				}
			}
			parentCode = districtCode;
		}

		if (provinceCode && provinceName) {
			const type = typeFromName(provinceName, PROVINCE_TYPES);
			if (!type) at('provinceName', `không nhận ra loại đơn vị của «${provinceName}» (tỉnh, thành phố).`);
			const known = provinces.get(provinceCode);
			if (known && nameKey(known.name) !== nameKey(provinceName)) {
				at('provinceName', `mã tỉnh ${provinceCode} đã dùng cho «${known.name}» ở dòng ${known.row}.`);
			} else if (!known && type) {
				provinces.set(provinceCode, { code: provinceCode, name: provinceName, type, parentCode: null, row: r.row });
			}
		}

		if (!unitOnly && communeCode && problems.length === rowProblems) {
			const known = communes.get(communeCode);
			if (known) at('communeCode', `mã xã ${communeCode} trùng với dòng ${known.row} («${known.name}»).`);
			else communes.set(communeCode, { code: communeCode, name: communeName, type: communeType!, parentCode, row: r.row });
		}
	}
	if (problems.length) fail();

	const strip = ({ row: _row, ...unit }: ListedUnit & { row: number }): ListedUnit => unit;
	return {
		levels: hasDistricts ? 3 : 2,
		provinces: [...provinces.values()].map(strip),
		districts: [...districts.values()].map(strip),
		communes: [...communes.values()].map(strip)
	};
}
