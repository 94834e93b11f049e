import { hash, verify } from '@node-rs/argon2';
import COMMON_PASSWORDS from './common-passwords.json';

const ARGON2ID = 2; // Algorithm.Argon2id, a const enum that cannot be imported here

/** argon2id at OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). */
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFC'), PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFC'));
	} catch {
		return false;
	}
}

let commonPasswords: Set<string> | undefined;

/**
 * Why a new password is refused, in Vietnamese, or null. NIST-style: a length, no
 * composition rules, and not one of the bundled common passwords (nor the username);
 * the list and the script that writes it: `common-passwords.json`, `scripts/common-passwords.ts`.
 */
export function passwordProblem(password: string, username = ''): string | null {
	const length = [...password.normalize('NFC')].length;
	if (length < MIN_PASSWORD_LENGTH) return `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
	if (length > MAX_PASSWORD_LENGTH) return `Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự.`;
	commonPasswords ??= new Set(COMMON_PASSWORDS);
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower) || (username !== '' && lower === username.toLowerCase()))
		return 'Mật khẩu này quá phổ biến, dễ bị đoán ra. Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.';
	return null;
}
