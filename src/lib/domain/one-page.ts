/**
 * The one-page report of a snapshot (issue 25 item 3), as the print page, the PDF and the
 * Excel report all show it: the official header, the headline figures, the table of the
 * districts or groups (or a unit's communes) sorted by rank, the roll-call, the place and
 * date line, "Nơi nhận" and the signature block; the communes as an appendix. Pure.
 */
import { TOTAL } from './evaluate';
import { formatCount, formatDate, formatPct } from './format';
import { STATUS_LABELS } from './labels';
import { NATION_NAME, PROVINCE_HEADER, wholeProvince, wordsOfMiddle } from './levels';
import { leaderboard, type LeaderRow } from './leaderboard';
import { rollCallHeadline, rollCallOf } from './roll-call';
import { figureOf, middleLevel, movementLabel, type SnapshotData, type SnapshotFigure, type SnapshotUnit } from './snapshot';
import { slotLabel } from './summary-text';
import { localParts } from './time';

export interface ReportLine {
	rank: number | null;
	movement: string;
	code: string;
	name: string;
	figure: SnapshotFigure;
}

export interface ReportTable {
	unitHeader: string;
	rows: ReportLine[];
	total: ReportLine;
}

export interface OnePageReport {
	issuer: [string, string];
	title: string;
	subtitle: string[];
	/** The headline figures, one sentence each. */
	headline: string[];
	table: ReportTable;
	rollCall: { headline: string; names: string[] };
	/** "Thái Bình, ngày 10 tháng 12 năm 2024". */
	placeDate: string;
	recipients: string[];
	/** The signer's title lines, e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]. */
	signer: string[];
	/** From page 2: the communes of each district or group. */
	appendix: { title: string; sections: (ReportTable & { name: string })[] };
}

/** "Thái Bình, ngày 21 tháng 12 năm 2024": the place and date above the signatures. */
export function placeDateLine(provinceName: string, instant: string, timeZone: string): string {
	const place = provinceName === NATION_NAME ? 'Hà Nội' : provinceName.replace(/^(Tỉnh|Thành phố)\s+/u, '');
	const d = localParts(new Date(instant), timeZone);
	return `${place}, ngày ${String(d.day).padStart(2, '0')} tháng ${String(d.month).padStart(2, '0')} năm ${d.year}`;
}

/** "UBND TỈNH THÁI BÌNH" over "SỞ TƯ PHÁP"; a national campaign's: "BỘ TƯ PHÁP" over its Cục (issue 29). */
export function provinceIssuer(provinceName: string): [string, string] {
	if (provinceName === NATION_NAME) return ['BỘ TƯ PHÁP', 'CỤC HỘ TỊCH, QUỐC TỊCH, CHỨNG THỰC'];
	return [`UBND ${provinceName.toLocaleUpperCase('vi-VN')}`, 'SỞ TƯ PHÁP'];
}

function line(r: LeaderRow): ReportLine {
	return { rank: r.rank, movement: movementLabel(r.rankChange), code: r.code, name: r.name, figure: r };
}

function totalLine(data: SnapshotData, unit: SnapshotUnit, name: string): ReportLine {
	return { rank: null, movement: '', code: '', name, figure: figureOf(data, unit.key, TOTAL)! };
}

/** The headline figures of a unit, as sentences. */
export function headlineOf(f: SnapshotFigure, data: SnapshotData): string[] {
	const lines = [
		`Đã số hóa ${formatCount(f.credited)}/${formatCount(f.target)} hồ sơ, đạt ${formatPct(f.pct)}${f.creditedChange !== null ? `; tăng ${formatCount(f.creditedChange)} hồ sơ từ lần chốt trước` : ''}.`
	];
	if (f.status === 'done') lines.push(`Đã hoàn thành${f.finishedAt ? `, về đích lúc ${slotLabel(f.finishedAt, data.timeZone)}` : ''}.`);
	else if (f.dailyQuota === null) lines.push(`Còn lại ${formatCount(f.remaining)} hồ sơ, đã quá hạn (hạn ${formatDate(f.deadline)}).`);
	else
		lines.push(
			`Còn lại ${formatCount(f.remaining)} hồ sơ trong ${f.daysLeft} ngày (hạn ${formatDate(f.deadline)}): cần ${formatCount(f.dailyQuota)} hồ sơ/ngày; tốc độ ${formatCount(Math.round(f.pace))} hồ sơ/ngày, ${f.projectedFinish ? `dự kiến xong ${formatDate(f.projectedFinish)}` : 'chưa dự báo được ngày xong'} (${STATUS_LABELS[f.status].toLocaleLowerCase('vi-VN')}).`
		);
	return lines;
}

