import { NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrator } from '../../src/lib/server/db';
import { migrations } from '../../src/lib/server/db/migrations';
import { createTestDb, onPostgres, type TestDb } from '../helpers/db';
import { seedCampaign, seedSnapshot } from '../helpers/factories';

let t: TestDb;
afterEach(() => t?.close());

describe('migrations', () => {
	it('apply from empty, then a second run does nothing', async () => {
		t = await createTestDb(false);
		const first = await migrateToLatest(t.db);
		expect(first.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
		const second = await migrateToLatest(t.db);
		expect(second).toEqual([]);
		const tables = await t.db.introspection.getTables();
		expect(tables.map((x) => x.name)).toEqual(
			expect.arrayContaining(['units', 'campaigns', 'reports', 'current_values', 'snapshots', 'snapshot_rows', 'users', 'sessions', 'api_tokens', 'deliveries', 'audit_log'])
		);
	});

	it('migrate down to empty and up again', async () => {
		t = await createTestDb();
		const { error } = await migrator(t.db).migrateTo(NO_MIGRATIONS);
		expect(error).toBeUndefined();
		expect((await t.db.introspection.getTables()).map((x) => x.name)).toEqual([]);
		await migrateToLatest(t.db);
		expect((await t.db.introspection.getTables()).length).toBeGreaterThan(20);
	});

	it("fills each campaign's latest value asOf and target time from its data when the columns are added", async () => {
		t = await createTestDb();
		await seedSnapshot(t.db);
		const latest = async () => (await sql`select latest_value_as_of as value, latest_target_at as target from campaigns`.execute(t.db)).rows;
		const kept = await latest();
		const fromData = (await sql`select (select max(as_of) from current_values) as value, (select max(created_at) from target_revisions) as target`.execute(t.db)).rows;
		expect(kept).toEqual(fromData);
		expect((kept[0] as { value: string | null }).value).not.toBeNull();
		expect((await migrator(t.db).migrateTo('2026-11-21T2000-award-details')).error).toBeUndefined();
		await migrateToLatest(t.db);
		expect(await latest()).toEqual(fromData);
	});

	it('gives each existing campaign its current snapshot times from its creation when the history is added', async () => {
		t = await createTestDb();
		const { campaignId } = await seedCampaign(t.db);
		expect((await migrator(t.db).migrateTo('2026-11-22T0900-campaign-latest-changes')).error).toBeUndefined();
		await sql`update campaigns set snapshot_times = '["07:00","16:30"]', created_at = '2024-11-29T02:00:00.000Z' where id = ${campaignId}`.execute(t.db);
		await migrateToLatest(t.db);
		const history = await t.db.selectFrom('campaign_snapshot_times').select(['campaign_id', 'times', 'effective_from', 'set_by']).execute();
		expect(history).toEqual([{ campaign_id: campaignId, times: '["07:00","16:30"]', effective_from: '2024-11-29T02:00:00.000Z', set_by: null }]);
	});

	it.skipIf(onPostgres)('sets WAL, busy_timeout and foreign keys on the connection (SQLite settings)', async () => {
		t = await createTestDb();
		expect(t.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(t.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(t.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
	});
});

describe('immutable tables', () => {
	it('refuse UPDATE and DELETE on snapshots and snapshot rows', async () => {
		t = await createTestDb();
		const { snapshotId } = await seedSnapshot(t.db);
		await expect(t.db.updateTable('snapshot_rows').set({ credited: 0 }).where('snapshot_id', '=', snapshotId).execute()).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('snapshot_rows').where('snapshot_id', '=', snapshotId).execute()).rejects.toThrow(/append-only/);
		await expect(t.db.updateTable('snapshots').set({ kind: 'adhoc' }).where('id', '=', snapshotId).execute()).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('snapshots').where('id', '=', snapshotId).execute()).rejects.toThrow(/append-only/);
		const rows = await sql<{ n: number }>`select count(*) as n from snapshot_rows`.execute(t.db);
		expect(rows.rows[0].n).toBe(1);
	});

	it('refuse UPDATE and DELETE on the report log and the audit log', async () => {
		t = await createTestDb();
		await seedSnapshot(t.db);
		await expect(t.db.updateTable('reports').set({ cumulative: 1 }).execute()).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('reports').execute()).rejects.toThrow(/append-only/);
		await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
	});
});
