/**
 * Campaign settings from outside (API, admin form), checked as a whole: every problem is
 * reported with its field and a Vietnamese message. Pure.
 */
import { checkBracketThresholds } from './emulation';
import { draftsFromJson, type GroupDraft } from './groups';
import { ValidationError, type Problem } from './errors';
import { formatDate } from './format';
import { isRecordType } from './record-types';
import { isValidLocalDate, isValidTimeOfDay, isValidTimeZone, type LocalDate } from './time';

export interface Stage {
	code: string;
	name: string;
}

export interface CampaignSettings {
	name: string;
	start: LocalDate;
	deadline: LocalDate;
	timeZone: string;
	dayEndHour: number;
	excludedWeekdays: number[];
	holidays: LocalDate[];
	snapshotTimes: string[];
	recordTypes: string[];
	stages: Stage[];
	onTrackRatio: number;
	atRiskRatio: number;
	isPublic: boolean;
	/** Ascending backlog thresholds of the size brackets (DESIGN §4 "Brackets"); [] for none. */
	bracketThresholds: number[];
}

export interface NewCampaignInput extends CampaignSettings {
	code: string;
	/** null: a national campaign over every province of the hierarchy version (the ministry's, issue 29). */
	provinceCode: string | null;
	hierarchy: LocalDate;
	/** The province's cụm thi đua to stand by from now (as PUT /groups), if given. */
	groups: GroupDraft[];
	keepUngrouped: boolean;
}

export const DEFAULT_SETTINGS: Omit<CampaignSettings, 'name' | 'start' | 'deadline'> = {
	timeZone: 'Asia/Ho_Chi_Minh',
	dayEndHour: 22,
	excludedWeekdays: [],
	holidays: [],
	snapshotTimes: ['06:00', '11:30', '23:00'],
	recordTypes: ['khai_sinh', 'ket_hon', 'khai_tu'],
	stages: [{ code: 'nhap_lieu', name: 'Nhập liệu' }],
	onTrackRatio: 1,
	atRiskRatio: 0.8,
	isPublic: false,
	bracketThresholds: []
};

const CODE_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
	problems: Problem[] = [];
	constructor(private raw: Raw) {}

	fail(field: string, message: string): undefined {
		this.problems.push({ field, message });
		return undefined;
	}

	has(field: string): boolean {
		return Object.hasOwn(this.raw, field) && this.raw[field] !== undefined;
	}

	text(field: string, opts: { max?: number; pattern?: RegExp; patternMessage?: string } = {}): string | undefined {
		const value = this.raw[field];
		if (typeof value !== 'string' || value.trim() === '') return this.fail(field, 'bắt buộc, là một chuỗi không rỗng.');
		const text = value.normalize('NFC').trim();
		if (text.length > (opts.max ?? 200)) return this.fail(field, `dài quá ${opts.max ?? 200} ký tự.`);
		if (opts.pattern && !opts.pattern.test(text)) return this.fail(field, opts.patternMessage ?? 'không đúng định dạng.');
		return text;
	}

	date(field: string): LocalDate | undefined {
		const value = this.raw[field];
		if (!isValidLocalDate(value)) return this.fail(field, `«${String(value ?? '')}» không phải ngày hợp lệ (định dạng YYYY-MM-DD).`);
		return value;
	}

	list<T>(field: string, item: (value: unknown, path: string) => T | undefined, opts: { min?: number; max?: number } = {}): T[] | undefined {
		const value = this.raw[field];
		if (!Array.isArray(value)) return this.fail(field, 'phải là một danh sách.');
		if (value.length < (opts.min ?? 0)) return this.fail(field, `cần ít nhất ${opts.min} mục.`);
		if (value.length > (opts.max ?? 1000)) return this.fail(field, `nhiều quá ${opts.max ?? 1000} mục.`);
		const out: T[] = [];
		value.forEach((v, i) => {
			const parsed = item(v, `${field}[${i}]`);
			if (parsed !== undefined) out.push(parsed);
		});
		return out.length === value.length ? out : undefined;
	}

	number(field: string, min: number, max: number, integer = false): number | undefined {
		const value = this.raw[field];
		if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
			return this.fail(field, `phải là ${integer ? 'số nguyên' : 'số'} từ ${min} đến ${max}.`);
		}
		return value;
	}
}

