/**
 * `npm run cli -- <command>`: administration from the shell (DESIGN §8). Messages are
 * Vietnamese; the exit code is 0 on success, 1 on refused input, 2 on misuse.
 */
import { UNGROUPED } from '$lib/domain/groups';
import { importGroupsFile } from '../groups/service';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeProblems, ValidationError } from '$lib/domain/errors';
import { formatCount, formatDate, formatDateTime, formatPct } from '$lib/domain/format';
import { BODY_SIZE_LIMIT } from '$lib/domain/limits';
import { isValidLocalDate, localDateOf, parseInstant } from '$lib/domain/time';
import { backupDatabase, integrityCheck } from '../backup/backup';
import { databaseLocation, databasePath, siteOrigin } from '../config';
import { isPostgresUrl } from '../db/dialect';
import { copyDatabase, CopyMismatchError, type CopyResult } from '../transfer/copy';
import { migrateToLatest, openDatabase, openSqlite, type OpenDatabase } from '../db';
import { buildDemo, isDemoDatabase } from '../demo/build';
import { findCampaignByCode } from '../campaigns/repository';
import { snapshotRows } from '../snapshots/repository';
import { takeAdhocSnapshot } from '../snapshots/service';
import { importUnitList, readUnitFile } from '../units/import';
import { importMapping } from '../mapping/import';
import { describeMappingImport } from '$lib/domain/mapping';
import { addUser } from '../auth/accounts';
import { checkAccountFile, countByRole, createAccounts } from '../auth/account-import';
import { credentialsWorkbook } from '$reports/credentials';
import { createApiToken } from '../auth/session';

const USAGE = `Cách dùng: npm run cli -- <lệnh>

  migrate                                   áp dụng các migration còn thiếu
  import-units <tệp.csv|tệp.xlsx> [--as-of YYYY-MM-DD]
                                            nhập danh mục đơn vị hành chính
  import-groups <tệp.xlsx|tệp.csv> --province <mã tỉnh> [--keep-ungrouped]
                                            nhập cách chia cụm thi đua (mã xã → mã cụm)
  import-mapping <tệp.csv|tệp.xlsx> --from YYYY-MM-DD --to YYYY-MM-DD [--accept-unknown]
                                            nhập bảng chuyển đổi xã cũ → xã mới giữa hai danh mục
                                            (--accept-unknown: chấp nhận mã không có trong danh mục)
  user add <tên> --role <vai trò> [--unit <mã>] [--email <địa chỉ>] [--hierarchy YYYY-MM-DD]
                                            tạo tài khoản (mật khẩu đọc từ stdin); đơn vị tìm trong
                                            danh mục mới nhất, hoặc danh mục ngày --hierarchy
  user import <tệp.xlsx|tệp.csv> [--out <tệp.xlsx>] [--hierarchy YYYY-MM-DD]
                                            tạo nhiều tài khoản, mỗi tài khoản một mật khẩu
                                            dùng một lần (ghi ra tệp <tên>-mat-khau.xlsx)
  token create <tên>                        tạo mã truy cập API (in ra một lần)
  snapshot <mã đợt> [--at <thời điểm>]      chốt số liệu ngay (hoặc tại một thời điểm đã qua)
  backup <tệp>                              sao lưu trực tuyến cơ sở dữ liệu
  copy-to-postgres --to <postgres://…> [--from <tệp.db>]
                                            chép toàn bộ cơ sở dữ liệu SQLite (mặc định DATABASE_PATH)
                                            sang một cơ sở dữ liệu PostgreSQL trống, rồi đối chiếu từng bảng
  demo [--start YYYY-MM-DD] [--now <thời điểm>] [--db <tệp>] [--serve] [--port <số>]
                                            dựng cơ sở dữ liệu trình diễn Thái Bình

Cơ sở dữ liệu: DATABASE_PATH (mặc định data/tiendo.db), hoặc DATABASE_URL=postgres://… cho PostgreSQL.`;

