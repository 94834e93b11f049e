import { describe, expect, it } from 'vitest';
import { levelWords, wholeProvince, wordsOfMiddle } from './levels';

describe('level words', () => {
	it('name districts and "thị trấn" before the reform', () => {
		expect(levelWords(3)).toMatchObject({ middle: 'district', middleNoun: 'huyện', middleHeader: 'Huyện', communesHeader: 'Xã, phường, thị trấn' });
	});

	it('name cụm thi đua and "đặc khu" after it, and never huyện', () => {
		const words = levelWords(2);
		expect(words).toMatchObject({ middle: 'group', middleNoun: 'cụm thi đua', middleHeader: 'Cụm thi đua', communesHeader: 'Xã, phường, đặc khu' });
		expect(JSON.stringify(words)).not.toMatch(/huyện|thị trấn/i);
		expect(wordsOfMiddle('group')).toBe(words);
	});
});

describe('wholeProvince', () => {
	it('keeps the province’s type in lower case after "Toàn"', () => {
		expect(wholeProvince('Tỉnh Hưng Yên')).toBe('Toàn tỉnh Hưng Yên');
		expect(wholeProvince('Thành phố Hà Nội', false)).toBe('toàn thành phố Hà Nội');
	});
});
