import { describe, expect, it } from 'vitest';
import { firstScreen, isRunning, landingCampaign } from './landing';

const TZ = 'Asia/Ho_Chi_Minh';
const campaign = (code: string, start: string, deadline: string) => ({ code, start, deadline, timeZone: TZ });

describe('landingCampaign', () => {
	const past = campaign('thaibinh-186', '2024-12-01', '2024-12-21');
	const long = campaign('hungyen-ca-nam', '2026-01-01', '2026-12-31');
	const short = campaign('hungyen-hotich', '2026-11-27', '2026-12-17');

	it('picks, of the campaigns running today in their zone, the one with the nearest deadline', () => {
		expect(landingCampaign([long, short, past], new Date('2026-12-06T03:00:00Z'))?.code).toBe('hungyen-hotich');
		expect(landingCampaign([short, long, past], new Date('2026-12-20T03:00:00Z'))?.code).toBe('hungyen-ca-nam');
	});

	it('counts the start and the deadline as days of the campaign, in its own time zone', () => {
		// 17:30 UTC on 16/12 is 00:30 on 17/12 in Hà Nội: the deadline's day, still running.
		expect(isRunning(short, new Date('2026-12-17T16:59:00Z'))).toBe(true);
		expect(isRunning(short, new Date('2026-12-17T17:00:00Z'))).toBe(false);
		expect(isRunning(short, new Date('2026-11-26T17:00:00Z'))).toBe(true);
		expect(isRunning(short, new Date('2026-11-26T16:59:00Z'))).toBe(false);
	});

	it('falls back to the first listed (the newest) when none runs, and to nothing without campaigns', () => {
		expect(landingCampaign([short, past], new Date('2027-03-01T03:00:00Z'))?.code).toBe('hungyen-hotich');
		expect(landingCampaign([], new Date())).toBeNull();
	});
});

describe('firstScreen', () => {
	it('sends a clerk to their commune’s entry form', () => {
		expect(firstScreen('clerk', 'hungyen-hotich', '13192')).toBe('/dot/hungyen-hotich/nhap/13192');
		expect(firstScreen('clerk', 'hungyen-hotich', null)).toBe('/dot/hungyen-hotich/nhap');
	});

	it('sends a district head or a group lead to their own unit’s page', () => {
		expect(firstScreen('district', 'thaibinh-186', '344')).toBe('/dot/thaibinh-186/don-vi/344');
		expect(firstScreen('district', 'hungyen-hotich', 'CUM-5')).toBe('/dot/hungyen-hotich/don-vi/CUM-5');
		expect(firstScreen('district', 'hungyen-hotich', null)).toBe('/dot/hungyen-hotich');
	});

	it('sends leaders and admins to the province, and encodes what an address cannot carry', () => {
		expect(firstScreen('leader', 'hungyen-hotich', '33')).toBe('/dot/hungyen-hotich');
		expect(firstScreen('admin', 'đợt 1', null)).toBe('/dot/%C4%91%E1%BB%A3t%201');
	});
});
