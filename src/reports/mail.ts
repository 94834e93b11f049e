/** The scheduled report mail (issue 6): subject and body for one unit of a snapshot. Pure. */
import { formatCount, formatDate, formatDateTime, formatPct } from '../lib/domain/format';
import { STATUS_LABELS } from '../lib/domain/labels';
import { figureOf, movementLabel, snapshotFileName, unitsOf, type SnapshotData } from '../lib/domain/snapshot';

export interface ReportMail {
	subject: string;
	text: string;
	fileName: string;
}


function signed(n: number): string {
	return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatCount(Math.abs(n))}`;
}

/** The mail for one unit: the province (for leaders and admins) or a district (for its head). */
export function reportMail(data: SnapshotData, unitKey: string, link: string): ReportMail {
	const unit = data.units.find((u) => u.key === unitKey)!;
	const f = figureOf(data, unitKey)!;
	const when = formatDateTime(data.slotAt, data.timeZone);
	const peers = unit.level === 'province' ? [] : unitsOf(data, unit.level);
	const lines = [
		`${unit.name}: số liệu số hóa hộ tịch chốt lúc ${when}.`,
		'',
		`Đã hoàn thành: ${formatCount(f.credited)} / ${formatCount(f.target)} hồ sơ (${formatPct(f.pct)}).`,
		f.remaining === 0
			? 'Đã hoàn thành chỉ tiêu.'
			: f.dailyQuota === null
				? `Còn lại ${formatCount(f.remaining)} hồ sơ, đã quá hạn (hạn ${formatDate(f.deadline)}).`
				: `Còn lại ${formatCount(f.remaining)} hồ sơ trong ${f.daysLeft} ngày: chỉ tiêu hôm nay ${formatCount(f.dailyQuota)} hồ sơ/ngày.`,
		`Tốc độ những ngày gần đây: ${formatCount(Math.round(f.pace))} hồ sơ/ngày. Trạng thái: ${STATUS_LABELS[f.status]}.`
	];
	if (peers.length) lines.push(`Xếp hạng: ${f.rank}/${peers.length} (${movementLabel(f.rankChange)} so với lần chốt trước).`);
	if (f.creditedChange !== null) lines.push(`Tăng từ lần chốt trước: ${signed(f.creditedChange)} hồ sơ.`);
	lines.push('', 'Báo cáo chi tiết đính kèm (tệp Excel).', `Xem trực tuyến: ${link}`, '', 'Không muốn nhận thư này nữa: vào «Tài khoản của tôi» và bỏ chọn «Nhận báo cáo qua thư điện tử».');
	return {
		subject: `Tiến độ số hóa hộ tịch: ${unit.name} — ${when}`,
		text: lines.join('\n'),
		fileName: snapshotFileName(data, unit.level === 'province' ? null : unit.code, 'xlsx')
	};
}
