/**
 * The one-page report of a snapshot as a PDF (issue 25 item 3): A4 landscape, the whole
 * report on page 1 for up to 30 districts or groups, the communes as an appendix from page 2.
 * Drawn with pdfkit in the self-hosted Be Vietnam Pro; snapshot data in, bytes out.
 */
import PDFDocument from 'pdfkit';
import { formatCount, formatDate, formatPct } from '../lib/domain/format';
import { quotaLabel, STATUS_LABELS } from '../lib/domain/labels';
import type { OnePageReport, ReportLine, ReportTable } from '../lib/domain/one-page';
import { reportFonts } from './fonts';
import { STATUS_COLOURS } from './status-colours';

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = { x: 34, top: 26, bottom: 24 };
const WIDTH = PAGE.width - 2 * MARGIN.x;

interface Column {
	header: string;
	width: number;
	align: 'left' | 'right' | 'center';
	value: (r: ReportLine) => string;
}

const COLUMNS: Column[] = [
	{ header: 'Hạng', width: 32, align: 'center', value: (r) => (r.rank === null ? '' : String(r.rank)) },
	{ header: '', width: 148, align: 'left', value: (r) => r.name },
	{ header: 'Chỉ tiêu', width: 62, align: 'right', value: (r) => formatCount(r.figure.target) },
	{ header: 'Đã số hóa', width: 62, align: 'right', value: (r) => formatCount(r.figure.credited) },
	{ header: 'Tỷ lệ', width: 46, align: 'right', value: (r) => formatPct(r.figure.pct) },
	{ header: 'Tăng từ lần trước', width: 62, align: 'right', value: (r) => (r.figure.creditedChange === null ? '' : formatCount(r.figure.creditedChange)) },
	{ header: 'Còn lại', width: 60, align: 'right', value: (r) => formatCount(r.figure.remaining) },
	{ header: 'Cần/ngày', width: 54, align: 'right', value: (r) => quotaLabel(r.figure, '') },
	{ header: 'Tốc độ/ngày', width: 56, align: 'right', value: (r) => formatCount(Math.round(r.figure.pace)) },
	{ header: 'Dự kiến xong', width: 60, align: 'center', value: (r) => (r.figure.projectedFinish ? formatDate(r.figure.projectedFinish) : '') },
	{ header: 'Trạng thái', width: 86, align: 'left', value: (r) => STATUS_LABELS[r.figure.status] },
	// Be Vietnam Pro has no ▲▼: the movement is a signed number, coloured.
	{ header: 'Thay đổi hạng', width: 0, align: 'center', value: (r) => movementText(r.figure.rankChange, r.rank) }
];
COLUMNS[COLUMNS.length - 1].width = WIDTH - COLUMNS.reduce((s, c) => s + c.width, 0);

type Doc = PDFKit.PDFDocument;

/** "+2" (up two places), "−1", "=" or "mới"; nothing for a total row. */
function movementText(change: number | null, rank: number | null): string {
	if (rank === null) return '';
	if (change === null) return 'mới';
	return change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '=';
}

function colourOf(c: Column, r: ReportLine): string {
	if (c.header === 'Trạng thái') return STATUS_COLOURS[r.figure.status];
	if (c.header === 'Thay đổi hạng' && r.figure.rankChange) return r.figure.rankChange > 0 ? STATUS_COLOURS.on_track : STATUS_COLOURS.behind;
	return '#000000';
}

/** Cuts a text to a width, with an ellipsis. */
function fit(doc: Doc, text: string, width: number): string {
	if (doc.widthOfString(text) <= width) return text;
	let cut = text;
	while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
	return `${cut}…`;
}

function cell(doc: Doc, text: string, x: number, y: number, width: number, height: number, align: Column['align'], size: number): void {
	const pad = 3;
	// Numbers always fit their columns; only names and statuses are measured.
	doc.text(align === 'left' ? fit(doc, text, width - 2 * pad) : text, x + pad, y + (height - size * 1.15) / 2, { width: width - 2 * pad, align, lineBreak: false });
}

function headerRow(doc: Doc, table: ReportTable, y: number, height: number, size: number): number {
	doc.font('bold').fontSize(size);
	doc.rect(MARGIN.x, y, WIDTH, height).fillAndStroke('#e8eef5', '#333333');
	doc.fillColor('#000000');
	let x = MARGIN.x;
	for (const c of COLUMNS) {
		const text = c.header || table.unitHeader;
		const lines = doc.heightOfString(text, { width: c.width - 4 }) > size * 1.3 ? 2 : 1;
		doc.text(text, x + 2, y + (height - lines * size * 1.15) / 2, { width: c.width - 4, align: 'center', height, lineGap: 0 });
		x += c.width;
		doc
			.moveTo(x, y)
			.lineTo(x, y + height)
			.stroke('#333333');
	}
	return y + height;
}

function bodyRow(doc: Doc, r: ReportLine, y: number, height: number, size: number, bold: boolean): number {
	doc.font(bold ? 'bold' : 'regular').fontSize(size);
	doc.rect(MARGIN.x, y, WIDTH, height).stroke('#999999');
	let x = MARGIN.x;
	for (const c of COLUMNS) {
		doc.fillColor(colourOf(c, r));
		cell(doc, c.value(r), x, y, c.width, height, c.align, size);
		x += c.width;
	}
	doc.fillColor('#000000');
	return y + height;
}

