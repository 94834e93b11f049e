import { describe, expect, it } from 'vitest';
import { describeValues, formBodyOf, inSendingOrder, ofCommune, outcomeOf, waitingLabel, type PendingEntry } from './offline-queue';

const ORIGIN = 'https://tiendo.example.vn';

function entry(over: Partial<PendingEntry> = {}): PendingEntry {
	return {
		key: 'k-00000001',
		campaign: 'thaibinh-186',
		commune: '13192',
		path: '/dot/thaibinh-186/nhap/13192',
		mode: 'delta',
		values: { khai_sinh: '500' },
		note: '',
		asOf: '2024-12-10T03:00:00.000Z',
		madeAt: '2024-12-10T03:00:00.000Z',
		refusal: null,
		...over
	};
}

describe('the form body of an entry', () => {
	it('carries the key, the mode, each value, the note and the time it was made', () => {
		const body = formBodyOf(entry({ values: { khai_sinh: '500', ket_hon: '40' }, note: 'sửa' }));
		expect([...body]).toEqual([
			['key', 'k-00000001'],
			['mode', 'delta'],
			['v:khai_sinh', '500'],
			['v:ket_hon', '40'],
			['note', 'sửa'],
			['asOf', '2024-12-10T03:00:00.000Z']
		]);
	});

	it('leaves the time out of an entry first sent online, so that its resend is the same request', () => {
		expect(formBodyOf(entry({ asOf: '' })).has('asOf')).toBe(false);
	});
});

describe('the order entries are sent in', () => {
	it('sends the oldest first and keeps refused entries for the clerk', () => {
		const a = entry({ key: 'a-0000001', madeAt: '2024-12-10T03:00:02.000Z' });
		const b = entry({ key: 'b-0000001', madeAt: '2024-12-10T03:00:01.000Z' });
		const c = entry({ key: 'c-0000001', madeAt: '2024-12-10T03:00:00.000Z', refusal: { message: 'x', problems: [] } });
		expect(inSendingOrder([a, b, c]).map((e) => e.key)).toEqual(['b-0000001', 'a-0000001']);
	});

	it('orders entries made in the same millisecond by key, the same way every time', () => {
		const a = entry({ key: 'b-0000001' });
		const b = entry({ key: 'a-0000001' });
		expect(inSendingOrder([a, b]).map((e) => e.key)).toEqual(['a-0000001', 'b-0000001']);
		expect(inSendingOrder([b, a]).map((e) => e.key)).toEqual(['a-0000001', 'b-0000001']);
	});

	it('lists one commune form’s entries, refused ones included', () => {
		const mine = entry({ refusal: { message: 'x', problems: [] } });
		const other = entry({ key: 'k-2', commune: '13195' });
		expect(ofCommune([other, mine], 'thaibinh-186', '13192')).toEqual([mine]);
	});
});

describe('what the answer to a send means', () => {
	it('reads the redirect to the form as a write, or as the replay of an earlier one', () => {
		expect(outcomeOf({ type: 'redirect', status: 303, location: '/dot/x/nhap/13192?da-ghi=2' }, ORIGIN)).toEqual({ kind: 'written', count: 2, replayed: false });
		expect(outcomeOf({ type: 'redirect', status: 303, location: '/dot/x/nhap/13192?da-ghi=1&lap-lai' }, ORIGIN)).toEqual({ kind: 'written', count: 1, replayed: true });
	});

	it('reads a redirect anywhere else as the end of the session', () => {
		expect(outcomeOf({ type: 'redirect', status: 303, location: '/dang-nhap?sau=%2Fdot' }, ORIGIN)).toEqual({ kind: 'signed-out' });
		expect(outcomeOf({ type: 'error', status: 401, error: { message: 'x' } }, ORIGIN)).toEqual({ kind: 'signed-out' });
	});

	it('brings back a refusal with the server’s own words', () => {
		const data = { message: 'Chưa có gì được ghi: hãy sửa các ô dưới đây.', problems: [{ field: 'note', message: 'Khai sinh: cần ghi lý do.' }] };
		expect(outcomeOf({ type: 'failure', status: 400, data }, ORIGIN)).toEqual({ kind: 'refused', refusal: { message: data.message, problems: ['Khai sinh: cần ghi lý do.'] } });
		expect(outcomeOf({ type: 'error', status: 403, error: { message: 'Lãnh đạo chỉ xem số liệu.' } }, ORIGIN)).toEqual({
			kind: 'refused',
			refusal: { message: 'Lãnh đạo chỉ xem số liệu.', problems: [] }
		});
	});

	it('keeps the entry for later on a server error or no answer', () => {
		expect(outcomeOf({ type: 'error', status: 503, error: {} }, ORIGIN)).toEqual({ kind: 'unreachable' });
		expect(outcomeOf({ type: 'error', error: new TypeError('Failed to fetch') }, ORIGIN)).toEqual({ kind: 'unreachable' });
	});
});

describe('what the clerk reads', () => {
	it('names each value with its record type, the Vietnamese way', () => {
		const names = new Map([['khai_sinh', 'Khai sinh']]);
		expect(describeValues({ mode: 'delta', values: { khai_sinh: '1500', ket_hon: '', tu: '4' } }, names)).toBe('Khai sinh +1.500 · tu +4');
		expect(describeValues({ mode: 'cumulative', values: { khai_sinh: '1.238.077' } }, names)).toBe('Khai sinh = 1.238.077');
		expect(waitingLabel(2)).toBe('Chờ gửi (2)');
	});
});