function unique<T>(c: Checker, field: string, values: T[] | undefined, key: (v: T) => string, what: string): void {
	const seen = new Set<string>();
	for (const v of values ?? []) {
		if (seen.has(key(v))) c.fail(field, `${what} «${key(v)}» bị lặp.`);
		seen.add(key(v));
	}
}

/** Checks settings; fields absent from `raw` keep the values of `base`. */
export function parseCampaignSettings(raw: unknown, base?: CampaignSettings): CampaignSettings {
	if (!isObject(raw)) throw new ValidationError('Dữ liệu đợt số hóa phải là một đối tượng JSON.');
	const c = new Checker(raw);
	return finishSettings(c, raw, base);
}

function finishSettings(c: Checker, raw: Raw, base?: CampaignSettings): CampaignSettings {
	const pick = <T>(field: string, parse: () => T | undefined, fallback: T | undefined): T | undefined => (c.has(field) ? parse() : fallback);
	const defaults = base ?? DEFAULT_SETTINGS;

	const required = <K extends 'name' | 'start' | 'deadline'>(field: K, parse: () => CampaignSettings[K] | undefined) =>
		c.has(field) ? parse() : base ? base[field] : c.fail(field, 'bắt buộc.');
	const name = required('name', () => c.text('name'));
	const start = required('start', () => c.date('start'));
	const deadline = required('deadline', () => c.date('deadline'));
	if (start && deadline && deadline < start) c.fail('deadline', `hạn hoàn thành ${formatDate(deadline)} trước ngày bắt đầu ${formatDate(start)}.`);

	const timeZone = pick(
		'timeZone',
		() => (isValidTimeZone(raw.timeZone as string) ? (raw.timeZone as string) : c.fail('timeZone', `múi giờ «${String(raw.timeZone)}» không tồn tại (ví dụ Asia/Ho_Chi_Minh).`)),
		defaults.timeZone
	);
	const dayEndHour = pick('dayEndHour', () => c.number('dayEndHour', 1, 24, true), defaults.dayEndHour);
	const excludedWeekdays = pick(
		'excludedWeekdays',
		() =>
			c.list(
				'excludedWeekdays',
				(v, path) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 6 ? (v as number) : c.fail(path, 'thứ trong tuần là số từ 0 (Chủ nhật) đến 6 (Thứ bảy).')),
				{ max: 6 }
			),
		defaults.excludedWeekdays
	);
	const holidays = pick(
		'holidays',
		() => c.list('holidays', (v, path) => (isValidLocalDate(v) ? v : c.fail(path, `«${String(v)}» không phải ngày hợp lệ (YYYY-MM-DD).`)), { max: 366 }),
		defaults.holidays
	);
	const snapshotTimes = pick(
		'snapshotTimes',
		() => c.list('snapshotTimes', (v, path) => (isValidTimeOfDay(v) ? v : c.fail(path, `«${String(v)}» không phải giờ dạng HH:MM (ví dụ 06:00).`)), { max: 24 }),
		defaults.snapshotTimes
	);
	const recordTypes = pick(
		'recordTypes',
		() => c.list('recordTypes', (v, path) => (isRecordType(v) ? v : c.fail(path, `loại việc hộ tịch «${String(v)}» không tồn tại.`)), { min: 1, max: 7 }),
		defaults.recordTypes
	);
	const stages = pick(
		'stages',
		() =>
			c.list(
				'stages',
				(v, path) => {
					if (!isObject(v) || typeof v.code !== 'string' || !CODE_RE.test(v.code) || typeof v.name !== 'string' || v.name.trim() === '') {
						return c.fail(path, 'mỗi công đoạn có code (chữ thường, số, gạch) và name.');
					}
					return { code: v.code, name: v.name.normalize('NFC').trim() };
				},
				{ min: 1, max: 10 }
			),
		defaults.stages
	);
	const onTrackRatio = pick('onTrackRatio', () => c.number('onTrackRatio', 0.1, 5), defaults.onTrackRatio);
	const atRiskRatio = pick('atRiskRatio', () => c.number('atRiskRatio', 0, 5), defaults.atRiskRatio);
	if (onTrackRatio !== undefined && atRiskRatio !== undefined && atRiskRatio > onTrackRatio) c.fail('atRiskRatio', 'ngưỡng «có nguy cơ» phải không lớn hơn ngưỡng «đúng tiến độ».');
	const isPublic = pick('isPublic', () => (typeof raw.isPublic === 'boolean' ? raw.isPublic : c.fail('isPublic', 'phải là true hoặc false.')), defaults.isPublic);

	const bracketThresholds = pick(
		'bracketThresholds',
		() => {
			const checked = checkBracketThresholds(raw.bracketThresholds);
			return 'thresholds' in checked ? checked.thresholds : c.fail('bracketThresholds', checked.problem);
		},
		defaults.bracketThresholds
	);

	unique(c, 'snapshotTimes', snapshotTimes, (v) => v, 'giờ chốt');
	unique(c, 'recordTypes', recordTypes, (v) => v, 'loại việc');
	unique(c, 'stages', stages, (v) => v.code, 'công đoạn');
	unique(c, 'holidays', holidays, (v) => v, 'ngày nghỉ');
	if (c.problems.length) throw new ValidationError('Thiết lập đợt số hóa không hợp lệ; không có gì được ghi.', c.problems);
	return {
		name: name!,
		start: start!,
		deadline: deadline!,
		timeZone: timeZone!,
		dayEndHour: dayEndHour!,
		excludedWeekdays: [...excludedWeekdays!].sort(),
		holidays: [...holidays!].sort(),
		snapshotTimes: [...snapshotTimes!].sort(),
		recordTypes: recordTypes!,
		stages: stages!,
		onTrackRatio: onTrackRatio!,
		atRiskRatio: atRiskRatio!,
		isPublic: isPublic!,
		bracketThresholds: bracketThresholds!
	};
}

