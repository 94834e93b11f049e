/** The stable record-type codes of DESIGN §8 and their Vietnamese names. */
export const RECORD_TYPES: Record<string, string> = {
	khai_sinh: 'Khai sinh',
	ket_hon: 'Kết hôn',
	khai_tu: 'Khai tử',
	nhan_cha_me_con: 'Nhận cha, mẹ, con',
	giam_ho: 'Giám hộ',
	thay_doi_cai_chinh: 'Thay đổi, cải chính, bổ sung hộ tịch',
	khac: 'Khác'
};

export function isRecordType(code: unknown): code is string {
	return typeof code === 'string' && Object.hasOwn(RECORD_TYPES, code);
}
