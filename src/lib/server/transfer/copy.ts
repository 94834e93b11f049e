/**
 * Copies a SQLite database into another database, PostgreSQL in practice (issue 29,
 * `copy-to-postgres`): the target is migrated by the app's migrator, must hold nothing but
 * what the migrations write, receives every table in foreign-key order in one transaction,
 * and is compared with the source table by table before that transaction commits.
 */
import { ValidationError } from '$lib/domain/errors';
import { orderRowsByParent, orderTables } from '$lib/domain/table-order';
import { recordAudit } from '../audit/repository';
import { migrateToLatest, openSqlite, type Conn, type Database } from '../db';
import { dialectOf } from '../db/dialect';
import {
	campaignCodes,
	countRows,
	cumulativeByCampaign,
	deleteAllRows,
	insertRows,
	readSqliteBatch,
	resetIdSequence,
	sqliteTableShapes,
	tableColumns,
	type TableShape
} from './repository';

/** Bound parameters per insert: under SQLite's 32.766 and PostgreSQL's 65.535. */
const PARAMETERS_PER_INSERT = 30_000;
const MAX_ROWS_PER_INSERT = 1_000;

export interface TableCount {
	table: string;
	source: number;
	target: number;
}

export interface CampaignTotal {
	code: string;
	source: number;
	target: number;
}

export interface CopyResult {
	tables: TableCount[];
	/** The sum of the counts in force of each campaign, on both sides. */
	campaigns: CampaignTotal[];
	/** Every count and total equal: the copy was committed. */
	matches: boolean;
}

/** Thrown when the copy's figures differ: the target's transaction was rolled back. */
export class CopyMismatchError extends Error {
	constructor(readonly result: CopyResult) {
		super('the copy differs from the source; nothing was written');
	}
}

export interface CopyOptions {
	/** Where the source came from, for the audit log (a file path). */
	sourceName: string;
	/** Progress, one line per table copied. */
	log?: (line: string) => void;
}

/**
 * The tables a freshly migrated database already holds rows in (the record types): the
 * migrations' own rows, which the source's replace.
 */
async function tablesFilledByMigrations(): Promise<Map<string, number>> {
	const { db } = openSqlite(':memory:');
	try {
		await migrateToLatest(db);
		const filled = new Map<string, number>();
		for (const { name } of await sqliteTableShapes(db)) {
			const n = await countRows(db, name);
			if (n > 0) filled.set(name, n);
		}
		return filled;
	} finally {
		await db.destroy();
	}
}

function sameColumns(a: Set<string>, b: Set<string>): boolean {
	return a.size === b.size && [...a].every((c) => b.has(c));
}

/** Refuses a target whose tables differ from the source's, or that holds data of its own. */
async function checkTarget(to: Database, shapes: TableShape[], filled: Map<string, number>): Promise<void> {
	const targetTables = await tableColumns(to);
	const differing = shapes.filter((s) => !targetTables.has(s.name) || !sameColumns(new Set(s.columns), targetTables.get(s.name)!)).map((s) => s.name);
	const extra = [...targetTables.keys()].filter((t) => !shapes.some((s) => s.name === t));
	if (differing.length || extra.length)
		throw new ValidationError(
			`Cơ sở dữ liệu nguồn và đích khác cấu trúc (bảng ${[...differing, ...extra].join(', ')}). Hãy chạy «npm run cli -- migrate» trên cơ sở dữ liệu nguồn rồi chép lại.`
		);
	const holding: string[] = [];
	for (const { name } of shapes) {
		const n = await countRows(to, name);
		if (n > 0 && n !== filled.get(name)) holding.push(name);
	}
	if (holding.length) throw new ValidationError(`Cơ sở dữ liệu đích đã có dữ liệu (bảng ${holding.join(', ')}); chỉ chép vào một cơ sở dữ liệu trống. Không có gì được ghi.`);
}

async function copyTable(from: Database, to: Conn, shape: TableShape): Promise<void> {
	const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(PARAMETERS_PER_INSERT / shape.columns.length)));
	if (shape.selfReferences.length === 0) {
		for (let after = 0; ; ) {
			const batch = await readSqliteBatch(from, shape.name, after, rowsPerInsert);
			if (batch.length === 0) return;
			await insertRows(
				to,
				shape.name,
				batch.map((b) => b.row)
			);
			after = batch[batch.length - 1].rowid;
		}
	}
	// A table that refers to itself (units → parent unit): every row after the rows it refers to.
	const rows: Record<string, unknown>[] = [];
	for (let after = 0; ; ) {
		const batch = await readSqliteBatch(from, shape.name, after, 10_000);
		if (batch.length === 0) break;
		for (const b of batch) rows.push(b.row);
		after = batch[batch.length - 1].rowid;
	}
	const key = shape.selfReferences[0].to;
	const ordered = orderRowsByParent(
		rows,
		(r) => r[key],
		(r) => shape.selfReferences.map((s) => (r[s.from] ?? null) as unknown)
	);
	for (let i = 0; i < ordered.length; i += rowsPerInsert) await insertRows(to, shape.name, ordered.slice(i, i + rowsPerInsert));
}

async function compare(from: Database, to: Conn, shapes: TableShape[]): Promise<CopyResult> {
	const tables: TableCount[] = [];
	for (const { name } of shapes) tables.push({ table: name, source: await countRows(from, name), target: await countRows(to, name) });
	const [sourceTotals, targetTotals, codes] = await Promise.all([cumulativeByCampaign(from), cumulativeByCampaign(to), campaignCodes(from)]);
	const campaigns = codes.map((c) => ({ code: c.code, source: sourceTotals.get(c.id) ?? 0, target: targetTotals.get(c.id) ?? 0 }));
	const matches = tables.every((t) => t.source === t.target) && campaigns.every((c) => c.source === c.target) && sourceTotals.size === targetTotals.size;
	return { tables, campaigns, matches };
}

/**
 * Copies every table of the SQLite database `from` into `to` (PostgreSQL, or another SQLite
 * file): migrates `to`, refuses it unless empty, copies in one transaction, resets each id
 * sequence on PostgreSQL, compares counts and campaign totals, and commits only when they
 * match (else throws `CopyMismatchError` with the figures). `from` is only read; stop the app
 * that writes to it first.
 */
export async function copyDatabase(from: Database, to: Database, opts: CopyOptions): Promise<CopyResult> {
	const log = opts.log ?? (() => {});
	await migrateToLatest(to);
	const shapes = await sqliteTableShapes(from);
	const byName = new Map(shapes.map((s) => [s.name, s]));
	const order = orderTables(shapes).map((name) => byName.get(name)!);
	const filled = await tablesFilledByMigrations();
	await checkTarget(to, shapes, filled);
	const postgres = dialectOf(to) === 'postgres';
	// The source is another database, only read here: reading it inside the target's
	// transaction holds no lock that the target's connection waits for.
	return to.transaction().execute(async (tx) => {
		for (const shape of [...order].reverse()) if (filled.has(shape.name)) await deleteAllRows(tx, shape.name);
		for (const shape of order) {
			await copyTable(from, tx, shape);
			log(shape.name);
		}
		if (postgres) for (const shape of order) if (shape.integerId) await resetIdSequence(tx, shape.name);
		const result = await compare(from, tx, order);
		if (!result.matches) throw new CopyMismatchError(result);
		await recordAudit(tx, {
			actor: 'cli',
			action: 'copy_database',
			entity: 'database',
			source: 'cli',
			after: { from: opts.sourceName, tables: result.tables.length, rows: result.tables.reduce((n, t) => n + t.source, 0) }
		});
		return result;
	});
}