export function parseNewCampaign(raw: unknown): NewCampaignInput {
	if (!isObject(raw)) throw new ValidationError('Dữ liệu đợt số hóa phải là một đối tượng JSON.');
	const c = new Checker(raw);
	const code = c.text('code', { max: 64, pattern: CODE_RE, patternMessage: 'mã đợt gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang (2–64 ký tự).' });
	const provinceCode = c.has('provinceCode') && raw.provinceCode !== null ? c.text('provinceCode', { max: 2, pattern: /^\d{2}$/, patternMessage: 'mã tỉnh gồm 2 chữ số.' }) : null;
	const hierarchy = c.date('hierarchy');
	// Groups are checked against the province's communes by the service (checkGrouping).
	const groups = c.has('groups') ? draftsFromJson(raw.groups) : { drafts: [], problems: [] };
	for (const p of groups.problems) c.fail(`groups${p.field}`, p.message);
	const keepUngrouped = c.has('keepUngrouped') ? raw.keepUngrouped === true : false;
	let settings: CampaignSettings | undefined;
	try {
		settings = finishSettings(c, raw);
	} catch (e) {
		if (!(e instanceof ValidationError)) throw e;
	}
	if (c.problems.length || !settings) throw new ValidationError('Thiết lập đợt số hóa không hợp lệ; không có gì được ghi.', c.problems);
	return {
		...settings,
		code: code!,
		provinceCode: provinceCode ?? null,
		hierarchy: hierarchy!,
		groups: groups.drafts.map((d) => ({ ...d, where: { field: `groups${d.where.field}` }, members: d.members.map((m) => ({ ...m, where: { field: `groups${m.where.field}` } })) })),
		keepUngrouped
	};
}
