/**
 * node-cron, wrapped once (DESIGN §5): named jobs that can be registered again with a new
 * time without a restart, never overlap themselves, and stop cleanly. Job bodies are plain
 * functions, tested without cron.
 */
import cron, { type ScheduledTask } from 'node-cron';

export interface JobSpec {
	name: string;
	/** Five-field cron expression, e.g. "30 11 * * *". */
	cron: string;
	timeZone?: string;
	run: () => unknown;
}

export class Scheduler {
	readonly #tasks = new Map<string, { task: ScheduledTask; signature: string }>();
	readonly #log: (message: string) => void;

	constructor(log: (message: string) => void = console.error) {
		this.#log = log;
	}

	/** Registers a job, replacing one of the same name when its time or zone changed. */
	register(job: JobSpec): void {
		const signature = `${job.cron}|${job.timeZone ?? ''}`;
		const existing = this.#tasks.get(job.name);
		if (existing?.signature === signature) return;
		if (existing) void existing.task.destroy();
		const task = cron.schedule(
			job.cron,
			async () => {
				try {
					await job.run();
				} catch (e) {
					this.#log(`job ${job.name} failed: ${String(e)}`);
				}
			},
			{ name: job.name, timezone: job.timeZone, noOverlap: true }
		);
		this.#tasks.set(job.name, { task, signature });
	}

	unregister(name: string): void {
		const existing = this.#tasks.get(name);
		if (!existing) return;
		void existing.task.destroy();
		this.#tasks.delete(name);
	}

	/** The registered jobs with their expressions, e.g. for an admin page or a test. */
	jobs(): { name: string; cron: string; nextRun: Date | null }[] {
		return [...this.#tasks].map(([name, { task, signature }]) => ({ name, cron: signature.split('|')[0], nextRun: task.getNextRun() }));
	}

	async stop(): Promise<void> {
		await Promise.all([...this.#tasks.values()].map(({ task }) => Promise.resolve(task.destroy())));
		this.#tasks.clear();
	}
}
