import { describe, expect, it } from 'vitest';
import { communeHistory } from './history';

const r = (asOf: string, received: string, cumulative: number, note: string | null = null) => ({
	record_type: 'khai_sinh',
	stage: 'nhap_lieu',
	as_of: asOf,
	cumulative,
	delta: null,
	received_at: received,
	source: 'form',
	note,
	author: 'A'
});

describe('communeHistory', () => {
	it('gives each report the value in force before it, a late one included, newest received first', () => {
		const history = communeHistory(
			[r('2024-12-01T01:00:00Z', '2024-12-01T01:00:00Z', 10), r('2024-12-02T01:00:00Z', '2024-12-04T01:00:00Z', 15), r('2024-12-03T01:00:00Z', '2024-12-03T01:00:00Z', 12, 'sửa')],
			[{ record_type: 'khai_sinh', target: 100, created_at: '2024-11-30T00:00:00Z', source: 'demo', note: null, author: null }]
		);
		expect(history.map((h) => [h.kind, h.before, h.after])).toEqual([
			['report', 10, 15],
			['correction', 15, 12],
			['report', null, 10],
			['target', null, 100]
		]);
	});
});