/** A table from `y`; on a page of its own when `paginate`, its header repeated on each page. */
function drawTable(doc: Doc, table: ReportTable, y: number, rowHeight: number, size: number, paginate: boolean): number {
	const headHeight = Math.max(rowHeight * 1.6, size * 2.9);
	y = headerRow(doc, table, y, headHeight, size);
	for (const r of [...table.rows, table.total]) {
		if (paginate && y + rowHeight > PAGE.height - MARGIN.bottom) {
			doc.addPage();
			y = headerRow(doc, table, MARGIN.top, headHeight, size);
		}
		y = bodyRow(doc, r, y, rowHeight, size, r === table.total);
	}
	return y;
}

function centred(doc: Doc, text: string, x: number, y: number, width: number, font: string, size: number, underline = false): number {
	doc.font(font).fontSize(size).text(text, x, y, { width, align: 'center', underline });
	return doc.y;
}

/** The names of the roll-call that fit in `lines` lines of `width`, and how many were left out. */
function namesThatFit(doc: Doc, names: string[], width: number, lines: number): string {
	const all = names.join(', ');
	if (doc.heightOfString(all, { width }) <= lines * doc.currentLineHeight(true) + 1) return `${all}.`;
	for (let n = names.length - 1; n > 0; n--) {
		const text = `${names.slice(0, n).join(', ')} … và ${formatCount(names.length - n)} xã khác (xem phụ lục).`;
		if (doc.heightOfString(text, { width }) <= lines * doc.currentLineHeight(true) + 1) return text;
	}
	return `${formatCount(names.length)} xã (xem phụ lục).`;
}

export function buildSnapshotPdf(report: OnePageReport, info: { title: string; created: Date }): Promise<Uint8Array> {
	const fonts = reportFonts();
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		autoFirstPage: true,
		info: { Title: info.title, Creator: 'tiendo', CreationDate: info.created },
		compress: true
	});
	doc.registerFont('regular', fonts.regular);
	doc.registerFont('bold', fonts.bold);
	doc.registerFont('italic', fonts.italic);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	doc.lineWidth(0.5);

	// The official header: the issuer on the left, the national motto on the right.
	const left = { x: MARGIN.x, width: 300 };
	const right = { x: MARGIN.x + WIDTH - 380, width: 380 };
	let y = MARGIN.top;
	centred(doc, report.issuer[0], left.x, y, left.width, 'regular', 10);
	const issuerEnd = centred(doc, report.issuer[1], left.x, doc.y, left.width, 'bold', 10);
	doc
		.moveTo(left.x + left.width / 2 - 30, issuerEnd + 2)
		.lineTo(left.x + left.width / 2 + 30, issuerEnd + 2)
		.stroke('#000000');
	centred(doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right.x, y, right.width, 'bold', 10);
	centred(doc, 'Độc lập - Tự do - Hạnh phúc', right.x, doc.y, right.width, 'bold', 10.5, true);
	y = Math.max(issuerEnd, doc.y) + 10;
	y = centred(doc, report.title, MARGIN.x, y, WIDTH, 'bold', 13);
	for (const line of report.subtitle) y = centred(doc, line, MARGIN.x, y, WIDTH, 'italic', 9.5);
	y += 4;
	doc.font('regular').fontSize(9);
	for (const line of report.headline) {
		doc.text(line, MARGIN.x, y, { width: WIDTH });
		y = doc.y;
	}
	y += 4;

	// The bottom block (roll-call, place and date, "Nơi nhận", signature) is measured first, so the table gets what is left.
	const signatureHeight = 86;
	const rollCallHeight = 38;
	const rows = report.table.rows.length + 1;
	const room = PAGE.height - MARGIN.bottom - signatureHeight - rollCallHeight - y;
	const rowHeight = Math.max(8.6, Math.min(16, room / (rows + 1.6)));
	const size = Math.min(9, Math.max(6.6, rowHeight * 0.72));
	y = drawTable(doc, report.table, y, rowHeight, size, false) + 5;

	doc.font('bold').fontSize(8.5).text(report.rollCall.headline, MARGIN.x, y, { width: WIDTH });
	if (report.rollCall.names.length) {
		const names = namesThatFit(doc.font('regular'), report.rollCall.names, WIDTH, 2);
		doc.text(names, MARGIN.x, doc.y, { width: WIDTH });
	}
	y = Math.max(doc.y + 6, PAGE.height - MARGIN.bottom - signatureHeight);

	doc.font('bold').fontSize(8.5).text('Nơi nhận:', left.x, y, { width: left.width });
	doc.font('regular').fontSize(7.5);
	for (const r of report.recipients) doc.text(`- ${r}`, left.x, doc.y, { width: left.width });
	centred(doc, report.placeDate, right.x, y, right.width, 'italic', 9.5);
	for (const s of report.signer) centred(doc, s, right.x, doc.y, right.width, 'bold', 9.5);

	// From page 2: the communes of each district or group, and the whole roll-call.
	if (report.appendix.sections.length) {
		doc.addPage();
		y = centred(doc, report.appendix.title, MARGIN.x, MARGIN.top, WIDTH, 'bold', 11) + 4;
		for (const s of report.appendix.sections) {
			if (y + 60 > PAGE.height - MARGIN.bottom) {
				doc.addPage();
				y = MARGIN.top;
			}
			doc.font('bold').fontSize(9.5).text(s.name, MARGIN.x, y, { width: WIDTH });
			y = drawTable(doc, s, doc.y + 2, 12, 7.6, true) + 8;
		}
		if (report.rollCall.names.length) {
			if (y + 40 > PAGE.height - MARGIN.bottom) {
				doc.addPage();
				y = MARGIN.top;
			}
			doc.font('bold').fontSize(9).text(report.rollCall.headline, MARGIN.x, y, { width: WIDTH });
			doc
				.font('regular')
				.fontSize(8.5)
				.text(`${report.rollCall.names.join(', ')}.`, { width: WIDTH });
		}
	}
	doc.end();
	return done;
}
