/** NFC, trimmed, inner white space collapsed: how every name is stored and compared. */
export function normalizeName(value: string): string {
	return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A key for matching headers and labels regardless of case, spacing and Unicode form. */
export function matchKey(value: string): string {
	return normalizeName(value)
		.toLocaleLowerCase('vi')
		.replace(/\s*\/\s*/g, ' / ');
}

/** A key for searching by name as people type it: no case, no diacritics ("hung ha" finds "Hưng Hà"). */
export function searchKey(value: string): string {
	return normalizeName(value).normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The five tone marks, as combining characters (NFD). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/u;
const TONE_MARKS_ALL = /[\u0300\u0301\u0303\u0309\u0323]/gu;
/** A Vietnamese vowel letter without its tone mark (NFC, lowercase). */
const VOWEL = /[aăâeêioôơuưy]/u;
/** Vowels whose own mark (breve, circumflex, horn) draws the tone mark. */
const MARKED_VOWEL = /[ăâêôơư]/u;

/**
 * One syllable with its tone mark on the vowel the modern rule uses: a vowel with its own
 * mark (ơ in ươ), else the last vowel of a closed syllable, else oa/oe/uy take it on their
 * second vowel (hoà, thuỵ), a three-vowel cluster on its middle one, any other pair on the
 * first (hài, mùa). "qu" and "gi" before a vowel are consonants.
 */
function placeTone(syllable: string): string {
	const decomposed = syllable.normalize('NFD');
	const tone = decomposed.match(TONE_MARKS)?.[0];
	if (!tone) return syllable;
	const letters = [...decomposed.replace(TONE_MARKS_ALL, '').normalize('NFC')];
	let start = letters.findIndex((c) => VOWEL.test(c));
	if (start < 0) return syllable;
	let end = start;
	while (end + 1 < letters.length && VOWEL.test(letters[end + 1])) end++;
	const initial = letters.slice(0, start).join('');
	if (end > start && ((initial === 'q' && letters[start] === 'u') || (initial === 'g' && letters[start] === 'i'))) start++;
	const cluster = letters.slice(start, end + 1).join('');
	const closed = end + 1 < letters.length;
	let at: number;
	const marked = [...cluster].map((c, i) => (MARKED_VOWEL.test(c) ? i : -1)).filter((i) => i >= 0);
	if (marked.length) at = marked.at(-1)!;
	else if (closed || cluster.length === 1) at = cluster.length - 1;
	else if (cluster.length === 3) at = 1;
	else at = ['oa', 'oe', 'uy'].includes(cluster) ? 1 : 0;
	letters[start + at] = (letters[start + at] + tone).normalize('NFC');
	return letters.join('');
}

/**
 * The key under which two spellings of one name match (issue 26): NFC, lowercase, inner
 * white space collapsed, and each syllable's tone mark on the vowel the modern rule uses,
 * so that "Hoà"/"Hòa", "Thuỵ"/"Thụy" and a decomposed (NFD) "Quỳnh" are one name. Every
 * comparison of unit or group names goes through it; stored names stay as written.
 */
export function nameKey(name: string): string {
	return normalizeName(name).toLocaleLowerCase('vi').split(' ').map(placeTone).join(' ');
}

/** `nameKey` without the unit's type word: "Xã Lộc Ninh" and "Phường Lộc Ninh" (a commune that became a ward) match. */
export function nameKeyWithoutType(name: string): string {
	return nameKey(name).replace(/^(xã|phường|thị trấn|đặc khu)\s+/, '');
}
