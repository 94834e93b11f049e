/** NFC, trimmed, inner white space collapsed: how every name is stored and compared. */
export function normalizeName(value: string): string {
	return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A key for matching headers and labels regardless of case, spacing and Unicode form. */
export function matchKey(value: string): string {
	return normalizeName(value).toLocaleLowerCase('vi').replace(/\s*\/\s*/g, ' / ');
}

/** A key for searching by name as people type it: no case, no diacritics ("hung ha" finds "Hưng Hà"). */
export function searchKey(value: string): string {
	return normalizeName(value)
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase();
}
