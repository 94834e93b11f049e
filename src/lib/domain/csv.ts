/** RFC 4180 CSV, as written by Excel in either locale (`,` or `;`). Pure. */

export interface CsvRecord {
	line: number; // 1-based line where the record starts
	cells: string[];
}

/**
 * Picks `;` when the first line with either separator (a title line above the header may
 * have none), within the first 60 line breaks, has more semicolons than commas outside quotes.
 * Self-contained: the upload worker runs its source.
 */
export function detectDelimiter(text: string): ',' | ';' {
	let commas = 0;
	let semicolons = 0;
	let quoted = false;
	let lines = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quoted = !quoted;
		else if (quoted) continue;
		else if (c === 10 || c === 13) {
			if (commas + semicolons > 0 || ++lines >= 60) break;
		} else if (c === 44) commas++;
		else if (c === 59) semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

export function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads the records of a CSV text one at a time, empty lines included, calling `each` with
 * each; `each` returns false to stop. A record with more than `maxCells` cells is cut after
 * its `maxCells + 1`th cell, given to `each`, and the reading stops there: a line of ten
 * million semicolons is never held as ten million cells. Cells are sliced from the text,
 * not built a character at a time.
 *
 * Self-contained (it uses nothing outside itself): the upload worker runs its source.
 */
export function scanCsv(text: string, delimiter: string, each: (record: CsvRecord) => boolean | void, maxCells = Infinity): void {
	const separator = delimiter.charCodeAt(0);
	const length = text.length;
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let line = 1;
	let recordLine = 1;
	let run = 0; // where the characters not yet added to `cell` start
	let i = 0;
	while (i < length) {
		const c = text.charCodeAt(i);
		if (quoted) {
			if (c === 34) {
				cell += text.slice(run, i);
				if (text.charCodeAt(i + 1) === 34) {
					cell += '"';
					i += 2;
				} else {
					quoted = false;
					i++;
				}
				run = i;
				continue;
			}
			if (c === 10) line++;
			i++;
			continue;
		}
		if (c === 34 && cell === '' && run === i) {
			quoted = true;
			run = ++i;
		} else if (c === separator) {
			cells.push(cell + text.slice(run, i));
			cell = '';
			run = ++i;
			if (cells.length > maxCells) {
				each({ line: recordLine, cells });
				return;
			}
		} else if (c === 13 || c === 10) {
			cells.push(cell + text.slice(run, i));
			cell = '';
			if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
			run = ++i;
			if (each({ line: recordLine, cells }) === false) return;
			cells = [];
			line++;
			recordLine = line;
		} else i++;
	}
	const last = cell + text.slice(run, i);
	if (last !== '' || cells.length > 0) each({ line: recordLine, cells: [...cells, last] });
}

/** Every record with at least one non-blank cell. */
export function parseCsv(input: string, delimiter = detectDelimiter(stripBom(input))): CsvRecord[] {
	const records: CsvRecord[] = [];
	scanCsv(stripBom(input), delimiter, (r) => {
		if (r.cells.some((c) => c.trim() !== '')) records.push(r);
	});
	return records;
}

/**
 * The line (1-based) of the first bytes that are not UTF-8, or null when all are.
 * Self-contained: the upload worker runs its source.
 */
export function badUtf8Line(bytes: Uint8Array): number | null {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return null;
	} catch {
		// found below, line by line (a line break is never inside a character)
	}
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let line = 1;
	for (let start = 0; start < bytes.length; line++) {
		const end = bytes.indexOf(0x0a, start);
		const stop = end < 0 ? bytes.length : end + 1;
		try {
			decoder.decode(bytes.subarray(start, stop));
		} catch {
			return line;
		}
		start = stop;
	}
	return line;
}

/**
 * A cell as written into a CSV that people open in a spreadsheet: text that a spreadsheet
 * would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
 * gets a leading apostrophe, as OWASP advises; plain numbers such as `-2` stay as they are.
 * Quoted when it holds a quote, a delimiter or a line break.
 */
export function csvField(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d[\d.,]*$/.test(value) ? `'${value}` : value;
	return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The text of a CSV as Excel saves one on a Vietnamese Windows: «CSV UTF-8» (with a BOM),
 * or plain «CSV» in the Windows code page, Windows-1258, whose tone marks are combining
 * characters (turned into the composed letters here). UTF-16 («Unicode Text») is not a CSV.
 * Self-contained: the upload worker runs its source.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1258' } | { utf16: true } {
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { utf16: true };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1258').decode(bytes).normalize('NFC'), encoding: 'windows-1258' };
	}
}
