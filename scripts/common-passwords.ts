/**
 * Writes `src/lib/server/auth/common-passwords.json`, the list a new password is checked
 * against (`passwordProblem` in `auth/passwords.ts`): passwords common in Vietnam first,
 * then the most frequent passwords of 8 characters or more of SecLists' "10 million
 * password list top 1M" (MIT licence, https://github.com/danielmiessler/SecLists,
 * `Passwords/Common-Credentials/10-million-password-list-top-1000000.txt`), lowercased,
 * without repeats, 10.000 in all.
 *
 *   npx tsx scripts/common-passwords.ts path/to/10-million-password-list-top-1000000.txt
 */
import { readFileSync, writeFileSync } from 'node:fs';

const VIETNAMESE = [
	'matkhau123',
	'matkhau@123',
	'matkhau1',
	'anhyeuem',
	'anhyeuem123',
	'emyeuanh',
	'iloveyou',
	'12345678',
	'123456789',
	'1234567890',
	'tiendo123',
	'hotich123',
	'tuphap123',
	'vietnam123',
	'vietnam1',
	'admin123',
	'admin@123',
	'quantri123',
	'abc12345',
	'abcd1234',
	'123456aa',
	'123456a@',
	'qwerty123',
	'password1',
	'11111111',
	'88888888',
	'66666666',
	'99999999',
	'12341234',
	'0123456789',
	'1q2w3e4r',
	'a123456789',
	'thaibinh',
	'thaibinh123',
	'hanoi123',
	'saigon123'
];
const SIZE = 10_000;
const MIN_LENGTH = 8;

const source = process.argv[2];
if (!source) throw new Error('usage: tsx scripts/common-passwords.ts <SecLists top-1M list>');
const list = new Set(VIETNAMESE);
for (const line of readFileSync(source, 'utf8').split(/\r?\n/)) {
	if (list.size >= SIZE) break;
	const password = line.trim().toLowerCase();
	if (password.length >= MIN_LENGTH) list.add(password);
}
writeFileSync(new URL('../src/lib/server/auth/common-passwords.json', import.meta.url), `[\n${[...list].map((p) => `\t${JSON.stringify(p)}`).join(',\n')}\n]\n`);
