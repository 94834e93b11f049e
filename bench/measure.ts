/** Timing and memory helpers: median of several runs after a warm-up, peak RSS sampled. */

export interface Measurement {
	medianMs: number;
	peakRssMb: number;
	runs: number;
}

export async function measure(fn: () => Promise<unknown> | unknown, runs = 5, warmup = 1): Promise<Measurement> {
	for (let i = 0; i < warmup; i++) await fn();
	const times: number[] = [];
	let peak = process.memoryUsage().rss;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	try {
		for (let i = 0; i < runs; i++) {
			const started = performance.now();
			await fn();
			times.push(performance.now() - started);
			peak = Math.max(peak, process.memoryUsage().rss);
		}
	} finally {
		clearInterval(sampler);
	}
	times.sort((a, b) => a - b);
	return { medianMs: times[Math.floor(times.length / 2)], peakRssMb: peak / 1024 / 1024, runs };
}

export function ms(value: number): string {
	return value >= 100 ? `${Math.round(value).toLocaleString('vi-VN')} ms` : `${value.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ms`;
}

export function ratio(a: number, b: number): string {
	return `${(a / b).toLocaleString('vi-VN', { maximumFractionDigits: 2 })}×`;
}
