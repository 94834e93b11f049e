/**
 * The picture of a snapshot's standings (issue 25 item 2), for a chat group: the headline
 * figures and the ranked table of districts or groups (or a district's communes) with
 * movement arrows and status colours, 1080 px wide so that it reads on a phone. Laid out
 * by satori as SVG in the self-hosted Be Vietnam Pro and rasterised by resvg: no browser.
 */
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { TOTAL } from '../lib/domain/evaluate';
import { formatCount, formatDate, formatPct } from '../lib/domain/format';
import { quotaLabel, STATUS_LABELS } from '../lib/domain/labels';
import { wordsOfMiddle } from '../lib/domain/levels';
import { leaderboard, type LeaderRow } from '../lib/domain/leaderboard';
import { rollCallHeadline, rollCallOf, sinceLabel } from '../lib/domain/roll-call';
import { figureOf, middleLevel, type SnapshotData } from '../lib/domain/snapshot';
import { slotLabel } from '../lib/domain/summary-text';
import { reportFontFiles, reportFonts } from './fonts';
import { STATUS_COLOURS } from './status-colours';

export const PICTURE_WIDTH = 1080;
const HEAD_HEIGHT = 226;
const ROW_HEIGHT = 64;
const FOOT_HEIGHT = 150;

interface Node {
	type: string;
	props: { style?: Record<string, string | number>; children?: (Node | string)[] | Node | string; src?: string; width?: number; height?: number };
}

const box = (style: Record<string, string | number>, ...children: (Node | string)[]): Node => ({ type: 'div', props: { style: { display: 'flex', ...style }, children } });

