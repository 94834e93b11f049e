/**
 * The demo's reproducible story, modelled on Thái Bình's Kế hoạch 186/KH-UBND: targets
 * spread over the communes and the reports they sent up to a given instant. Pure.
 */
import { apportion } from '$lib/domain/apportion';
import { between, seededRandom } from '$lib/domain/random';
import { addDays, zonedInstant, type LocalDate } from '$lib/domain/time';

export const DEMO_TOTALS: Record<string, number> = { khai_sinh: 765_311, ket_hon: 280_130, khai_tu: 192_636 };
export const DEMO_DAYS = 21;
// Staff worked in shifts: a report in each window between the 06:00, 11:30 and 23:00 snapshots.
const REPORT_TIMES = ['05:30', '10:30', '16:30', '21:15'];
const SLOT_SHARE = [0.15, 0.35, 0.3, 0.2];

export interface DemoCommune {
	id: number;
	code: string;
	name: string;
	type: string;
}

export interface PlannedReport {
	communeId: number;
	recordType: string;
	asOf: Date;
	cumulative: number;
	note: string | null;
}

export interface DemoPlan {
	targets: PlannedTarget[];
	reports: PlannedReport[];
	earlyFinishers: DemoCommune[];
	behind: DemoCommune[];
	overTarget: DemoCommune;
	corrected: DemoCommune;
	silent: DemoCommune;
}

type Profile = 'early' | 'behind' | 'normal';

export interface PlannedTarget {
	communeId: number;
	recordType: string;
	target: number;
}

/** The day (0-based) of the noon up to which the story draws as the demo always did. */
const STORY_CUT_DAY = 9;
/** The silent commune has sent nothing for this long before the build. */
const SILENCE_MS = 30 * 3_600_000;
/** The day (0-based) from which the communes behind sprint to finish by the deadline. */
const SPRINT_FROM_DAY = 10;
const OVERSHOOT_REASON = 'Điều chỉnh giảm: rà soát lần cuối, loại bỏ hồ sơ khai sinh nhập trùng.';

/**
 * Targets that sum exactly to `totals` per record type, spread over the communes: a
 * commune's size varies; wards and towns hold somewhat larger registers.
 */
export function planTargets(communes: DemoCommune[], totals: Record<string, number>, random: () => number): PlannedTarget[] {
	const size = communes.map((c) => Math.exp(between(random, -0.6, 0.6)) * (c.type === 'Xã' ? 1 : 1.3));
	return Object.keys(totals).flatMap((type) => {
		const weights = size.map((s) => s * between(random, 0.85, 1.15));
		return apportion(totals[type], weights).map((target, i) => ({ communeId: communes[i].id, recordType: type, target }));
	});
}

/**
 * The story of a campaign over its whole window, cut at `now`: early finishers, communes far
 * behind until day 10 that sprint to finish by the deadline, one commune above target
 * (corrected down on the last day), one downward correction with its reason, one commune
 * silent for the last 30 hours before `now`. The reports up to `now` are a prefix of the
 * whole story, so the same campaign built later shows the same past. Targets are
 * Thái Bình's Kế hoạch 186 unless given.
 */
