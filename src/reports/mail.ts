/** The scheduled report mail (issues 6, 25): subject and body for one unit of a snapshot. Pure. */
import { formatDateTime } from '../lib/domain/format';
import { snapshotFileName, type SnapshotData } from '../lib/domain/snapshot';
import { summaryText } from '../lib/domain/summary-text';

export interface ReportMail {
	subject: string;
	text: string;
	/** The Excel report's name; the PDF, when attached, is named alike. */
	fileName: string;
	pdfName: string;
}

/**
 * The mail for one unit: the province (for leaders and admins, with the one-page PDF) or a
 * district or group (for its head). Its body is the same chat text as the snapshot's page gives.
 */
export function reportMail(data: SnapshotData, unitKey: string, link: string): ReportMail {
	const unit = data.units.find((u) => u.key === unitKey)!;
	const when = formatDateTime(data.slotAt, data.timeZone);
	const code = unit.parentKey === null ? null : unit.code;
	const attached = unit.level === 'province' && unit.parentKey === null ? 'Đính kèm: báo cáo một trang (PDF) và báo cáo chi tiết (Excel).' : 'Đính kèm: báo cáo chi tiết (Excel).';
	const text = [
		summaryText(data, unitKey),
		'',
		attached,
		`Xem trực tuyến: ${link}`,
		'',
		'Không muốn nhận thư này nữa: vào «Tài khoản của tôi» và bỏ chọn «Nhận báo cáo qua thư điện tử».'
	].join('\n');
	return {
		subject: `Tiến độ số hóa hộ tịch: ${unit.name} — ${when}`,
		text,
		fileName: snapshotFileName(data, code, 'xlsx'),
		pdfName: snapshotFileName(data, code, 'pdf')
	};
}
