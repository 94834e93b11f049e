/**
 * The summary of a snapshot for a chat group (issue 25 item 1): the title and time, done /
 * target and %, the change since the previous scheduled snapshot, today's quota, the
 * projected finish and status, the top and bottom units with their rank and movement, and
 * the roll-call naming the communes that have not reported (DESIGN §4). Plain Vietnamese
 * text, short enough for one Zalo message. Pure.
 */
import { capacityHeadline, capacityOfKey, planTree, type Plan } from './capacity';
import { TOTAL } from './evaluate';
import { formatCount, formatDate, formatDateTime, formatPct } from './format';
import { STATUS_LABELS } from './labels';
import { wordsOfMiddle } from './levels';
import { leaderboard, type LeaderRow } from './leaderboard';
import { rollCallHeadline, rollCallOf, sinceLabel, type RollCall } from './roll-call';
import { figureOf, KIND_LABELS, middleLevel, movementLabel, type SnapshotData, type SnapshotUnit } from './snapshot';

/** The plan (DESIGN §4 "Capacity") of a district or group of the snapshot and its communes, at the capacities in force at the slot. */
export function snapshotPlans(data: SnapshotData, unitKey: string): Map<string, Plan> {
	const capacities = data.capacities ?? new Map();
	const units = data.units.filter((u) => u.key === unitKey || u.parentKey === unitKey);
	const figures = new Map(
		units.flatMap((u) => {
			const f = figureOf(data, u.key, TOTAL);
			return f ? [[u.key, f] as const] : [];
		})
	);
	return planTree(
		units.map((u) => (u.key === unitKey ? { ...u, parentKey: null } : u)),
		figures,
		(key) => capacityOfKey(capacities, key)
	);
}

/** Zalo's limit for one text message. */
export const CHAT_MAX_CHARS = 2000;
/** How many units the text names at the top and at the bottom of the table. */
const SHOWN = 3;

/** "11:30 ngày 06/12/2026". */
export function slotLabel(instant: string, timeZone: string): string {
	const [time, date] = formatDateTime(instant, timeZone).split(' ');
	return `${time} ngày ${date}`;
}

/** A national campaign's provinces, in a count or a ranking: "34 tỉnh, thành phố". */
const PROVINCES_SHORT = 'tỉnh, thành phố';

/** The unit a summary is about: the province by default, else a district, group or commune of the snapshot. */
export function summaryUnit(data: SnapshotData, unitKey?: string): SnapshotUnit | undefined {
	// The root: the province, or the nation of a national campaign (issue 29).
	return unitKey === undefined ? data.units.find((u) => u.parentKey === null) : data.units.find((u) => u.key === unitKey);
}

function signedCount(n: number): string {
	return n < 0 ? `giảm ${formatCount(-n)}` : `tăng ${formatCount(n)}`;
}

function rankLine(r: LeaderRow): string {
	return `${r.rank}. ${r.name}: ${formatPct(r.pct)} (${movementLabel(r.rankChange)})`;
}

/** The roll-call's names, grouped by parent when the list spans several, cut to fit `room` characters. */
function rollCallNames(roll: RollCall, byParent: boolean, room: number): string {
	const parts: string[] = [];
	if (byParent) {
		const groups = new Map<string, string[]>();
		for (const c of roll.missing) groups.set(c.parentName ?? '', [...(groups.get(c.parentName ?? '') ?? []), c.name]);
		for (const [parent, names] of groups) parts.push(...names.map((n, i) => (i === 0 && parent ? `${parent}: ${n}` : n)));
	} else parts.push(...roll.missing.map((c) => c.name));
	let text = '';
	for (let i = 0; i < parts.length; i++) {
		const sep = i === 0 ? '' : byParent && parts[i].includes(': ') ? '; ' : ', ';
		const more = parts.length - i;
		const tail = ` … và ${formatCount(more)} xã khác.`;
		if (text.length + sep.length + parts[i].length + (more > 1 ? tail.length : 1) > room) return `${text}${tail}`;
		text += sep + parts[i];
	}
	return `${text}.`;
}

/**
 * The chat text of a snapshot for the province (default) or one of its districts or groups;
 * at most `maxChars` characters, the roll-call cut short first.
 */
