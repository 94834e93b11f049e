/**
 * Capacity (DESIGN §4 "Capacity", issue 27): with the machines and shifts a commune has,
 * can it make its daily quota, and if not, how many more machines or shifts does it need?
 * Rests on the §4 evaluation: pace p and quota q are the evaluation's, never recomputed
 * here. Pure: the page's what-if runs these same functions in the browser.
 */
import { formatCount } from './format';
import { projectedFinish } from './progress';

export interface Capacity {
	machines: number; // m ≥ 0
	shiftsPerDay: number; // s ≥ 1
}

/** A campaign's capacity for communes nobody has set (DESIGN §4: 2 machines, 3 shifts). */
export const DEFAULT_CAPACITY: Capacity = { machines: 2, shiftsPerDay: 3 };
export const MAX_MACHINES = 1_000;
/** Three 8-hour shifts fill a day; four 6-hour ones are the most a room runs. */
export const MAX_SHIFTS_PER_DAY = 4;

export type Verdict = 'enough' | 'short' | 'unknown';

/** What a unit's plan needs from the evaluation: q (null when overdue) and p. */
export interface PlanFigure {
	dailyQuota: number | null;
	pace: number;
}

export interface Plan {
	machines: number;
	/** A commune's s; null for a parent, whose communes' shifts differ. */
	shiftsPerDay: number | null;
	machineShifts: number; // m·s (a parent: Σ m·s)
	/** ρ = p / (m·s) records per machine-shift; null when m·s = 0 or p = 0. */
	ratePerMachineShift: number | null;
	/** n = ceil(q / ρ), 0 when q = 0; null when overdue or when ρ does not exist (a parent: Σ n of its communes with a verdict). */
	neededMachineShifts: number | null;
	/** null when overdue. */
	verdict: Verdict | null;
	/** ceil(n / s) − m when short, 0 when enough; null otherwise (a parent: Σ of its communes'). */
	extraMachines: number | null;
	/** The alternative at the current machines: ceil(n / m) − s when short and m > 0, 0 when enough. */
	extraShifts: number | null;
	/** A parent's communes by verdict (a commune: 1 in its own). */
	shortCommunes: number;
	unknownCommunes: number;
	overdueCommunes: number;
}

export function machineShiftsOf(c: Capacity): number {
	return c.machines * c.shiftsPerDay;
}

/** ρ = p / (m·s), or null when m·s = 0 or p = 0. */
export function ratePerMachineShift(pace: number, c: Capacity): number | null {
	const ms = machineShiftsOf(c);
	return ms > 0 && pace > 0 ? pace / ms : null;
}

/**
 * n = ceil(q / ρ); 0 when q = 0; null when overdue (q null) or when ρ does not exist. The
 * tiny allowance keeps a quotient that is whole in exact arithmetic from rounding up.
 */
export function neededMachineShifts(quota: number | null, rate: number | null): number | null {
	if (quota === null) return null;
	if (quota <= 0) return 0;
	if (rate === null) return null;
	return Math.ceil(quota / rate - 1e-9);
}

/**
 * One commune's plan at capacity `c`. `rate` is the measured ρ; the what-if passes the ρ
 * measured at the capacity then in force, to see what another capacity would give.
 */
export function communePlan(f: PlanFigure, c: Capacity, rate: number | null = ratePerMachineShift(f.pace, c)): Plan {
	const ms = machineShiftsOf(c);
	const base = { machines: c.machines, shiftsPerDay: c.shiftsPerDay, machineShifts: ms, ratePerMachineShift: rate, shortCommunes: 0, unknownCommunes: 0, overdueCommunes: 0 };
	if (f.dailyQuota === null) return { ...base, neededMachineShifts: null, verdict: null, extraMachines: null, extraShifts: null, overdueCommunes: 1 };
	const n = neededMachineShifts(f.dailyQuota, rate);
	if (n === null) return { ...base, neededMachineShifts: null, verdict: 'unknown', extraMachines: null, extraShifts: null, unknownCommunes: 1 };
	if (n <= ms) return { ...base, neededMachineShifts: n, verdict: 'enough', extraMachines: 0, extraShifts: 0 };
	return {
		...base,
		neededMachineShifts: n,
		verdict: 'short',
		extraMachines: Math.ceil(n / c.shiftsPerDay) - c.machines,
		extraShifts: c.machines > 0 ? Math.ceil(n / c.machines) - c.shiftsPerDay : null,
		shortCommunes: 1
	};
}

