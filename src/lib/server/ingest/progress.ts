/**
 * How far the reading of an upload has got, for the page's progress bar. In memory: a
 * reading lives as long as its request, on the instance that serves it.
 */
export interface ReadingState {
	phase: 'reading' | 'checking' | 'done';
	rows: number;
	total: number;
}

const readings = new Map<string, ReadingState & { at: number }>();
const KEY = /^[0-9a-zA-Z-]{8,64}$/;

export function startReading(userId: number, key: string | null): { update: (s: ReadingState) => void; end: () => void } {
	if (!key || !KEY.test(key)) return { update: () => {}, end: () => {} };
	const id = `${userId}:${key}`;
	const now = Date.now();
	for (const [k, v] of readings) if (now - v.at > 10 * 60_000) readings.delete(k);
	readings.set(id, { phase: 'reading', rows: 0, total: 0, at: now });
	return {
		update: (s) => readings.set(id, { ...s, at: Date.now() }),
		end: () => readings.set(id, { phase: 'done', rows: 0, total: 0, at: Date.now() })
	};
}

export function readingOf(userId: number, key: string): ReadingState | null {
	const state = readings.get(`${userId}:${key}`);
	return state ? { phase: state.phase, rows: state.rows, total: state.total } : null;
}