const BACKUP_ON_POSTGRES =
	'Lệnh backup chỉ sao lưu tệp SQLite. Cơ sở dữ liệu này là PostgreSQL (DATABASE_URL): hãy sao lưu bằng pg_dump, ví dụ pg_dump --format=custom --file=tiendo.dump "$DATABASE_URL".';

class UsageError extends Error {}

async function withDatabase<T>(location: string, fn: (conn: OpenDatabase) => Promise<T>): Promise<T> {
	const conn = openDatabase(location);
	try {
		await migrateToLatest(conn.db);
		return await fn(conn);
	} finally {
		await conn.close();
	}
}

async function readStdin(): Promise<string> {
	if (process.stdin.isTTY) process.stderr.write('Mật khẩu: ');
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

/**
 * `user import <file> [--out <file.xlsx>]`: accounts in bulk, all or nothing, each with a
 * one-time password; the passwords go only into the .xlsx written next to the file.
 */
async function importUsers(args: string[]): Promise<void> {
	const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' }, hierarchy: { type: 'string' } }, allowPositionals: true });
	if (positionals.length !== 1) throw new UsageError('Cách dùng: user import <tệp.xlsx|tệp.csv> [--out <tệp.xlsx>] [--hierarchy YYYY-MM-DD].');
	const file = positionals[0];
	if (!existsSync(file)) throw new ValidationError(`Không có tệp ${file}.`);
	const out = values.out ?? join(dirname(file), `${basename(file, extname(file))}-mat-khau.xlsx`);
	if (existsSync(out)) throw new ValidationError(`Tệp ${out} đã có; chọn tệp khác bằng --out để không ghi đè.`);
	await withDatabase(databaseLocation(), async ({ db }) => {
		const checked = await checkAccountFile(db, 'cli', { name: basename(file), bytes: new Uint8Array(readFileSync(file)) }, values.hierarchy);
		if (checked.problems.length > 0) throw new ValidationError(`Tệp ${file} có ${formatCount(checked.problems.length)} lỗi; không tài khoản nào được tạo.`, checked.problems);
		const accounts = await createAccounts(db, 'cli', checked);
		const workbook = credentialsWorkbook({ site: siteOrigin(), createdAt: formatDateTime(new Date(), 'Asia/Ho_Chi_Minh'), accounts });
		writeFileSync(out, Buffer.from(await workbook.xlsx.writeBuffer()), { mode: 0o600 });
		console.log(`Đã tạo ${formatCount(accounts.length)} tài khoản (${countByRole(checked.accounts)}).`);
		console.log(`Mật khẩu dùng một lần ở tệp ${out} (chỉ lần này; hệ thống chỉ lưu bản băm). Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.`);
	});
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
	async migrate() {
		const { db } = openDatabase(databaseLocation());
		try {
			const results = await migrateToLatest(db);
			if (results.length === 0) console.log('Cơ sở dữ liệu đã ở phiên bản mới nhất.');
			for (const r of results) console.log(`Đã áp dụng migration ${r.migrationName}.`);
		} finally {
			await db.destroy();
		}
	},

	async 'import-groups'(args) {
		const { values, positionals } = parseArgs({ args, options: { province: { type: 'string' }, 'keep-ungrouped': { type: 'boolean' } }, allowPositionals: true });
		if (positionals.length !== 1 || !values.province) throw new UsageError('Cách dùng: import-groups <tệp.xlsx|tệp.csv> --province <mã tỉnh> [--keep-ungrouped].');
		const file = positionals[0];
		if (!existsSync(file)) throw new ValidationError(`Không có tệp ${file}.`);
		await withDatabase(databaseLocation(), async ({ db }) => {
			const result = await importGroupsFile(
				db,
				'cli',
				{ name: basename(file), bytes: new Uint8Array(readFileSync(file)) },
				{ code: values.province!, keepUngrouped: values['keep-ungrouped'] ?? false }
			);
			const kept = result.ungrouped ? `, ${formatCount(result.ungrouped)} xã ở nhóm «${UNGROUPED.name}»` : '';
			console.log(
				`Đã lưu ${formatCount(result.groups)} cụm thi đua với ${formatCount(result.communes)} xã${kept}; ${formatCount(result.moved)} xã đổi cụm trong các đợt của tỉnh.`
			);
		});
	},

	async 'import-mapping'(args) {
		const { values, positionals } = parseArgs({
			args,
			options: { from: { type: 'string' }, to: { type: 'string' }, 'accept-unknown': { type: 'boolean' } },
			allowPositionals: true
		});
		if (positionals.length !== 1 || !values.from || !values.to)
			throw new UsageError('Cách dùng: import-mapping <tệp.csv|tệp.xlsx> --from YYYY-MM-DD --to YYYY-MM-DD [--accept-unknown].');
		const file = positionals[0];
		if (!existsSync(file)) throw new ValidationError(`Không có tệp ${file}.`);
		await withDatabase(databaseLocation(), async ({ db }) => {
			const result = await importMapping(
				db,
				{ name: basename(file), bytes: new Uint8Array(readFileSync(file)) },
				{ from: values.from!, to: values.to!, acceptUnknown: values['accept-unknown'] ?? false, by: 'cli' }
			);
			for (const line of describeMappingImport(result, formatCount)) console.log(line);
		});
	},

	async 'import-units'(args) {
		const { values, positionals } = parseArgs({ args, options: { 'as-of': { type: 'string' } }, allowPositionals: true });
		if (positionals.length !== 1) throw new UsageError('Cần đúng một tệp danh mục.');
		const asOf = values['as-of'] ?? localDateOf(new Date(), 'Asia/Ho_Chi_Minh');
		if (!isValidLocalDate(asOf)) throw new ValidationError(`Ngày hiệu lực «${asOf}» không hợp lệ (định dạng YYYY-MM-DD).`);
		const list = await readUnitFile(positionals[0]);
		await withDatabase(databaseLocation(), async ({ db }) => {
			const result = await importUnitList(db, list, { asOf, source: positionals[0], actor: 'cli' });
			const { province, district, commune } = result.counts;
			const counts = `${formatCount(province)} tỉnh, ${district ? `${formatCount(district)} huyện, ` : ''}${formatCount(commune)} xã`;
			console.log(
				result.status === 'created' ? `Đã nhập danh mục ngày ${asOf}: ${counts}.` : `Danh mục ngày ${asOf} đã có với đúng nội dung này (${counts}); không có gì thay đổi.`
			);
		});
	},

	async user(args) {
		const [sub, ...rest] = args;
		if (sub === 'import') return importUsers(rest);
		if (sub !== 'add') throw new UsageError('Lệnh user chỉ có: user add, user import.');
		const { values, positionals } = parseArgs({
			args: rest,
			options: { role: { type: 'string' }, unit: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, hierarchy: { type: 'string' } },
			allowPositionals: true
		});
		if (positionals.length !== 1 || !values.role) throw new UsageError('Cần tên đăng nhập và --role.');
		const password = await readStdin();
		await withDatabase(databaseLocation(), async ({ db }) => {
			const user = await addUser(db, {
				username: positionals[0],
				role: values.role!,
				unitCode: values.unit,
				email: values.email,
				displayName: values.name,
				password,
				hierarchy: values.hierarchy
			});
			console.log(`Đã tạo tài khoản ${user.username} (${user.role}).`);
		});
	},

	async token(args) {
		const [sub, username, ...rest] = args;
		if (sub !== 'create' || !username || rest.length) throw new UsageError('Cách dùng: token create <tên đăng nhập>.');
		await withDatabase(databaseLocation(), async ({ db }) => {
			const token = await createApiToken(db, username, { name: 'cli', actor: 'cli' });
			if (!token) throw new ValidationError(`Không có tài khoản ${username}.`);
			console.log(token);
			console.error(`Mã truy cập của ${username} (chỉ hiện một lần; hệ thống chỉ lưu bản băm).`);
		});
	},

	async snapshot(args) {
		const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { at: { type: 'string' } } });
		if (positionals.length !== 1) throw new UsageError('Cách dùng: snapshot <mã đợt> [--at <thời điểm ISO 8601 có múi giờ>].');
		const at = values.at === undefined ? null : parseInstant(values.at);
		if (at === null && values.at !== undefined) throw new ValidationError(`Thời điểm «${values.at}» không hợp lệ: cần ISO 8601 có múi giờ, ví dụ 2024-12-10T11:30:00+07:00.`);
		await withDatabase(databaseLocation(), async ({ db }) => {
			const campaign = await findCampaignByCode(db, positionals[0]);
			if (!campaign) throw new ValidationError(`Không có đợt số hóa mã «${positionals[0]}».`);
			const snapshot = await takeAdhocSnapshot(db, null, campaign, at, 'cli');
			const [total] = await snapshotRows(db, snapshot.id, { levels: ['province'], recordType: '' });
			console.log(
				`Đã chốt số liệu #${snapshot.id} lúc ${formatDateTime(snapshot.slot_at, campaign.timeZone)}: ${formatCount(total.credited)}/${formatCount(total.target)} hồ sơ (${formatPct(total.pct)}), ${formatCount(snapshot.duration_ms)} ms.`
			);
		});
	},

	async backup(args) {
		if (args.length !== 1) throw new UsageError('Cần đúng một tệp đích.');
		await withDatabase(databaseLocation(), async (conn) => {
			if (conn.dialect !== 'sqlite') throw new ValidationError(BACKUP_ON_POSTGRES);
			const { pages } = await backupDatabase(conn.sqlite, args[0]);
			const copy = openSqlite(args[0], { readonly: true });
			const check = integrityCheck(copy.sqlite);
			await copy.close();
			if (check !== 'ok') throw new Error(`Bản sao lưu không qua được kiểm tra toàn vẹn: ${check}`);
			console.log(`Đã sao lưu ${formatCount(pages)} trang vào ${args[0]} (kiểm tra toàn vẹn: ok).`);
		});
	},

	async 'copy-to-postgres'(args) {
		const { values, positionals } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } } });
		if (positionals.length || !values.to || !isPostgresUrl(values.to)) throw new UsageError('Cách dùng: copy-to-postgres --to postgres://… [--from <tệp.db>].');
		const from = values.from ?? databasePath();
		if (!existsSync(from)) throw new ValidationError(`Không có tệp cơ sở dữ liệu ${from}.`);
		const source = openSqlite(from, { readonly: true });
		const target = openDatabase(values.to);
		const where = describeUrl(values.to);
		try {
			console.log(`Chép ${from} sang ${where}…`);
			const started = performance.now();
			const result = await copyDatabase(source.db, target.db, { sourceName: from }).catch((e: unknown) => {
				if (!(e instanceof CopyMismatchError)) throw e;
				return e.result;
			});
			for (const line of copySummary(result)) console.log(line);
			if (!result.matches) throw new ValidationError(`Số liệu ở ${where} không khớp với ${from}; đã hủy, không có gì được ghi.`);
			const rows = result.tables.reduce((n, t) => n + t.source, 0);
			console.log(
				`Đã chép ${formatCount(result.tables.length)} bảng, ${formatCount(rows)} dòng trong ${formatCount(Math.round(performance.now() - started))} ms; mọi số liệu khớp.`
			);
		} finally {
			await target.close();
			await source.close();
		}
	},

	async demo(args) {
		const { values } = parseArgs({
			args,
			options: {
				start: { type: 'string' },
				now: { type: 'string' },
				db: { type: 'string', default: 'data/demo.db' },
				serve: { type: 'boolean', default: false },
				port: { type: 'string', default: process.env.PORT ?? '3000' }
			}
		});
		if (values.start !== undefined && !isValidLocalDate(values.start)) throw new ValidationError(`Ngày bắt đầu «${values.start}» không hợp lệ (định dạng YYYY-MM-DD).`);
		const now = values.now ? new Date(values.now) : new Date();
		if (Number.isNaN(now.getTime())) throw new ValidationError(`Thời điểm «${values.now}» không hợp lệ (ISO 8601).`);
		const path = values.db;
		if (existsSync(path)) {
			const isDemo = await withDatabase(path, ({ db }) => isDemoDatabase(db));
			if (!isDemo) throw new ValidationError(`Tệp ${path} không phải cơ sở dữ liệu trình diễn; không xóa. Hãy chọn --db khác.`);
			for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
		}
		const summary = await withDatabase(path, ({ db }) => buildDemo(db, { start: values.start, now }));
		console.log(`Đã dựng dữ liệu trình diễn trong ${path}:`);
		for (const c of summary.campaigns) {
			const when = c.code === summary.campaignCode ? 'đợt đang chạy, trang chủ mở đợt này' : 'đợt đã qua';
			console.log(
				`  ${c.name} (${c.code}, ${when}): ${formatDate(c.start)} → ${formatDate(c.deadline)}, ${formatCount(c.reports)} báo cáo, ${formatCount(c.snapshots)} lần chốt số liệu theo lịch.`
			);
		}
		console.log('Tài khoản trình diễn (chỉ dùng cho bản trình diễn):');
		for (const c of summary.campaigns) {
			console.log(`  Đợt ${c.code}:`);
			for (const a of summary.accounts.filter((x) => x.campaign === c.code)) console.log(`    ${a.role.padEnd(8)} ${a.username.padEnd(20)} mật khẩu: ${a.password}   (${a.unit})`);
		}
		if (values.serve) serve(path, values.port);
	}
};

