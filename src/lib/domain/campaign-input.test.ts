import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseCampaignSettings, parseNewCampaign, type CampaignSettings } from './campaign-input';
import { ValidationError, type Problem } from './errors';

const PLAN_186 = { name: 'Kế hoạch 186/KH-UBND', start: '2024-12-01', deadline: '2024-12-21' };

/** The problems a refusal lists, or fails the test when there was none. */
function problemsOf(parse: () => unknown): Problem[] {
	try {
		parse();
	} catch (e) {
		if (e instanceof ValidationError) {
			expect(e.message).toBe('Thiết lập đợt số hóa không hợp lệ; không có gì được ghi.');
			return e.problems;
		}
		throw e;
	}
	throw new Error('expected a ValidationError');
}

describe('parseCampaignSettings', () => {
	it('fills what is not given with the defaults: three snapshots a day, Hà Nội time, 22:00 day end', () => {
		expect(parseCampaignSettings(PLAN_186)).toEqual({ ...DEFAULT_SETTINGS, ...PLAN_186 });
		expect(DEFAULT_SETTINGS.snapshotTimes).toEqual(['06:00', '11:30', '23:00']);
	});

	it('trims and normalises text, and sorts days, holidays and times', () => {
		const settings = parseCampaignSettings({
			...PLAN_186,
			name: '  Ke\u0302\u0301 hoạch 186  ',
			excludedWeekdays: [6, 0],
			holidays: ['2024-12-25', '2024-12-02'],
			snapshotTimes: ['23:00', '06:00'],
			stages: [{ code: 'so_hoa', name: ' Số hóa ' }]
		});
		expect(settings).toMatchObject({
			name: 'Kế hoạch 186',
			excludedWeekdays: [0, 6],
			holidays: ['2024-12-02', '2024-12-25'],
			snapshotTimes: ['06:00', '23:00'],
			stages: [{ code: 'so_hoa', name: 'Số hóa' }]
		});
	});

	it('lists every problem at once, each with its field, in Vietnamese', () => {
		expect(
			problemsOf(() =>
				parseCampaignSettings({
					name: '',
					start: '2024-12-21',
					deadline: '2024-12-01',
					timeZone: 'Asia/Saigon_Moi',
					dayEndHour: 25,
					excludedWeekdays: [7],
					holidays: ['31/12/2024'],
					snapshotTimes: ['6h', '11:30', '11:30'],
					recordTypes: ['khai_sinh', 'ly_hon'],
					stages: [{ code: 'Nhập Liệu', name: 'x' }],
					onTrackRatio: 1,
					atRiskRatio: 1.2,
					isPublic: 'có'
				})
			)
		).toEqual([
			{ field: 'name', message: 'bắt buộc, là một chuỗi không rỗng.' },
			{ field: 'deadline', message: 'hạn hoàn thành 01/12/2024 trước ngày bắt đầu 21/12/2024.' },
			{ field: 'timeZone', message: 'múi giờ «Asia/Saigon_Moi» không tồn tại (ví dụ Asia/Ho_Chi_Minh).' },
			{ field: 'dayEndHour', message: 'phải là số nguyên từ 1 đến 24.' },
			{ field: 'excludedWeekdays[0]', message: 'thứ trong tuần là số từ 0 (Chủ nhật) đến 6 (Thứ bảy).' },
			{ field: 'holidays[0]', message: '«31/12/2024» không phải ngày hợp lệ (YYYY-MM-DD).' },
			{ field: 'snapshotTimes[0]', message: '«6h» không phải giờ dạng HH:MM (ví dụ 06:00).' },
			{ field: 'recordTypes[1]', message: 'loại việc hộ tịch «ly_hon» không tồn tại.' },
			{ field: 'stages[0]', message: 'mỗi công đoạn có code (chữ thường, số, gạch) và name.' },
			{ field: 'atRiskRatio', message: 'ngưỡng «có nguy cơ» phải không lớn hơn ngưỡng «đúng tiến độ».' },
			{ field: 'isPublic', message: 'phải là true hoặc false.' }
		]);
	});

	it('refuses repeated times, record types, stages and holidays', () => {
		expect(
			problemsOf(() =>
				parseCampaignSettings({
					...PLAN_186,
					snapshotTimes: ['06:00', '06:00'],
					recordTypes: ['khai_tu', 'khai_tu'],
					stages: [
						{ code: 'nhap', name: 'Nhập' },
						{ code: 'nhap', name: 'Nhập lại' }
					],
					holidays: ['2024-12-02', '2024-12-02']
				})
			)
		).toEqual([
			{ field: 'snapshotTimes', message: 'giờ chốt «06:00» bị lặp.' },
			{ field: 'recordTypes', message: 'loại việc «khai_tu» bị lặp.' },
			{ field: 'stages', message: 'công đoạn «nhap» bị lặp.' },
			{ field: 'holidays', message: 'ngày nghỉ «2024-12-02» bị lặp.' }
		]);
		expect(problemsOf(() => parseCampaignSettings({ ...PLAN_186, recordTypes: [] }))).toEqual([{ field: 'recordTypes', message: 'cần ít nhất 1 mục.' }]);
	});

	it('requires name, start and deadline of a new campaign, and keeps those of the one it changes', () => {
		expect(problemsOf(() => parseCampaignSettings({}))).toEqual([
			{ field: 'name', message: 'bắt buộc.' },
			{ field: 'start', message: 'bắt buộc.' },
			{ field: 'deadline', message: 'bắt buộc.' }
		]);
		const base: CampaignSettings = { ...DEFAULT_SETTINGS, ...PLAN_186, isPublic: true, snapshotTimes: ['17:00'] };
		expect(parseCampaignSettings({ deadline: '2024-12-31' }, base)).toEqual({ ...base, deadline: '2024-12-31' });
		expect(problemsOf(() => parseCampaignSettings({ deadline: '2024-11-30' }, base))).toEqual([
			{ field: 'deadline', message: 'hạn hoàn thành 30/11/2024 trước ngày bắt đầu 01/12/2024.' }
		]);
	});

	it('refuses a body that is not an object', () => {
		for (const raw of [null, 'đợt', [PLAN_186]]) expect(() => parseCampaignSettings(raw)).toThrow('Dữ liệu đợt số hóa phải là một đối tượng JSON.');
	});
});

describe('parseNewCampaign', () => {
	const NEW = { ...PLAN_186, code: 'thaibinh-186', provinceCode: '34', hierarchy: '2025-03-01' };

	it('adds code, province, hierarchy and the groups to the settings', () => {
		expect(parseNewCampaign(NEW)).toEqual({ ...DEFAULT_SETTINGS, ...NEW, groups: [], keepUngrouped: false });
	});

	it('checks its own fields together with the settings', () => {
		expect(problemsOf(() => parseNewCampaign({ ...NEW, code: 'Thái Bình', provinceCode: '034', hierarchy: 'nay', dayEndHour: 0 }))).toEqual([
			{ field: 'code', message: 'mã đợt gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang (2–64 ký tự).' },
			{ field: 'provinceCode', message: 'dài quá 2 ký tự.' },
			{ field: 'hierarchy', message: '«nay» không phải ngày hợp lệ (định dạng YYYY-MM-DD).' },
			{ field: 'dayEndHour', message: 'phải là số nguyên từ 1 đến 24.' }
		]);
	});

	it('names a wrong group by its place in the body', () => {
		const problems = problemsOf(() => parseNewCampaign({ ...NEW, groups: 'cụm 1' }));
		expect(problems).toEqual([{ field: 'groups', message: 'cần một danh sách cụm [{code, name, communes: [mã xã…]}].' }]);
	});
});
