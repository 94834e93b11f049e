/**
 * The health check of one app instance (issue 29): a load balancer (nginx, a container
 * orchestrator) sends traffic only to instances whose database answers, quickly.
 */
import { getDb } from '../db/instance';
import { dialectOf } from '../db/dialect';
import { databaseAnswers } from './repository';

/** Longer than this and the instance is reported unhealthy, rather than the check hanging. */
export const HEALTH_TIMEOUT_MS = 3_000;

export interface Health {
	ok: boolean;
	database: 'sqlite' | 'postgres' | null;
	ms: number;
	message?: string;
}

export async function checkHealth(timeoutMs = HEALTH_TIMEOUT_MS): Promise<Health> {
	const started = performance.now();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
	});
	try {
		const db = await Promise.race([getDb(), timeout]);
		const ok = await Promise.race([databaseAnswers(db), timeout]);
		return { ok, database: dialectOf(db), ms: Math.round(performance.now() - started) };
	} catch {
		return { ok: false, database: null, ms: Math.round(performance.now() - started), message: 'Cơ sở dữ liệu không trả lời.' };
	} finally {
		clearTimeout(timer);
	}
}