/** The one-page report of a snapshot for the province (default) or one district or group. */
export function onePageReport(data: SnapshotData, unitKey?: string): OnePageReport {
	// The root is the province, or the nation of a national campaign (issue 29), whose report lists its provinces.
	const root = data.units.find((u) => u.parentKey === null);
	const unit = unitKey === undefined ? root : data.units.find((u) => u.key === unitKey);
	if (!unit || !root) throw new Error(`unit ${unitKey} is not in snapshot ${data.id}`);
	const middle = middleLevel(data);
	const w = wordsOfMiddle(middle);
	const isNation = unit.level === 'nation';
	const isProvince = unit.level === 'province' || isNation;
	const f = figureOf(data, unit.key, TOTAL)!;
	const childLevel = data.units.find((u) => u.parentKey === unit.key)?.level ?? 'commune';
	const kind = data.kind === 'scheduled' ? '' : ` (chốt ${data.kind === 'late' ? 'muộn' : 'đột xuất'})`;
	const roll = rollCallOf(data, unit.key);
	const middles = data.units.filter((u) => u.parentKey === unit.key && u.level !== 'commune');
	// The nation's appendix would list every commune of the country: its report stops at the provinces.
	const sections = (isNation ? [] : isProvince && middles.length ? middles : [unit])
		.map((m) => ({
			name: m.name,
			unitHeader: w.communesHeader,
			rows: leaderboard(data, { level: 'commune', parentKey: m.key }).map(line),
			total: totalLine(data, m, `Cộng ${m.name}`)
		}))
		.filter((s) => s.rows.length > 0);
	const upper = unit.name.toLocaleUpperCase('vi-VN');
	return {
		issuer: isNation
			? provinceIssuer(NATION_NAME)
			: isProvince || unit.level === 'group'
				? provinceIssuer(isProvince ? unit.name : data.provinceName)
				: [`UBND ${upper}`, 'PHÒNG TƯ PHÁP'],
		title: isProvince ? 'BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH' : `BÁO CÁO TIẾN ĐỘ SỐ HÓA DỮ LIỆU HỘ TỊCH ${upper}`,
		subtitle: [data.campaignName, `Số liệu chốt lúc ${slotLabel(data.slotAt, data.timeZone)}${kind}`],
		headline: headlineOf(f, data),
		table: {
			unitHeader: childLevel === 'province' ? PROVINCE_HEADER : childLevel === 'commune' ? w.communesHeader : w.middleTable,
			rows: leaderboard(data, { level: childLevel, parentKey: unit.key }).map(line),
			total: totalLine(data, unit, isProvince ? wholeProvince(unit.name) : `Cộng ${unit.name}`)
		},
		rollCall: {
			headline: rollCallHeadline(roll, data.timeZone, middle) + (roll.missing.length ? ':' : '.'),
			names: roll.missing.map((c) => (isProvince && c.parentName ? `${c.name} (${c.parentName})` : c.name))
		},
		placeDate: placeDateLine(isProvince ? unit.name : data.provinceName, data.slotAt, data.timeZone),
		recipients: isNation
			? ['Lãnh đạo Bộ (để báo cáo);', 'Sở Tư pháp các tỉnh, thành phố;', 'Lưu: VT.']
			: isProvince
				? ['UBND tỉnh (để báo cáo);', 'Giám đốc, các Phó Giám đốc Sở;', `${w.middleOffices};`, 'Lưu: VT, HCTP.']
				: unit.level === 'group'
					? ['Sở Tư pháp (để báo cáo);', `Các ${w.commune} trong cụm;`, 'Lưu.']
					: [`UBND ${unit.name} (để báo cáo);`, 'Sở Tư pháp (để báo cáo);', `UBND các ${w.commune};`, 'Lưu: VT.'],
		signer: isNation ? ['KT. CỤC TRƯỞNG', 'PHÓ CỤC TRƯỞNG'] : isProvince || unit.level === 'group' ? ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'] : ['TRƯỞNG PHÒNG'],
		appendix: { title: `PHỤ LỤC: TIẾN ĐỘ CỦA CÁC ${w.commune.toLocaleUpperCase('vi-VN')}`, sections }
	};
}
