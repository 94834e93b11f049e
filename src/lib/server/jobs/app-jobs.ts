/**
 * The app's scheduled work (issue 6): one cron job per campaign and snapshot time in the
 * campaign's zone, and a minute tick that catches up what cron missed (the process was
 * down or busy: node-cron never replays a run) and sends due mail.
 */
import { cronOfTime } from '$lib/domain/slots';
import { onCampaignsChanged } from '../campaigns/events';
import { listActiveCampaigns } from '../campaigns/repository';
import type { Database } from '../db';
import { queueDeliveries, sendDueDeliveries, type MailTransport } from '../delivery/service';
import { queueWebhooks } from '../delivery/webhooks';
import { ownerName, runDueSlots, type TakenSlot } from '../snapshots/service';
import { Scheduler } from './scheduler';

export interface AppJobsOptions {
	/** Mail for scheduled reports; null sends none. */
	transport: MailTransport | null;
	log?: (message: string) => void;
	now?: () => Date;
	/** Lease owner name; distinct per process. */
	owner?: string;
}

export interface AppJobs {
	scheduler: Scheduler;
	/** Takes due slots and queues their mail, one tick at a time; then starts sending due mail. */
	tick(): Promise<TakenSlot[]>;
	/** Sends due mail and webhooks, unless a send is already under way; resolves when it is done. */
	sendMail(): Promise<unknown>;
	/** Re-registers each campaign's snapshot times. */
	sync(): Promise<void>;
	stop(): Promise<void>;
}

export function startAppJobs(db: Database, opts: AppJobsOptions): AppJobs {
	const log = opts.log ?? ((m: string) => console.error(`[tiendo] ${m}`));
	const now = opts.now ?? (() => new Date());
	const owner = opts.owner ?? ownerName();
	const scheduler = new Scheduler(log);
	let running: Promise<TakenSlot[]> = Promise.resolve([]);
	let sending: Promise<unknown> | null = null;
	let stopped = false;

	// Mail and webhooks run on their own: a slow or unreachable receiver never holds up the next slot.
	function sendMail(): Promise<unknown> {
		if (sending) return sending;
		sending = sendDueDeliveries(db, opts.transport, { now: now(), log })
			.catch((e) => log(`mail failed: ${String(e)}`))
			.finally(() => (sending = null));
		return sending;
	}

	async function work(): Promise<TakenSlot[]> {
		const taken = await runDueSlots(db, owner, now(), log);
		// A catch-up after downtime mails and posts only the newest slot of each campaign.
		for (const t of taken) {
			if (t.snapshot.kind !== 'scheduled' && !t.newest) continue;
			if (opts.transport) await queueDeliveries(db, t.campaign, t.snapshot, now());
			await queueWebhooks(db, t.campaign, t.snapshot, now());
		}
		// Every tick: new deliveries, and retries that have come due.
		void sendMail();
		return taken;
	}

	const tick = (): Promise<TakenSlot[]> => {
		if (stopped) return Promise.resolve([]);
		running = running.then(work, work).catch((e) => {
			log(`tick failed: ${String(e)}`);
			return [];
		});
		return running;
	};

	async function sync(): Promise<void> {
		const wanted = new Set<string>(['tick']);
		const campaigns = await listActiveCampaigns(db);
		if (stopped) return;
		for (const campaign of campaigns) {
			for (const time of campaign.snapshotTimes) {
				const name = `snapshot:${campaign.code}:${time}`;
				wanted.add(name);
				scheduler.register({ name, cron: cronOfTime(time), timeZone: campaign.timeZone, run: tick });
			}
		}
		for (const job of scheduler.jobs()) if (!wanted.has(job.name)) scheduler.unregister(job.name);
	}

	scheduler.register({
		name: 'tick',
		cron: '* * * * *',
		run: async () => {
			await sync();
			await tick();
		}
	});
	const unsubscribe = onCampaignsChanged(() => void sync().catch((e) => log(`sync failed: ${String(e)}`)));
	void sync()
		.then(tick)
		.catch((e) => log(`start failed: ${String(e)}`));

	return {
		scheduler,
		tick,
		sendMail,
		sync,
		async stop() {
			stopped = true;
			unsubscribe();
			await scheduler.stop();
			await running;
			await sending;
		}
	};
}
