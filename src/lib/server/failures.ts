import { randomBytes } from 'node:crypto';
import { isStorageFull, serverErrorMessage } from '../domain/errors';

export interface Failure {
	/** Short and readable over the phone; the same id is in the server's log. */
	id: string;
	storageFull: boolean;
	/** What the user is told (Vietnamese). */
	message: string;
}

/**
 * An unexpected error: logs it to stderr with its stack and a fresh id, and returns what the
 * user is told. `where` says what was being done, e.g. "POST /api/v1/campaigns/x/reports".
 */
export function reportFailure(error: unknown, where: string): Failure {
	const id = randomBytes(4).toString('hex').toUpperCase();
	const storageFull = isStorageFull(error);
	console.error(`[tiendo] error ${id} on ${where}${storageFull ? ' (storage full)' : ''}:`, error);
	return { id, storageFull, message: serverErrorMessage(id, storageFull) };
}
