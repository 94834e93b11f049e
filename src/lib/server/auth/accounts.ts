import { ValidationError } from '../../domain/errors';
import { recordAudit } from '../audit/repository';
import { hashPassword } from './passwords';
import { findUserByUsername, insertUser } from './users';
import type { Database } from '../db';
import type { Role, UnitLevel } from '../db/schema';
import { findUnit, listHierarchies } from '../units/repository';

const ROLE_LEVEL: Record<Role, UnitLevel> = { admin: 'province', leader: 'province', district: 'district', clerk: 'commune' };
const ROLE_NAMES: Record<Role, string> = { admin: 'quản trị', leader: 'lãnh đạo', district: 'cấp huyện', clerk: 'cán bộ xã' };
const LEVEL_NAMES: Record<UnitLevel, string> = { province: 'tỉnh', district: 'huyện', commune: 'xã' };

export interface AddUserInput {
	username: string;
	role: string;
	unitCode?: string;
	email?: string;
	displayName?: string;
	password: string;
}

/** Creates an account; the unit is looked up in the newest hierarchy version. */
export async function addUser(db: Database, input: AddUserInput) {
	const role = input.role as Role;
	if (!(role in ROLE_LEVEL)) throw new ValidationError(`Vai trò «${input.role}» không hợp lệ (admin, leader, district, clerk).`);
	if (!/^[a-z0-9._-]{3,64}$/.test(input.username))
		throw new ValidationError('Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.');
	if ([...input.password].length < 8) throw new ValidationError('Mật khẩu phải có ít nhất 8 ký tự.');
	if (input.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(input.email))
		throw new ValidationError(`Địa chỉ email «${input.email}» không hợp lệ.`);
	if (!input.unitCode) throw new ValidationError(`Vai trò ${ROLE_NAMES[role]} cần --unit: mã ${LEVEL_NAMES[ROLE_LEVEL[role]]}.`);
	const hierarchies = await listHierarchies(db);
	const newest = hierarchies.at(-1);
	if (!newest) throw new ValidationError('Chưa có danh mục đơn vị hành chính: chạy import-units trước.');
	const unit = await findUnit(db, newest.id, input.unitCode);
	if (!unit) throw new ValidationError(`Không có đơn vị mã ${input.unitCode} trong danh mục ngày ${newest.as_of}.`);
	if (unit.level !== ROLE_LEVEL[role])
		throw new ValidationError(`Vai trò ${ROLE_NAMES[role]} phải gắn với một ${LEVEL_NAMES[ROLE_LEVEL[role]]}; ${unit.name} là cấp ${LEVEL_NAMES[unit.level]}.`);
	if (await findUserByUsername(db, input.username)) throw new ValidationError(`Tên đăng nhập ${input.username} đã có.`);

	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (tx) => {
		const at = new Date().toISOString();
		const id = await insertUser(tx, {
			username: input.username,
			display_name: input.displayName ?? input.username,
			password_hash: passwordHash,
			role,
			unit_id: unit.id,
			email: input.email ?? null,
			created_at: at
		});
		await recordAudit(tx, {
			actor: 'cli',
			action: 'create_user',
			entity: 'user',
			entityId: id,
			unitId: unit.id,
			after: { username: input.username, role, unit: unit.code, email: input.email ?? null },
			at
		});
		return { id, username: input.username, role };
	});
}