/** A database URL without its password, for messages. */
function describeUrl(url: string): string {
	const u = new URL(url);
	if (u.password) u.password = '***';
	return u.toString();
}

/** One line per table (rows in the source and in the copy), then each campaign's total count in force. */
function copySummary(result: CopyResult): string[] {
	const mark = (a: number, b: number) => (a === b ? 'khớp' : 'LỆCH');
	const width = Math.max(...result.tables.map((t) => t.table.length), 4);
	const lines = [`  ${'bảng'.padEnd(width)}  ${'nguồn'.padStart(12)}  ${'bản chép'.padStart(12)}`];
	for (const t of result.tables)
		lines.push(`  ${t.table.padEnd(width)}  ${formatCount(t.source).padStart(12)}  ${formatCount(t.target).padStart(12)}  ${mark(t.source, t.target)}`);
	for (const c of result.campaigns)
		lines.push(`  Tổng số hồ sơ đã báo cáo, đợt ${c.code}: ${formatCount(c.source)} ở nguồn, ${formatCount(c.target)} ở bản chép  ${mark(c.source, c.target)}`);
	return lines;
}

function serve(path: string, port: string) {
	if (!existsSync('build/index.js')) throw new UsageError('Chưa có bản build: chạy npm run build trước.');
	const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
	const child = spawn(process.execPath, ['build'], {
		stdio: 'inherit',
		env: { BODY_SIZE_LIMIT, ...process.env, DATABASE_URL: '', DATABASE_PATH: path, PORT: port, ORIGIN: origin }
	});
	console.log(`\nBản trình diễn đang chạy tại ${origin}  (Ctrl+C để dừng)`);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
	child.on('exit', (code) => process.exit(code ?? 0));
}

async function main(argv: string[]): Promise<number> {
	const [name, ...args] = argv;
	const command = name ? commands[name] : undefined;
	if (!command || name === 'help' || name === '--help') {
		console.log(USAGE);
		return name && name !== 'help' && name !== '--help' ? 2 : 0;
	}
	try {
		await command(args);
		return 0;
	} catch (error) {
		if (error instanceof ValidationError) {
			console.error(error.message);
			if (error.problems.length) console.error(describeProblems(error.problems));
			return 1;
		}
		if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
			console.error(`${(error as Error).message}\n\n${USAGE}`);
			return 2;
		}
		throw error;
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		if (code !== 0 || !process.argv.includes('--serve')) process.exitCode = code;
	},
	(error: unknown) => {
		// What main does not turn into a message: shown whole, and the command fails.
		console.error(error);
		process.exitCode = 1;
	}
);
