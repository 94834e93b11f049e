/**
 * Reading a capacity file (issue 27): the template's columns Mã xã, Tên xã, Số máy,
 * Số ca/ngày, or any file with those headers. Every row is checked and each problem names
 * its row and column; the caller writes all rows or nothing. Pure.
 */
import { capacityProblems } from './capacity';
import { cellText, columnLetter, communeCode, parseCount, type SheetRow } from './count-sheet';
import type { Problem } from './errors';
import { matchKey } from './text';

export const CAPACITY_HEADERS = { commune: 'Mã xã', communeName: 'Tên xã', machines: 'Số máy', shiftsPerDay: 'Số ca/ngày' } as const;
const HEADER_ROWS = 10;

export interface CapacityLine {
	commune: string;
	machines: number;
	shiftsPerDay: number;
	where: Omit<Problem, 'message'>;
}

/** Reads a capacity file a row at a time: the header is the first row (of the first ten) with the three columns. */
export function capacityFileReader(file: string, sheet?: string) {
	const lines: CapacityLine[] = [];
	const problems: Problem[] = [];
	let columns: { commune: number; machines: number; shifts: number } | null = null;
	let seen = 0;
	return {
		add(row: SheetRow) {
			seen++;
			if (!columns) {
				if (seen > HEADER_ROWS) return;
				const header = row.cells.map((c) => matchKey(cellText(c)));
				const at = (...names: string[]) => header.findIndex((h) => names.some((n) => h === matchKey(n)));
				const found = {
					commune: at(CAPACITY_HEADERS.commune, 'Mã PX'),
					machines: at(CAPACITY_HEADERS.machines, 'Số máy tính'),
					shifts: at(CAPACITY_HEADERS.shiftsPerDay, 'Số ca', 'Số ca mỗi ngày')
				};
				if (found.commune >= 0 && found.machines >= 0 && found.shifts >= 0) columns = found;
				return;
			}
			const commune = communeCode(row.cells[columns.commune] ?? null);
			if (!/^\d{5}$/.test(commune)) return; // a title, blank or total row
			const where = (column: number) => ({ file, sheet, row: row.row, column: columnLetter(column) });
			// Each value is read and checked on its own, in column order, so that a row's problems are told at once.
			const value = (column: number, label: string, check: (v: number) => string | undefined): number | null => {
				const parsed = parseCount(row.cells[column] ?? null);
				const wrong = typeof parsed === 'string' ? parsed : check(parsed);
				if (wrong === undefined) return parsed as number;
				problems.push({ ...where(column), message: `${label}: ${wrong}` });
				return null;
			};
			const machines = value(columns.machines, CAPACITY_HEADERS.machines, (v) => capacityProblems(v, 1).machines);
			const shiftsPerDay = value(columns.shifts, CAPACITY_HEADERS.shiftsPerDay, (v) => capacityProblems(0, v).shiftsPerDay);
			if (machines !== null && shiftsPerDay !== null) lines.push({ commune, machines, shiftsPerDay, where: where(columns.commune) });
		},
		result(): { lines: CapacityLine[]; problems: Problem[] } {
			if (!columns)
				problems.push({
					file,
					sheet,
					message: `không thấy dòng tiêu đề có cột «${CAPACITY_HEADERS.commune}», «${CAPACITY_HEADERS.machines}» và «${CAPACITY_HEADERS.shiftsPerDay}» trong ${HEADER_ROWS} dòng đầu; hãy dùng tệp mẫu.`
				});
			else if (lines.length === 0 && problems.length === 0) problems.push({ file, sheet, message: 'tệp không có dòng nào ghi mã xã.' });
			return { lines, problems };
		}
	};
}
