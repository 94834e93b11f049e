/**
 * The workbook of accounts created from a file, with their one-time passwords: built once,
 * right after confirmation, and never stored. Pure: data in, workbook out.
 */
import ExcelJS from 'exceljs';

export interface Credential {
	username: string;
	displayName: string;
	role: string; // as users read it
	unitCode: string;
	unitName: string;
	email: string | null;
	password: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };

export function credentialsWorkbook(input: { site: string; createdAt: string; accounts: Credential[] }): ExcelJS.Workbook {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Tiến độ số hóa hộ tịch';
	const sheet = workbook.addWorksheet('Tài khoản mới');
	sheet.addRow(['DANH SÁCH TÀI KHOẢN MỚI VÀ MẬT KHẨU DÙNG MỘT LẦN']).font = { bold: true, size: 13 };
	sheet.addRow([`Tạo lúc ${input.createdAt} · Địa chỉ đăng nhập: ${input.site}`]);
	sheet.addRow(['Mỗi mật khẩu chỉ dùng cho lần đăng nhập đầu tiên; người dùng phải đổi mật khẩu ngay. Giữ tệp này kín và xóa sau khi đã giao mật khẩu.']).font = { italic: true };
	const header = sheet.addRow(['STT', 'Họ và tên', 'Tên đăng nhập', 'Mật khẩu dùng một lần', 'Vai trò', 'Mã đơn vị', 'Đơn vị', 'Email']);
	header.font = { bold: true };
	header.eachCell((c) => (c.fill = HEADER_FILL));
	input.accounts.forEach((a, i) => {
		const row = sheet.addRow([i + 1, a.displayName, a.username, a.password, a.role, a.unitCode, a.unitName, a.email ?? '']);
		row.getCell(6).numFmt = '@'; // a code keeps its leading zeros
	});
	[6, 28, 22, 22, 18, 11, 30, 30].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
	sheet.views = [{ state: 'frozen', ySplit: 4 }];
	return workbook;
}
