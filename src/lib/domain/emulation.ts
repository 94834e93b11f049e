/**
 * Fairer emulation (DESIGN §4, issue 27): "most improved" between two scheduled snapshots
 * and ranks within size brackets, so that units with large backlogs are not judged by
 * completion alone. Pure.
 */
import { formatCount } from './format';
import { compareForRanking, type Rankable } from './ranking';

/** A unit's completion as an exact fraction: C / T, or 1 / 1 when T = 0. */
interface Fraction {
	num: bigint;
	den: bigint;
}

const fractionOf = (credited: number, target: number): Fraction => (target === 0 ? { num: 1n, den: 1n } : { num: BigInt(credited), den: BigInt(target) });

export interface ImprovementInput {
	key: string;
	credited: number;
	target: number;
	/** At the previous scheduled snapshot; null when there was none or the unit was not in it. */
	before: { credited: number; target: number } | null;
}

export interface Improvement {
	/** Δpct = pct(now) − pct(previous), in percentage points; null without a previous figure. */
	points: number | null;
	/** 1, 2, 2, 4 by points desc; null for units with T = 0 or without a previous figure. */
	rank: number | null;
}

/** Δpct of every unit, and its rank among the units of the list that have a target. */
export function improvements(units: readonly ImprovementInput[]): Map<string, Improvement> {
	const out = new Map<string, Improvement>();
	const ranked: { key: string; delta: Fraction }[] = [];
	for (const u of units) {
		if (!u.before) {
			out.set(u.key, { points: null, rank: null });
			continue;
		}
		const now = fractionOf(u.credited, u.target);
		const then = fractionOf(u.before.credited, u.before.target);
		// now − then, exactly.
		const delta = { num: now.num * then.den - then.num * now.den, den: now.den * then.den };
		out.set(u.key, { points: (Number(delta.num) / Number(delta.den)) * 100, rank: null });
		if (u.target > 0) ranked.push({ key: u.key, delta });
	}
	const compare = (a: Fraction, b: Fraction) => {
		const x = b.num * a.den - a.num * b.den; // > 0 when b is ahead
		return x > 0n ? 1 : x < 0n ? -1 : 0;
	};
	ranked.sort((a, b) => compare(a.delta, b.delta) || a.key.localeCompare(b.key));
	ranked.forEach((r, i) => {
		const rank = i > 0 && compare(ranked[i - 1].delta, r.delta) === 0 ? out.get(ranked[i - 1].key)!.rank! : i + 1;
		out.get(r.key)!.rank = rank;
	});
	return out;
}

/** "+3,2 điểm %", "−0,5 điểm %", "0 điểm %". */
export function improvementLabel(points: number | null): string {
	if (points === null) return '';
	const rounded = Math.round(points * 10) / 10;
	const text = Math.abs(rounded).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
	return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${text} điểm %`;
}

export const MAX_BRACKET_THRESHOLDS = 5;
const MAX_THRESHOLD = 1_000_000_000;

/**
 * Bracket thresholds as the API or the form gives them: ascending positive whole numbers,
 * at most five. Returns the problem in Vietnamese, or the thresholds.
 */
export function checkBracketThresholds(value: unknown): { thresholds: number[] } | { problem: string } {
	if (!Array.isArray(value)) return { problem: 'phải là một danh sách số nguyên dương tăng dần (ví dụ [5000, 20000]).' };
	if (value.length > MAX_BRACKET_THRESHOLDS) return { problem: `nhiều nhất ${MAX_BRACKET_THRESHOLDS} ngưỡng (${MAX_BRACKET_THRESHOLDS + 1} nhóm quy mô).` };
	for (let i = 0; i < value.length; i++) {
		const v = value[i] as unknown;
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_THRESHOLD) return { problem: `ngưỡng «${String(v)}» phải là số nguyên dương (hồ sơ).` };
		if (i > 0 && v <= (value[i - 1] as number)) return { problem: `các ngưỡng phải tăng dần: ${formatCount(v)} không lớn hơn ${formatCount(value[i - 1] as number)}.` };
	}
	return { thresholds: value as number[] };
}

/** Thresholds typed on a form: "5.000, 20.000" or "5000; 20000" (dots group thousands). */
export function bracketThresholdsFromText(text: string): unknown[] {
	return text
		.split(/[\s,;]+/)
		.filter(Boolean)
		.map((v) => (/^\d{1,3}(\.\d{3})+$|^\d+$/.test(v) ? Number(v.replaceAll('.', '')) : v));
}

/** A unit's bracket by its total target: the number of thresholds at or below it (from 0). */
export function bracketOf(target: number, thresholds: readonly number[]): number {
	let i = 0;
	while (i < thresholds.length && target >= thresholds[i]) i++;
	return i;
}

/** "Dưới 5.000 hồ sơ", "Từ 5.000 đến dưới 20.000 hồ sơ", "Từ 20.000 hồ sơ trở lên". */
export function bracketLabel(bracket: number, thresholds: readonly number[]): string {
	if (thresholds.length === 0) return 'Tất cả';
	if (bracket === 0) return `Dưới ${formatCount(thresholds[0])} hồ sơ`;
	if (bracket >= thresholds.length) return `Từ ${formatCount(thresholds[thresholds.length - 1])} hồ sơ trở lên`;
	return `Từ ${formatCount(thresholds[bracket - 1])} đến dưới ${formatCount(thresholds[bracket])} hồ sơ`;
}

export interface BracketPlace {
	bracket: number;
	/** The place within the bracket, by the ranking rule (1, 2, 2, 4). */
	rank: number;
}

/** Each unit's bracket and its rank within it; nothing when no thresholds are set. */
export function bracketRanks<U extends Rankable & { key: string }>(units: readonly U[], thresholds: readonly number[]): Map<string, BracketPlace> {
	const out = new Map<string, BracketPlace>();
	if (thresholds.length === 0) return out;
	const brackets = new Map<number, U[]>();
	for (const u of units) {
		const b = bracketOf(u.target, thresholds);
		const list = brackets.get(b);
		if (list) list.push(u);
		else brackets.set(b, [u]);
	}
	for (const [bracket, list] of brackets) {
		const sorted = [...list].sort(compareForRanking);
		sorted.forEach((u, i) => {
			const rank = i > 0 && compareForRanking(sorted[i - 1], u) === 0 ? out.get(sorted[i - 1].key)!.rank : i + 1;
			out.set(u.key, { bracket, rank });
		});
	}
	return out;
}

/** Thresholds as stored (JSON); an unreadable value means none. */
export function parseStoredThresholds(json: string | null | undefined): number[] {
	if (!json) return [];
	try {
		const checked = checkBracketThresholds(JSON.parse(json));
		return 'thresholds' in checked ? checked.thresholds : [];
	} catch {
		return [];
	}
}
