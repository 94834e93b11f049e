/**
 * The demo's reproducible story, modelled on Thái Bình's Kế hoạch 186/KH-UBND: targets
 * spread over the communes and the reports they sent up to a given instant. Pure.
 */
import { apportion } from '../../domain/apportion';
import { between, seededRandom } from '../../domain/random';
import { addDays, zonedInstant, type LocalDate } from '../../domain/time';

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
	targets: { communeId: number; recordType: string; target: number }[];
	reports: PlannedReport[];
	earlyFinishers: DemoCommune[];
	behind: DemoCommune[];
	overTarget: DemoCommune;
	corrected: DemoCommune;
	silent: DemoCommune;
}

type Profile = 'early' | 'behind' | 'normal';

export function planDemo(
	communes: DemoCommune[],
	opts: { start: LocalDate; now: Date; timeZone: string; seed: number }
): DemoPlan {
	const random = seededRandom(opts.seed);
	const types = Object.keys(DEMO_TOTALS);

	// Targets: a commune's size varies; wards and towns hold somewhat larger registers.
	const size = communes.map((c) => Math.exp(between(random, -0.6, 0.6)) * (c.type === 'Xã' ? 1 : 1.3));
	const targets = types.flatMap((type) => {
		const weights = size.map((s) => s * between(random, 0.85, 1.15));
		return apportion(DEMO_TOTALS[type], weights).map((target, i) => ({ communeId: communes[i].id, recordType: type, target }));
	});
	const targetOf = new Map(targets.map((t) => [`${t.communeId}|${t.recordType}`, t.target]));

	// Who is who, drawn reproducibly.
	const order = shuffle(communes.map((_, i) => i), random);
	const profile = new Map<number, Profile>();
	order.forEach((index, k) => profile.set(communes[index].id, k < 14 ? 'early' : k < 40 ? 'behind' : 'normal'));
	const pick = (k: number) => communes[order[k]];
	const overTarget = pick(0);
	const corrected = pick(60);
	const silent = pick(61);

	const reports: PlannedReport[] = [];
	const silentFrom = new Date(opts.now.getTime() - 30 * 3_600_000);
	for (const c of communes) {
		const p = profile.get(c.id)!;
		const speed = p === 'early' ? DEMO_DAYS / between(random, 5, 9) : p === 'behind' ? between(random, 0.25, 0.5) : between(random, 0.85, 1.2);
		const done = new Map(types.map((t) => [t, 0]));
		for (let day = 0; day < DEMO_DAYS; day++) {
			const date = addDays(opts.start, day);
			for (let slot = 0; slot < REPORT_TIMES.length; slot++) {
				const asOf = new Date(zonedInstant(date, REPORT_TIMES[slot], opts.timeZone).getTime() + Math.floor(random() * 25) * 60_000);
				if (asOf > opts.now || (c.id === silent.id && asOf > silentFrom)) continue;
				for (const type of types) {
					const target = targetOf.get(`${c.id}|${type}`)!;
					const cap = c.id === overTarget.id && type === 'khai_sinh' ? Math.ceil(target * 1.03) : target;
					const step = Math.round((target / DEMO_DAYS) * speed * SLOT_SHARE[slot] * between(random, 0.6, 1.4));
					const previous = done.get(type)!;
					const next = Math.min(cap, previous + step);
					if (next === previous && previous === cap) continue; // finished: nothing new to say
					done.set(type, next);
					reports.push({ communeId: c.id, recordType: type, asOf, cumulative: next, note: null });
				}
				if (c.id === corrected.id && day === 2 && slot === 2) addMixedUpCounts(reports, c.id, asOf, done, opts.now);
			}
		}
	}
	const firstFinishers = communes.filter((c) => profile.get(c.id) === 'early');
	return {
		targets,
		reports,
		earlyFinishers: firstFinishers,
		behind: communes.filter((c) => profile.get(c.id) === 'behind'),
		overTarget,
		corrected,
		silent
	};
}

/**
 * The seeds' Tuy Phước story: a commune adds its death records to its births by mistake,
 * then corrects the figure downward an hour later, with a reason.
 */
function addMixedUpCounts(reports: PlannedReport[], communeId: number, asOf: Date, done: Map<string, number>, now: Date) {
	if (asOf.getTime() + 3_600_000 > now.getTime()) return;
	const births = done.get('khai_sinh')!;
	const wrong = births + done.get('khai_tu')!;
	reports.push({ communeId, recordType: 'khai_sinh', asOf: new Date(asOf.getTime() + 60_000), cumulative: wrong, note: null });
	reports.push({
		communeId,
		recordType: 'khai_sinh',
		asOf: new Date(asOf.getTime() + 3_600_000),
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