/**
 * A district's, group's or province's plan: Σ m·s, Σ n and Σ extra machines of its
 * communes. Any unknown commune makes it unknown; else any short commune makes it short
 * (one commune's spare machines do not hide another's lack). Overdue: no verdict.
 */
export function parentPlan(f: PlanFigure, communes: Iterable<Plan>): Plan {
	let machines = 0,
		machineShifts = 0,
		needed = 0,
		extra = 0,
		shortCommunes = 0,
		unknownCommunes = 0,
		overdueCommunes = 0;
	for (const p of communes) {
		machines += p.machines;
		machineShifts += p.machineShifts;
		needed += p.neededMachineShifts ?? 0;
		extra += p.extraMachines ?? 0;
		shortCommunes += p.shortCommunes;
		unknownCommunes += p.unknownCommunes;
		overdueCommunes += p.overdueCommunes;
	}
	const verdict: Verdict | null = f.dailyQuota === null ? null : unknownCommunes > 0 ? 'unknown' : shortCommunes > 0 ? 'short' : 'enough';
	return {
		machines,
		shiftsPerDay: null,
		machineShifts,
		ratePerMachineShift: machineShifts > 0 && f.pace > 0 ? f.pace / machineShifts : null,
		neededMachineShifts: needed,
		verdict,
		extraMachines: extra,
		extraShifts: null,
		shortCommunes,
		unknownCommunes,
		overdueCommunes
	};
}

/** A unit of a campaign tree, as the plan walks it. */
export interface PlanUnit {
	key: string;
	parentKey: string | null;
	level: string;
}

/**
 * The plan of every unit of a tree: each commune's at its capacity (`capacityOf`), and each
 * unit above summing the communes under it. `figures` holds each unit's total figure.
 */
export function planTree(units: readonly PlanUnit[], figures: ReadonlyMap<string, PlanFigure>, capacityOfCommune: (key: string) => Capacity): Map<string, Plan> {
	const plans = new Map<string, Plan>();
	const parentOf = new Map(units.map((u) => [u.key, u.parentKey]));
	const under = new Map<string, Plan[]>();
	for (const u of units) {
		if (u.level !== 'commune') continue;
		const f = figures.get(u.key);
		if (!f) continue;
		const plan = communePlan(f, capacityOfCommune(u.key));
		plans.set(u.key, plan);
		for (let k = u.parentKey; k !== null && k !== undefined; k = parentOf.get(k) ?? null) {
			const list = under.get(k);
			if (list) list.push(plan);
			else under.set(k, [plan]);
		}
	}
	for (const u of units) {
		const f = figures.get(u.key);
		if (u.level !== 'commune' && f) plans.set(u.key, parentPlan(f, under.get(u.key) ?? []));
	}
	return plans;
}

/** The pace a capacity would give at the measured rate: ρ·m·s; the measured pace when there is no rate. */
export function paceWith(measuredPace: number, rate: number | null, c: Capacity): number {
	return rate === null ? measuredPace : rate * machineShiftsOf(c);
}

/** The projected finish (DESIGN §4: t + R/p) at the pace a capacity would give. */
export function projectedFinishWith(at: Date, remaining: number, measuredPace: number, rate: number | null, c: Capacity): Date | null {
	return projectedFinish(at, remaining, paceWith(measuredPace, rate, c));
}

/** A stored capacity revision: a commune's (communeId) or the campaign's default (null), from `at`. */
export interface CapacityRevision {
	communeId: number | null;
	machines: number;
	shiftsPerDay: number;
	at: string; // ISO instant it took effect
}

export interface CapacitiesInForce {
	default: Capacity;
	byCommune: Map<number, Capacity>;
}

