/**
 * Finding the table in a sheet as people lay it out (DESIGN §6: Excel is the lingua franca):
 * the header row is the first of the first rows that has the columns a reader expects;
 * title rows above it, an STT column, blank rows and total rows («Tổng cộng», «Cộng»,
 * «Tổng») are recognised, left out, and said once in a note. Pure; the one recognition the
 * count, target, group and account readers share.
 */
import { matchKey } from './text';

/** A cell as read from a file: empty, a number, text, a formula with its cached result, or an error such as `#N/A`. */
export type RawCell = null | number | string | { formula: true; result: number | string | null } | { error: string };

export interface SheetRow {
	row: number; // 1-based, as the spreadsheet shows it
	cells: RawCell[]; // index 0 is column A
}

/** How many non-blank rows from the top may hold the header (title rows above it). */
export const HEADER_SEARCH_ROWS = 20;

export function columnLetter(index: number): string {
	let s = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

export function cellText(cell: RawCell): string {
	// A sheet's row may have holes (cells never written): undefined once sent from the worker.
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'number') return String(cell);
	if (typeof cell === 'string') return cell.normalize('NFC').trim();
	if ('error' in cell) return cell.error;
	return cell.result === null ? '' : String(cell.result);
}

/** A row's cells as header labels: compared regardless of case, spacing and Unicode form. */
export function headerLabels(row: SheetRow): string[] {
	return row.cells.map((c) => matchKey(cellText(c)));
}

/** Whether a header names the running-number column: STT, TT, Số TT, Số thứ tự, No. */
export function isSttLabel(label: string): boolean {
	return /^(stt|tt|số tt|số thứ tự|thứ tự|no\.?|#)$/.test(matchKey(label).replace(/\.$/, ''));
}

/**
 * The label of a total row: its first non-blank cell, when that is text such as «Tổng
 * cộng», «Cộng huyện Vũ Thư», «Tổng số» or «TỔNG» (never «Cộng hòa…»), else null.
 */
export function totalLabel(row: SheetRow): string | null {
	const first = row.cells.find((c) => cellText(c) !== '');
	if (typeof first !== 'string' && !(first !== null && typeof first === 'object' && 'result' in first && typeof first.result === 'string')) return null;
	const key = matchKey(cellText(first));
	if (/^cộng hòa/.test(key)) return null;
	// A bare «Cộng» starts commune names too (Cộng Lạc): only on its own or before a unit's word.
	const total = /^(tổng cộng|tổng số|tổng|total)(?=$|[\s:(-])/.test(key) || /^cộng(?=$|\s*:|\s+(huyện|quận|thị xã|thành phố|tp\.?|cụm|khối|toàn|các|chung)(\s|$))/.test(key);
	return total ? cellText(first) : null;
}

/** Whether a cell holds a number, or text that is a number or a code (`13192`, `1.234`). */
const numeric = (cell: RawCell) => {
	const text = cellText(cell);
	return text !== '' && (typeof cell === 'number' || /^[\d.\s]+$/.test(text));
};

export interface LayoutSpec {
	/** Whether a row's labels (see `headerLabels`) are the reader's header row. */
	isHeader(labels: string[]): boolean;
	/** The header row of our own template: the rows above it are its title, not worth a note. */
	templateHeaderRow?: number;
}

/** What a row is, as the layout sees it. */
export type RowRole = 'title' | 'header' | 'data' | 'skipped' | 'beyond';

const LISTED_TOTALS = 5;

/**
 * The layout of a sheet read a row at a time (blank rows may be left out by the sender):
 * `take` says what each row is. Before the header: `title` (or `beyond` once the first
 * HEADER_SEARCH_ROWS rows had none). After it: `data`, or `skipped` for a row that is blank
 * but for its STT, a total row, or a signature or note line below a total row.
 */
export function sheetLayout(spec: LayoutSpec) {
	let seen = 0;
	let headerRow = 0;
	let sttColumn: number | null = null;
	let titleRows = 0;
	let blankRows = 0;
	let lastRow = 0;
	let pendingGap = 0;
	let afterTotal = false;
	let footerRows = 0;
	const totals: { row: number; label: string }[] = [];

	const blankButStt = (row: SheetRow) => row.cells.every((c, i) => i === sttColumn || cellText(c) === '');

	return {
		take(row: SheetRow): RowRole {
			seen++;
			if (!headerRow) {
				if (seen > HEADER_SEARCH_ROWS) return 'beyond';
				const labels = headerLabels(row);
				if (!spec.isHeader(labels)) {
					titleRows++;
					return 'title';
				}
				headerRow = lastRow = row.row;
				const stt = labels.findIndex(isSttLabel);
				sttColumn = stt >= 0 ? stt : null;
				return 'header';
			}
			// Rows missing between two rows are blank; counted once a row follows them.
			pendingGap += Math.max(0, row.row - lastRow - 1);
			lastRow = row.row;
			if (blankButStt(row)) {
				pendingGap++;
				return 'skipped';
			}
			const total = totalLabel(row);
			if (total !== null) {
				totals.push({ row: row.row, label: total });
				afterTotal = true;
				pendingGap = 0;
				return 'skipped';
			}
			// Below a total: «Người lập biểu», «Hưng Yên, ngày …», lines with no number or code.
			if (afterTotal && !row.cells.some((c, i) => i !== sttColumn && numeric(c))) {
				footerRows++;
				pendingGap = 0;
				return 'skipped';
			}
			blankRows += pendingGap;
			pendingGap = 0;
			return 'data';
		},
		/** The header's row (0 while none is found). */
		get headerRow() {
			return headerRow;
		},
		/** The STT column's index, which a reader leaves alone. */
		get sttColumn() {
			return sttColumn;
		},
		/** What was left out, each said once: e.g. ["cột STT (A)", "2 dòng tiêu đề", "dòng 45 «Tổng cộng»"]. */
		skipped(): string[] {
			const parts: string[] = [];
			if (sttColumn !== null) parts.push(`cột STT (${columnLetter(sttColumn)})`);
			if (titleRows && headerRow !== spec.templateHeaderRow) parts.push(`${titleRows} dòng tiêu đề`);
			if (blankRows) parts.push(`${blankRows} dòng trống`);
			const listed = totals.slice(0, LISTED_TOTALS).map((t) => `dòng ${t.row} «${t.label.slice(0, 60)}»`);
			if (totals.length > LISTED_TOTALS) listed.push(`và ${totals.length - LISTED_TOTALS} dòng tổng khác`);
			if (listed.length) parts.push(listed.join(', '));
			if (footerRows) parts.push(`${footerRows} dòng ghi chú, chữ ký dưới dòng tổng`);
			return parts;
		}
	};
}

/** The note a preview shows for what a layout left out, or null when nothing was. */
export function skippedNote(parts: string[]): string | null {
	return parts.length ? `Đã bỏ qua: ${parts.join('; ')}.` : null;
}

/**
 * The first sheet whose first rows hold the header a reader expects, among samples of a
 * workbook's sheets (in the workbook's order), or null when none does.
 */
export function sheetWithHeader(samples: { name: string; rows: SheetRow[] }[], isHeader: LayoutSpec['isHeader']): string | null {
	return samples.find((s) => s.rows.slice(0, HEADER_SEARCH_ROWS).some((r) => isHeader(headerLabels(r))))?.name ?? null;
}
