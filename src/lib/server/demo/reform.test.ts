import { describe, expect, it } from 'vitest';
import { clusterOfCommunes, targetsAcrossReform, type ReformLink } from './reform';

describe('Hưng Yên across the reform', () => {
	const links: ReformLink[] = [
		{ newCode: '10001', oldCode: '20001', whole: true },
		{ newCode: '10001', oldCode: '20002', whole: false },
		{ newCode: '10002', oldCode: '20002', whole: false },
		{ newCode: '10002', oldCode: '20003', whole: true },
		{ newCode: '10002', oldCode: '20004', whole: true }
	];

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
