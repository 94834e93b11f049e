import { afterEach, describe, expect, it } from 'vitest';
import { databasePoolSize } from './config';

describe('DATABASE_POOL_SIZE', () => {
	afterEach(() => {
		delete process.env.DATABASE_POOL_SIZE;
	});

	it('is 10 unless set, and a whole number from 1 to 100 when set', () => {
		expect(databasePoolSize()).toBe(10);
		process.env.DATABASE_POOL_SIZE = ' 25 ';
		expect(databasePoolSize()).toBe(25);
		for (const bad of ['0', '101', '2.5', 'mười', '-3']) {
			process.env.DATABASE_POOL_SIZE = bad;
			expect(() => databasePoolSize(), bad).toThrow(`DATABASE_POOL_SIZE=«${bad}» không hợp lệ: cần một số nguyên từ 1 đến 100`);
		}
	});
});