export function planDemo(communes: DemoCommune[], opts: { start: LocalDate; now: Date; timeZone: string; seed: number; targets?: PlannedTarget[] }): DemoPlan {
	const random = seededRandom(opts.seed);
	const targets = opts.targets ?? planTargets(communes, DEMO_TOTALS, random);
	const types = [...new Set(targets.map((t) => t.recordType))];
	const targetOf = new Map(targets.map((t) => [`${t.communeId}|${t.recordType}`, t.target]));

	// Who is who, drawn reproducibly; Thái Bình's 242 communes: 14 early, 26 behind.
	const order = shuffle(
		communes.map((_, i) => i),
		random
	);
	const early = Math.round((communes.length * 14) / 242);
	const behindEnd = Math.round((communes.length * 40) / 242);
	const profile = new Map<number, Profile>();
	order.forEach((index, k) => profile.set(communes[index].id, k < early ? 'early' : k < behindEnd ? 'behind' : 'normal'));
	const pick = (k: number) => communes[order[Math.min(k, communes.length - 1)]];
	const overTarget = pick(0);
	const corrected = pick(behindEnd + 20);
	const silent = pick(behindEnd + 21);

	// The story up to noon of day 10 draws from `random` exactly as the demo always did (a
	// demo built then is the same as before); the rest, and the silent commune's last 30
	// hours before that noon, from a second stream. What is drawn never depends on `now`.
	const cut = zonedInstant(addDays(opts.start, STORY_CUT_DAY), '12:00', opts.timeZone);
	const silenceFrom = new Date(cut.getTime() - SILENCE_MS);
	const later = seededRandom(opts.seed + 1_000_003);
	const story: (PlannedReport & { shownFrom?: Date })[] = [];
	const lastSlot = REPORT_TIMES.length - 1;
	for (const c of communes) {
		const p = profile.get(c.id)!;
		const speed = p === 'early' ? DEMO_DAYS / between(random, 5, 9) : p === 'behind' ? between(random, 0.25, 0.5) : between(random, 0.85, 1.2);
		const done = new Map(types.map((t) => [t, 0]));
		for (let day = 0; day < DEMO_DAYS; day++) {
			const date = addDays(opts.start, day);
			for (let slot = 0; slot < REPORT_TIMES.length; slot++) {
				const asOf = new Date(zonedInstant(date, REPORT_TIMES[slot], opts.timeZone).getTime() + Math.floor(random() * 25) * 60_000);
				const slotsLeft = (DEMO_DAYS - day) * REPORT_TIMES.length - slot;
				const draw = asOf <= cut && !(c.id === silent.id && asOf > silenceFrom) ? random : later;
				for (const type of types) {
					const target = targetOf.get(`${c.id}|${type}`)!;
					const cap = c.id === overTarget.id && type === 'khai_sinh' ? Math.ceil(target * 1.03) : target;
					const previous = done.get(type)!;
					let step = Math.round((target / DEMO_DAYS) * speed * SLOT_SHARE[slot] * between(draw, 0.6, 1.4));
					// From day 11 the communes behind sprint: every commune reaches its target by the deadline.
					if (day >= SPRINT_FROM_DAY) step = Math.max(step, Math.ceil(((cap - previous) / slotsLeft) * between(draw, 1, 1.6)));
					const next = day === DEMO_DAYS - 1 && slot === lastSlot ? cap : Math.min(cap, previous + step);
					if (next === previous && previous === cap) continue; // finished: nothing new to say
					done.set(type, next);
					story.push({ communeId: c.id, recordType: type, asOf, cumulative: next, note: null });
				}
				if (c.id === corrected.id && day === 2 && slot === 2) addMixedUpCounts(story, c.id, asOf, done);
			}
		}
		if (c.id === overTarget.id) {
			// The last day's review finds the duplicates: the commune ends exactly at its target.
			const asOf = zonedInstant(addDays(opts.start, DEMO_DAYS - 1), '21:50', opts.timeZone);
			story.push({ communeId: c.id, recordType: 'khai_sinh', asOf, cumulative: targetOf.get(`${c.id}|khai_sinh`)!, note: OVERSHOOT_REASON });
		}
	}
	const silentFrom = new Date(opts.now.getTime() - SILENCE_MS);
	const reports = story
		.filter((r) => r.asOf <= opts.now && (r.shownFrom === undefined || r.shownFrom <= opts.now) && !(r.communeId === silent.id && r.asOf > silentFrom))
		.map(({ shownFrom: _, ...r }) => r);
	return {
		targets,
		reports,
		earlyFinishers: communes.filter((c) => profile.get(c.id) === 'early'),
		behind: communes.filter((c) => profile.get(c.id) === 'behind'),
		overTarget,
		corrected,
		silent
	};
}

/**
 * The seeds' Tuy Phước story: a commune adds its death records to its births by mistake,
 * then corrects the figure downward an hour later, with a reason. The wrong figure is
 * shown only once its correction is in (a demo never stops on the mistake).
 */
function addMixedUpCounts(reports: (PlannedReport & { shownFrom?: Date })[], communeId: number, asOf: Date, done: Map<string, number>) {
	const births = done.get('khai_sinh')!;
	const wrong = births + (done.get('khai_tu') ?? 0);
	const correctedAt = new Date(asOf.getTime() + 3_600_000);
	reports.push({ communeId, recordType: 'khai_sinh', asOf: new Date(asOf.getTime() + 60_000), cumulative: wrong, note: null, shownFrom: correctedAt });
	reports.push({
		communeId,
		recordType: 'khai_sinh',
		asOf: correctedAt,
		cumulative: births,
		note: 'Điều chỉnh giảm: báo cáo trước cộng nhầm số khai tử vào khai sinh.'
	});
}

function shuffle<T>(items: T[], random: () => number): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}
