/**
 * How the levels of a campaign's hierarchy are named (DESIGN §3): before the 2025 reform
 * a province has huyện and its communes are "xã, phường, thị trấn"; after it, the middle
 * level is the province's cụm thi đua and communes are "xã, phường, đặc khu". Every page,
 * workbook, mail and message takes its level words from here. Pure.
 */
import { ROLE_LEVEL, type Role } from './access';
import { LEVEL_LABELS, ROLE_LABELS } from './labels';

export type MiddleLevel = 'district' | 'group';

export interface LevelWords {
	middle: MiddleLevel;
	/** The middle level as a noun in a sentence: "huyện", "cụm thi đua". */
	middleNoun: string;
	/** Short, before a name or a count: "8 huyện", "6 cụm". */
	middleShort: string;
	/** As a table header or a title: "Huyện", "Cụm thi đua". */
	middleHeader: string;
	/** An official report's table header: "Huyện, thị xã, thành phố", "Cụm thi đua". */
	middleTable: string;
	/** Communes in a count: "34/130 xã". */
	commune: string;
	/** The head of a middle unit, as a reader: "trưởng phòng Tư pháp huyện", "trưởng cụm thi đua". */
	middleHead: string;
	/** The middle units' offices on a report's "Nơi nhận": "Phòng Tư pháp các huyện", "Trưởng các cụm thi đua". */
	middleOffices: string;
	/** The communes as a table header: "Xã, phường, thị trấn", "Xã, phường, đặc khu". */
	communesHeader: string;
}

const WORDS: Record<MiddleLevel, LevelWords> = {
	district: {
		middle: 'district',
		middleNoun: 'huyện',
		middleShort: 'huyện',
		middleHeader: 'Huyện',
		middleTable: 'Huyện, thị xã, thành phố',
		commune: 'xã',
		middleHead: 'trưởng phòng Tư pháp huyện',
		middleOffices: 'Phòng Tư pháp các huyện',
		communesHeader: 'Xã, phường, thị trấn'
	},
	group: {
		middle: 'group',
		middleNoun: 'cụm thi đua',
		middleShort: 'cụm',
		middleHeader: 'Cụm thi đua',
		middleTable: 'Cụm thi đua',
		commune: 'xã',
		middleHead: 'trưởng cụm thi đua',
		middleOffices: 'Trưởng các cụm thi đua',
		communesHeader: 'Xã, phường, đặc khu'
	}
};

/** The words of a hierarchy of `levels` levels (3: with districts; 2: after the reform). */
export function levelWords(levels: number): LevelWords {
	return WORDS[levels === 2 ? 'group' : 'district'];
}

/** The words of a campaign whose middle level is `middle`. */
export function wordsOfMiddle(middle: MiddleLevel): LevelWords {
	return WORDS[middle];
}

/** A role as users of a hierarchy read it: a `district` user of a 2-level province leads a cụm thi đua. */
export function roleLabel(role: Role, words: LevelWords): string {
	return role === 'district' && words.middle === 'group' ? 'Trưởng cụm thi đua' : ROLE_LABELS[role];
}

/** The kind of unit a role is tied to, as a noun: "tỉnh", "huyện" or "cụm thi đua", "xã". */
export function roleUnitNoun(role: Role, words: LevelWords): string {
	return role === 'district' ? words.middleNoun : LEVEL_LABELS[ROLE_LEVEL[role]];
}

/** The whole province, as a total row or a subject reads it: "Toàn tỉnh Hưng Yên", "toàn thành phố Hà Nội". */
export function wholeProvince(provinceName: string, capital = true): string {
	if (provinceName === NATION_NAME) return capital ? NATION_NAME : NATION_NAME.toLocaleLowerCase('vi-VN');
	const name = provinceName.replace(/^(Tỉnh|Thành phố) /, (type) => type.toLocaleLowerCase('vi-VN'));
	return `${capital ? 'Toàn' : 'toàn'} ${name}`;
}

/** A national campaign's root, as a row or a title reads it (issue 29). */
export const NATION_NAME = 'Toàn quốc';

/** Its provinces' level as a table header. */
export const PROVINCE_HEADER = 'Tỉnh/Thành phố';
