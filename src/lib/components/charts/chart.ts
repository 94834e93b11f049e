import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { Attachment } from 'svelte/attachments';

/** The chart types the app draws; their controllers are registered in `draw` below. */
export type LineChartConfiguration = ChartConfiguration<'line', { x: number; y: number }[]>;
export type LineTooltipItem = TooltipItem<'line'>;

/**
 * chart.js on a canvas, as a Svelte attachment: `<canvas {@attach chart(config)}>`. Svelte
 * re-runs the attachment whenever `config` changes (a new moment, another unit), so the old
 * chart is destroyed and a new one drawn from the new data; it is destroyed too when the
 * canvas leaves the page. chart.js is loaded after the page shows: the figures around a
 * chart never wait for it. The only place that imports chart.js (DESIGN §5).
 */
export function chart(config: LineChartConfiguration): Attachment<HTMLCanvasElement> {
	return (canvas) => {
		let drawn: { destroy(): void } | undefined;
		let cancelled = false;
		void import('chart.js').then(({ Chart, LineController, LineElement, PointElement, LinearScale, Legend, Tooltip }) => {
			if (cancelled) return;
			Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
			Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
			drawn = new Chart(canvas, config);
		});
		return () => {
			cancelled = true;
			drawn?.destroy();
		};
	};
}
