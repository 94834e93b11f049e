/** The stable record-type codes of DESIGN §8 and their Vietnamese names. */
export const RECORD_TYPES = {
	khai_sinh: 'Khai sinh',
	ket_hon: 'Kết hôn',
	khai_tu: 'Khai tử',
	nhan_cha_me_con: 'Nhận cha, mẹ, con',
	giam_ho: 'Giám hộ',
	thay_doi_cai_chinh: 'Thay đổi, cải chính, bổ sung hộ tịch',
	khac: 'Khác'
} as const satisfies Record<string, string>;

export type RecordType = keyof typeof RECORD_TYPES;

/** A record type's Vietnamese name, or its code when it is not one of the stable ones. */
export function recordTypeName(code: string): string {
	return isRecordType(code) ? RECORD_TYPES[code] : code;
}

export function isRecordType(code: unknown): code is RecordType {
	return typeof code === 'string' && Object.hasOwn(RECORD_TYPES, code);
}