/** An arrow drawn as a shape (the font has no ▲▼), or "=" and "mới" in words. */
function movement(change: number | null): Node {
	if (change === null) return box({ color: '#555', fontSize: 26 }, 'mới');
	if (change === 0) return box({ color: '#555', fontSize: 30 }, '=');
	const up = change > 0;
	const colour = up ? STATUS_COLOURS.on_track : STATUS_COLOURS.behind;
	const points = up ? '0,18 11,0 22,18' : '0,0 22,0 11,18';
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="22" height="18"><polygon points="${points}" fill="${colour}"/></svg>`;
	return box(
		{ alignItems: 'center', gap: 6, color: colour, fontSize: 28, fontWeight: 700 },
		{ type: 'img', props: { src: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, width: 22, height: 18 } },
		String(Math.abs(change))
	);
}

function row(r: LeaderRow, i: number): Node {
	const colour = STATUS_COLOURS[r.status];
	return box(
		{ height: ROW_HEIGHT, alignItems: 'center', padding: '0 36px', backgroundColor: i % 2 ? '#ffffff' : '#f3f6fa', fontSize: 30 },
		box({ width: 70, fontWeight: 700 }, String(r.rank)),
		box({ width: 350, overflow: 'hidden', whiteSpace: 'nowrap' }, r.name),
		box(
			{ width: 240, alignItems: 'center', gap: 12 },
			box(
				{ width: 120, height: 16, backgroundColor: '#dde3ea', borderRadius: 8 },
				box({ width: Math.round(120 * Math.max(0, Math.min(1, r.pct))), height: 16, backgroundColor: colour, borderRadius: 8 })
			),
			box({ fontWeight: 700 }, formatPct(r.pct))
		),
		box({ width: 240, color: colour, fontSize: 24, paddingLeft: 10 }, STATUS_LABELS[r.status]),
		box({ width: 108, justifyContent: 'flex-end' }, movement(r.rankChange))
	);
}

function figureBox(label: string, value: string, colour = '#111'): Node {
	return box(
		{ flexDirection: 'column', flexGrow: 1, padding: '14px 18px', backgroundColor: '#ffffff', borderRadius: 12 },
		box({ fontSize: 22, color: '#555' }, label),
		box({ fontSize: 34, fontWeight: 700, color: colour }, value)
	);
}

/** The picture's layout (satori's element tree) and its height. */
export function pictureTree(data: SnapshotData, unitKey: string): { tree: Node; height: number; names: string[] } {
	const unit = data.units.find((u) => u.key === unitKey);
	const f = unit && figureOf(data, unit.key, TOTAL);
	if (!unit || !f) throw new Error(`unit ${unitKey} is not in snapshot ${data.id}`);
	const middle = middleLevel(data);
	const w = wordsOfMiddle(middle);
	const childLevel = data.units.find((u) => u.parentKey === unit.key)?.level ?? 'commune'; // a nation's: its provinces
	const rows = leaderboard(data, { level: childLevel, parentKey: unit.key });
	const roll = rollCallOf(data, unit.key);
	const change = f.creditedChange !== null && data.previousSlotAt ? `+${formatCount(f.creditedChange)}` : '—';
	const since = data.previousSlotAt ? sinceLabel({ since: data.previousSlotAt, slotAt: data.slotAt }, data.timeZone) : '';
	const height = HEAD_HEIGHT + ROW_HEIGHT * (rows.length + 1) + FOOT_HEIGHT;
	const tree = box(
		{ width: PICTURE_WIDTH, height, flexDirection: 'column', backgroundColor: '#ffffff', fontFamily: 'Be Vietnam Pro', color: '#111' },
		box(
			{ flexDirection: 'column', height: HEAD_HEIGHT, padding: '28px 36px', backgroundColor: '#1e3a5f', color: '#ffffff', gap: 6 },
			box({ fontSize: 40, fontWeight: 700 }, `${unit.name}: ${formatPct(f.pct)}`),
			box({ fontSize: 26, color: '#d6e2f0' }, `${formatCount(f.credited)}/${formatCount(f.target)} hồ sơ · số liệu chốt lúc ${slotLabel(data.slotAt, data.timeZone)}`),
			box(
				{ gap: 14, marginTop: 14 },
				figureBox(since ? `Tăng từ ${since}` : 'Tăng từ lần trước', change),
				figureBox('Cần mỗi ngày', quotaLabel(f, 'Đã xong')),
				figureBox('Dự kiến xong', f.status === 'done' ? 'Đã xong' : f.projectedFinish ? formatDate(f.projectedFinish) : '—'),
				figureBox('Trạng thái', STATUS_LABELS[f.status], STATUS_COLOURS[f.status])
			)
		),
		box(
			{ height: ROW_HEIGHT, alignItems: 'center', padding: '0 36px', fontSize: 24, color: '#555', fontWeight: 700, borderBottom: '2px solid #1e3a5f' },
			box({ width: 70 }, 'Hạng'),
			box({ width: 350 }, childLevel === 'commune' ? w.communesHeader : w.middleTable),
			box({ width: 240 }, 'Tỷ lệ'),
			box({ width: 240, paddingLeft: 10 }, 'Trạng thái'),
			box({ width: 108, justifyContent: 'flex-end' }, '± hạng')
		),
		...rows.map(row),
		box(
			{ height: FOOT_HEIGHT, flexDirection: 'column', justifyContent: 'center', padding: '0 36px', fontSize: 26, gap: 6, borderTop: '2px solid #1e3a5f' },
			box({ fontWeight: 700, color: roll.missing.length ? STATUS_COLOURS.behind : STATUS_COLOURS.on_track }, rollCallHeadline(roll, data.timeZone, middle)),
			box({ fontSize: 22, color: '#555' }, data.campaignName)
		)
	);
	return { tree, height, names: rows.map((r) => r.name) };
}

/** The SVG of the picture: what the PNG is drawn from. */
export async function pictureSvg(data: SnapshotData, unitKey: string): Promise<string> {
	const fonts = reportFonts();
	const { tree, height } = pictureTree(data, unitKey);
	return satori(tree as Parameters<typeof satori>[0], {
		width: PICTURE_WIDTH,
		height,
		// Text stays text (names searchable in the SVG); resvg draws it with the same font files.
		embedFont: false,
		fonts: [
			{ name: 'Be Vietnam Pro', data: fonts.regular, weight: 400, style: 'normal' },
			{ name: 'Be Vietnam Pro', data: fonts.bold, weight: 700, style: 'normal' }
		]
	});
}

/** The PNG of the picture, 1080 px wide. */
export async function picturePng(data: SnapshotData, unitKey: string): Promise<{ svg: string; png: Uint8Array }> {
	const svg = await pictureSvg(data, unitKey);
	const files = reportFontFiles();
	const png = new Resvg(svg, {
		fitTo: { mode: 'width', value: PICTURE_WIDTH },
		font: { loadSystemFonts: false, fontFiles: [files.regular, files.bold], defaultFontFamily: 'Be Vietnam Pro' }
	})
		.render()
		.asPng();
	return { svg, png: new Uint8Array(png) };
}