export function summaryText(data: SnapshotData, unitKey?: string, maxChars = CHAT_MAX_CHARS): string {
	const unit = summaryUnit(data, unitKey);
	const f = unit && figureOf(data, unit.key, TOTAL);
	if (!unit || !f) throw new Error(`unit ${unitKey ?? 'province'} is not in snapshot ${data.id}`);
	const tz = data.timeZone;
	const middle = middleLevel(data);
	const w = wordsOfMiddle(middle);
	const kind = data.kind === 'scheduled' || data.kind === 'instant' ? '' : ` (${KIND_LABELS[data.kind].toLocaleLowerCase('vi-VN')})`;
	const lines = [`TIẾN ĐỘ SỐ HÓA HỘ TỊCH – ${unit.name.toLocaleUpperCase('vi-VN')}`, data.campaignName, `Số liệu chốt lúc ${slotLabel(data.slotAt, tz)}${kind}`, ''];

	const change =
		f.creditedChange !== null && data.previousSlotAt ? `, ${signedCount(f.creditedChange)} từ ${sinceLabel({ since: data.previousSlotAt, slotAt: data.slotAt }, tz)}` : '';
	lines.push(`- Đã số hóa: ${formatCount(f.credited)}/${formatCount(f.target)} hồ sơ (${formatPct(f.pct)})${change}.`);
	if (f.status === 'done') {
		lines.push(`- Đã hoàn thành${f.finishedAt ? `, về đích lúc ${slotLabel(f.finishedAt, tz)}` : ''}.`);
	} else if (f.dailyQuota === null) {
		lines.push(`- Còn lại ${formatCount(f.remaining)} hồ sơ, đã quá hạn (hạn ${formatDate(f.deadline)}).`);
	} else {
		lines.push(`- Chỉ tiêu hôm nay: ${formatCount(f.dailyQuota)} hồ sơ/ngày; còn lại ${formatCount(f.remaining)} hồ sơ trong ${f.daysLeft} ngày (hạn ${formatDate(f.deadline)}).`);
		const projected = f.projectedFinish ? `dự kiến xong ${formatDate(f.projectedFinish)}` : 'chưa dự báo được ngày xong';
		lines.push(`- Tốc độ ${formatCount(Math.round(f.pace))} hồ sơ/ngày, ${projected}: ${STATUS_LABELS[f.status].toLocaleLowerCase('vi-VN')}.`);
	}

	// The unit's own place, then its children's table: the middle level for the province, communes for a district or group.
	if (unit.parentKey !== null && unit.level !== 'commune') {
		const peers = data.units.filter((u) => u.level === unit.level).length;
		lines.push(`- Xếp hạng: ${f.rank}/${peers} ${unit.level === 'province' ? PROVINCES_SHORT : w.middleShort} (${movementLabel(f.rankChange)} so với lần chốt trước).`);
	}
	// Capacity (issue 27): a district's or group's machines × shifts against its communes' quotas.
	if (data.capacities && (unit.level === 'district' || unit.level === 'group')) {
		const plan = snapshotPlans(data, unit.key).get(unit.key);
		if (plan) lines.push(`- ${capacityHeadline(plan, w.commune)}`);
	}
	const childLevel = data.units.find((u) => u.parentKey === unit.key)?.level ?? null;
	const rows = childLevel ? leaderboard(data, { level: childLevel, parentKey: unit.key }) : [];
	if (rows.length) {
		const word = childLevel === 'commune' ? w.commune : childLevel === 'province' ? PROVINCES_SHORT : w.middleShort;
		const rankNote = childLevel === 'commune' ? ` (hạng trong ${data.units.filter((u) => u.level === 'commune').length} ${w.commune} toàn tỉnh)` : '';
		lines.push('');
		if (rows.length <= 2 * SHOWN) {
			lines.push(`Xếp hạng các ${word}${rankNote}:`, ...rows.map(rankLine));
		} else {
			lines.push(`Dẫn đầu${rankNote}:`, ...rows.slice(0, SHOWN).map(rankLine), 'Cuối bảng:', ...rows.slice(-SHOWN).map(rankLine));
		}
	}

	if (unit.level !== 'commune') {
		const roll = rollCallOf(data, unit.key);
		const headline = rollCallHeadline(roll, tz, middle);
		lines.push('');
		if (roll.missing.length === 0) lines.push(`${headline}.`);
		else {
			const head = `${headline}:`;
			const used = lines.join('\n').length + 1 + head.length + 1;
			lines.push(head, rollCallNames(roll, unit.parentKey === null, maxChars - used));
		}
	}
	return lines.join('\n');
}
