import { describe, expect, it } from 'vitest';
import { clusterOfCommunes, reformLinks, targetsAcrossReform } from './reform';

const HEADER = ['Mã TP mới', 'Tỉnh / Thành Phố mới', 'Mã PX mới', 'Phường Xã mới', 'Mã PX cũ', 'Phường Xã cũ', 'Loại'];
const rows = [
	['33', 'Tỉnh Hưng Yên', '10001', 'Xã A', '20001', 'Xã cũ 1', 'toàn bộ'],
	['33', 'Tỉnh Hưng Yên', '10001', 'Xã A', '20002', 'Xã cũ 2', 'một phần'],
	['33', 'Tỉnh Hưng Yên', '10002', 'Xã B', '20002', 'Xã cũ 2', 'một phần'],
	['33', 'Tỉnh Hưng Yên', '10002', 'Xã B', '20003', 'Xã cũ 3', 'toàn bộ'],
	['33', 'Tỉnh Hưng Yên', '10002', 'Xã B', '20004', 'Xã cũ 4', 'toàn bộ'],
	['01', 'Thành phố Hà Nội', '00004', 'Phường Ba Đình', '00004', 'Phường Trúc Bạch', 'toàn bộ']
];

describe('Hưng Yên across the reform', () => {
	const links = reformLinks(HEADER, rows, '33');

	it('reads the links of one province', () => {
		expect(links.map((l) => [l.newCode, l.oldCode, l.whole])).toEqual([
			['10001', '20001', true],
			['10001', '20002', false],
			['10002', '20002', false],
			['10002', '20003', true],
			['10002', '20004', true]
		]);
	});

	it('sums the old communes’ targets, a split one by equal parts, keeping the total exact', () => {
		const old = new Map([
			['20001', { khai_sinh: 100 }],
			['20002', { khai_sinh: 7 }],
			['20003', { khai_sinh: 10 }],
			['20004', { khai_sinh: 1 }]
		]);
		const targets = targetsAcrossReform(links, old, ['khai_sinh', 'ket_hon']);
		expect(Object.fromEntries(targets)).toEqual({ '10001': { khai_sinh: 104, ket_hon: 0 }, '10002': { khai_sinh: 14, ket_hon: 0 } });
	});

	it('puts a new commune in the cluster of the old district most of its links came from', () => {
		const districtOf = new Map([
			['20001', '325'],
			['20002', '326'],
			['20003', '344'],
			['20004', '344']
		]);
		const clusters = [
			{ code: 'CUM-1', name: 'Cụm thi đua số 1', districts: ['325', '326'] },
			{ code: 'CUM-5', name: 'Cụm thi đua số 5', districts: ['344'] }
		];
		expect(clusterOfCommunes(links, districtOf, clusters)).toEqual([
			{ commune: '10001', group: 'CUM-1', groupName: 'Cụm thi đua số 1' },
			{ commune: '10002', group: 'CUM-5', groupName: 'Cụm thi đua số 5' }
		]);
	});
});
