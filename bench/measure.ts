/** Timing and memory helpers: medians of interleaved runs after a warm-up, peak RSS sampled. */

export interface Measurement {
	medianMs: number;
	peakRssMb: number;
	runs: number;
}

type Task = () => Promise<unknown> | unknown;

/**
 * Measures tasks in alternation (a, b, a, b, …) so that a slow patch of a shared machine
 * hits all of them alike; their ratio is then steadier than that of back-to-back series.
 */
export async function measureInterleaved(tasks: Task[], runs = 5, warmup = 1): Promise<Measurement[]> {
	for (let i = 0; i < warmup; i++) for (const task of tasks) await task();
	const times = tasks.map(() => [] as number[]);
	const peaks = tasks.map(() => process.memoryUsage().rss);
	let running = 0;
	const sampler = setInterval(() => (peaks[running] = Math.max(peaks[running], process.memoryUsage().rss)), 5);
	try {
		for (let r = 0; r < runs; r++) {
			for (const [i, task] of tasks.entries()) {
				running = i;
				const started = performance.now();
				await task();
				times[i].push(performance.now() - started);
				peaks[i] = Math.max(peaks[i], process.memoryUsage().rss);
			}
		}
	} finally {
		clearInterval(sampler);
	}
	return times.map((t, i) => ({ medianMs: median(t), peakRssMb: peaks[i] / 1024 / 1024, runs }));
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export function ms(value: number): string {
	return value >= 100 ? `${Math.round(value).toLocaleString('vi-VN')} ms` : `${value.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ms`;
}

export function ratio(a: number, b: number): string {
	return `${(a / b).toLocaleString('vi-VN', { maximumFractionDigits: 2 })}×`;
}