/** The capacities in force at `at`: the latest revision at or before it of each commune and of the default. */
export function capacitiesAt(revisions: readonly CapacityRevision[], at: string): CapacitiesInForce {
	const result: CapacitiesInForce = { default: DEFAULT_CAPACITY, byCommune: new Map() };
	const sorted = revisions.filter((r) => r.at <= at).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
	for (const r of sorted) {
		const c = { machines: r.machines, shiftsPerDay: r.shiftsPerDay };
		if (r.communeId === null) result.default = c;
		else result.byCommune.set(r.communeId, c);
	}
	return result;
}

export function capacityOf(inForce: CapacitiesInForce, communeId: number): Capacity {
	return inForce.byCommune.get(communeId) ?? inForce.default;
}

/** A commune's capacity from a map by commune key whose '' entry is the default. */
export function capacityOfKey(byKey: ReadonlyMap<string, Capacity>, key: string): Capacity {
	return byKey.get(key) ?? byKey.get('') ?? DEFAULT_CAPACITY;
}

/** A capacity's problems as Vietnamese messages (none when valid). */
export function capacityProblems(machines: unknown, shiftsPerDay: unknown): { machines?: string; shiftsPerDay?: string } {
	const problems: { machines?: string; shiftsPerDay?: string } = {};
	if (typeof machines !== 'number' || !Number.isInteger(machines) || machines < 0 || machines > MAX_MACHINES)
		problems.machines = `số máy phải là số nguyên từ 0 đến ${formatCount(MAX_MACHINES)}.`;
	if (typeof shiftsPerDay !== 'number' || !Number.isInteger(shiftsPerDay) || shiftsPerDay < 1 || shiftsPerDay > MAX_SHIFTS_PER_DAY)
		problems.shiftsPerDay = `số ca mỗi ngày phải là số nguyên từ 1 đến ${MAX_SHIFTS_PER_DAY}.`;
	return problems;
}

export const VERDICT_LABELS: Record<Verdict, string> = { enough: 'Đủ', short: 'Thiếu', unknown: 'Chưa đủ dữ liệu' };

/** What a commune's head reads: "cần thêm 2 máy hoặc 1 ca/ngày", "đủ máy", "chưa đủ dữ liệu". */
export function planAdvice(p: Plan): string {
	if (p.verdict === null) return 'quá hạn, không còn tính năng lực';
	if (p.verdict === 'unknown') return p.machineShifts === 0 ? 'chưa đủ dữ liệu (chưa có máy)' : 'chưa đủ dữ liệu (chưa có tốc độ)';
	if (p.verdict === 'enough')
		return p.neededMachineShifts === 0 ? 'đã đạt chỉ tiêu' : `đủ máy (cần ${formatCount(p.neededMachineShifts!)}/${formatCount(p.machineShifts)} ca máy mỗi ngày)`;
	const shifts = p.extraShifts !== null && p.shiftsPerDay !== null && p.shiftsPerDay + p.extraShifts <= MAX_SHIFTS_PER_DAY ? ` hoặc ${formatCount(p.extraShifts)} ca/ngày` : '';
	return `cần thêm ${formatCount(p.extraMachines!)} máy${shifts}`;
}

/** The short section of a district's or group's chat text and mail: "Năng lực: thiếu 3 máy ở 2 xã". */
export function capacityHeadline(p: Plan, communeWord = 'xã'): string {
	if (p.verdict === null) return 'Năng lực: đã quá hạn.';
	const unknown = p.unknownCommunes > 0 ? `; chưa đủ dữ liệu ở ${formatCount(p.unknownCommunes)} ${communeWord}` : '';
	if (p.shortCommunes > 0) return `Năng lực: thiếu ${formatCount(p.extraMachines ?? 0)} máy ở ${formatCount(p.shortCommunes)} ${communeWord}${unknown}.`;
	return `Năng lực: đủ máy${p.unknownCommunes > 0 ? ` ở các ${communeWord} đã có tốc độ${unknown}` : ''}.`;
}
