/** RFC 4180 CSV, as written by Excel in either locale (`,` or `;`). Pure. */

export interface CsvRecord {
	line: number; // 1-based line where the record starts
	cells: string[];
}

/** Picks `;` when the first line has more semicolons than commas outside quotes. */
export function detectDelimiter(text: string): ',' | ';' {
	let commas = 0;
	let semicolons = 0;
	let quoted = false;
	for (const ch of text) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && ch === ',') commas++;
		else if (!quoted && ch === ';') semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

export function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseCsv(input: string, delimiter = detectDelimiter(stripBom(input))): CsvRecord[] {
	const text = stripBom(input);
	const records: CsvRecord[] = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let line = 1;
	let recordLine = 1;
	let i = 0;
	const endRecord = () => {
		cells.push(cell);
		records.push({ line: recordLine, cells });
		cells = [];
		cell = '';
	};
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else {
				if (ch === '\n') line++;
				cell += ch;
			}
			i++;
			continue;
		}
		if (ch === '"' && cell === '') quoted = true;
		else if (ch === delimiter) {
			cells.push(cell);
			cell = '';
		} else if (ch === '\r' || ch === '\n') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else cell += ch;
		i++;
	}
	if (cell !== '' || cells.length > 0) endRecord();
	return records.filter((r) => r.cells.some((c) => c.trim() !== ''));
}
