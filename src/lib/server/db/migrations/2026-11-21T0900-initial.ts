import { sql, type Kysely } from 'kysely';
import { autoId, dialectOf, doubleType, makeAppendOnly, nowIsoDefault } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one. (Edited once, for issue
// 29: the same statements on SQLite, their counterparts on PostgreSQL, through ../dialect.)

/** Tables whose rows never change once written. */
const APPEND_ONLY = ['reports', 'target_revisions', 'snapshots', 'snapshot_rows', 'award_lists', 'award_list_entries', 'audit_log'];

export async function up(db: Kysely<any>): Promise<void> {
	const id = autoId(db);
	const now = nowIsoDefault(db);
	const real = doubleType(db);
	await db.schema
		.createTable('hierarchies')
		.addColumn('id', 'integer', id)
		.addColumn('as_of', 'text', (c) => c.notNull().unique())
		.addColumn('levels', 'integer', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('imported_at', 'text', (c) => c.notNull().defaultTo(now))
		.execute();

	await db.schema
		.createTable('units')
		.addColumn('id', 'integer', id)
		.addColumn('hierarchy_id', 'integer', (c) => c.notNull().references('hierarchies.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('province', 'district', 'commune')`))
		.addColumn('parent_id', 'integer', (c) => c.references('units.id'))
		.addColumn('province_id', 'integer', (c) => c.references('units.id'))
		.addUniqueConstraint('units_hierarchy_code', ['hierarchy_id', 'code'])
		.execute();
	await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();
	await db.schema.createIndex('units_province_level').on('units').columns(['province_id', 'level']).execute();

	await db.schema
		.createTable('record_types')
		.addColumn('code', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await db
		.insertInto('record_types')
		.values([
			{ code: 'khai_sinh', name: 'Khai sinh', position: 1 },
			{ code: 'ket_hon', name: 'Kết hôn', position: 2 },
			{ code: 'khai_tu', name: 'Khai tử', position: 3 },
			{ code: 'nhan_cha_me_con', name: 'Nhận cha, mẹ, con', position: 4 },
			{ code: 'giam_ho', name: 'Giám hộ', position: 5 },
			{ code: 'thay_doi_cai_chinh', name: 'Thay đổi, cải chính, bổ sung hộ tịch', position: 6 },
			{ code: 'khac', name: 'Khác', position: 7 }
		])
		.execute();

	await db.schema
		.createTable('campaigns')
		.addColumn('id', 'integer', id)
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('hierarchy_id', 'integer', (c) => c.notNull().references('hierarchies.id'))
		.addColumn('province_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('start_date', 'text', (c) => c.notNull())
		.addColumn('deadline', 'text', (c) => c.notNull())
		.addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Ho_Chi_Minh'))
		.addColumn('day_end_hour', 'integer', (c) => c.notNull().defaultTo(22))
		.addColumn('excluded_weekdays', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('snapshot_times', 'text', (c) => c.notNull().defaultTo('["06:00","11:30","23:00"]'))
		.addColumn('on_track_ratio', real, (c) => c.notNull().defaultTo(1))
		.addColumn('at_risk_ratio', real, (c) => c.notNull().defaultTo(0.8))
		.addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addCheckConstraint('campaigns_window', sql`deadline >= start_date`)
		.execute();

	await db.schema
		.createTable('campaign_record_types')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('record_type', 'text', (c) => c.notNull().references('record_types.code'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('campaign_record_types_pk', ['campaign_id', 'record_type'])
		.execute();

	await db.schema
		.createTable('campaign_stages')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('campaign_stages_pk', ['campaign_id', 'code'])
		.execute();

	await db.schema
		.createTable('campaign_groups')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addUniqueConstraint('campaign_groups_code', ['campaign_id', 'code'])
		.execute();

	await db.schema
		.createTable('campaign_group_members')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('group_id', 'integer', (c) => c.notNull().references('campaign_groups.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addPrimaryKeyConstraint('campaign_group_members_pk', ['campaign_id', 'commune_id'])
		.execute();

	// PostgreSQL checks a reference when it is declared: there, unit_deadlines (which refers
	// to users) comes after users; SQLite keeps its order.
	const unitDeadlines = async () => {
		await db.schema
			.createTable('unit_deadlines')
			.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
			.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
			.addColumn('deadline', 'text', (c) => c.notNull())
			.addColumn('set_by', 'integer', (c) => c.references('users.id'))
			.addColumn('set_at', 'text', (c) => c.notNull().defaultTo(now))
			.addPrimaryKeyConstraint('unit_deadlines_pk', ['campaign_id', 'unit_id'])
			.execute();
	};
	if (dialectOf(db) === 'sqlite') await unitDeadlines();

	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', id)
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'leader', 'district', 'clerk')`))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('email', 'text')
		.addColumn('notify', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('disabled_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.execute();
	if (dialectOf(db) === 'postgres') await unitDeadlines();

	await db.schema
		.createTable('target_revisions')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('record_type', 'text', (c) => c.notNull().references('record_types.code'))
		.addColumn('target', 'integer', (c) => c.notNull().check(sql`target >= 0`))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('author_id', 'integer', (c) => c.references('users.id'))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('note', 'text')
		.execute();
	await db.schema.createIndex('target_revisions_key').on('target_revisions').columns(['campaign_id', 'commune_id', 'record_type', 'created_at']).execute();

	await db.schema
		.createTable('current_targets')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('record_type', 'text', (c) => c.notNull())
		.addColumn('target', 'integer', (c) => c.notNull().check(sql`target >= 0`))
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('target_revisions.id'))
		.addPrimaryKeyConstraint('current_targets_pk', ['campaign_id', 'commune_id', 'record_type'])
		.execute();

	await db.schema
		.createTable('reports')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('record_type', 'text', (c) => c.notNull().references('record_types.code'))
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('as_of', 'text', (c) => c.notNull())
		.addColumn('cumulative', 'integer', (c) => c.notNull().check(sql`cumulative >= 0`))
		.addColumn('delta', 'integer')
		.addColumn('received_at', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('author_id', 'integer', (c) => c.references('users.id'))
		.addColumn('note', 'text')
		.addColumn('idempotency_key', 'text')
		.execute();
	await db.schema.createIndex('reports_series').on('reports').columns(['campaign_id', 'commune_id', 'record_type', 'stage', 'as_of', 'received_at']).execute();
	await db.schema.createIndex('reports_campaign_as_of').on('reports').columns(['campaign_id', 'as_of']).execute();

	await db.schema
		.createTable('current_values')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('record_type', 'text', (c) => c.notNull())
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('cumulative', 'integer', (c) => c.notNull())
		.addColumn('as_of', 'text', (c) => c.notNull())
		.addColumn('received_at', 'text', (c) => c.notNull())
		.addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
		.addColumn('finished_at', 'text')
		.addPrimaryKeyConstraint('current_values_pk', ['campaign_id', 'commune_id', 'record_type', 'stage'])
		.execute();

	await db.schema
		.createTable('snapshot_jobs')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('slot_at', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('lease_owner', 'text')
		.addColumn('lease_until', 'text')
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_error', 'text')
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addUniqueConstraint('snapshot_jobs_slot', ['campaign_id', 'slot_at'])
		.execute();

	await db.schema
		.createTable('snapshots')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('slot_at', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scheduled', 'late', 'adhoc')`))
		.addColumn('taken_at', 'text', (c) => c.notNull())
		.addColumn('duration_ms', 'integer', (c) => c.notNull())
		.addColumn('taken_by', 'integer', (c) => c.references('users.id'))
		.execute();
	// Exactly one scheduled (or late) snapshot per campaign and slot; ad-hoc ones are free.
	await sql`create unique index snapshots_slot on snapshots (campaign_id, slot_at) where kind <> 'adhoc'`.execute(db);
	await db.schema.createIndex('snapshots_campaign').on('snapshots').columns(['campaign_id', 'slot_at']).execute();

	await db.schema
		.createTable('snapshot_rows')
		.addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('group_id', 'integer', (c) => c.references('campaign_groups.id'))
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('record_type', 'text', (c) => c.notNull())
		.addColumn('target', 'integer', (c) => c.notNull())
		.addColumn('done', 'integer', (c) => c.notNull())
		.addColumn('credited', 'integer', (c) => c.notNull())
		.addColumn('remaining', 'integer', (c) => c.notNull())
		.addColumn('over_target', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('pct', real, (c) => c.notNull())
		.addColumn('deadline', 'text', (c) => c.notNull())
		.addColumn('days_left', 'integer', (c) => c.notNull())
		.addColumn('daily_quota', 'integer')
		.addColumn('pace', real, (c) => c.notNull())
		.addColumn('projected_finish', 'text')
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('finished_at', 'text')
		.addColumn('rank', 'integer')
		.addColumn('credited_change', 'integer')
		.addColumn('rank_change', 'integer')
		.addColumn('last_report_at', 'text')
		.addColumn('no_report_since_previous', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('snapshot_rows_key').on('snapshot_rows').columns(['snapshot_id', 'level', 'record_type']).execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'integer', id)
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_used_at', 'text')
		.addColumn('revoked_at', 'text')
		.execute();

	await db.schema
		.createTable('login_attempts')
		.addColumn('id', 'integer', id)
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('succeeded', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('login_attempts_key').on('login_attempts').columns(['key', 'at']).execute();

	await db.schema
		.createTable('idempotency_keys')
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.references('users.id'))
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('request_hash', 'text', (c) => c.notNull())
		.addColumn('response', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('idempotency_keys_pk', ['campaign_id', 'key'])
		.execute();

	await db.schema
		.createTable('deliveries')
		.addColumn('id', 'integer', id)
		.addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.references('users.id'))
		.addColumn('recipient', 'text', (c) => c.notNull())
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'text')
		.addColumn('last_error', 'text')
		.addColumn('sent_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();

	await db.schema
		.createTable('webhooks')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('award_rules')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('finished_by', 'top_n', 'pct_by', 'below_pct')`))
		.addColumn('params', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('award_lists')
		.addColumn('id', 'integer', id)
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('rule_id', 'integer', (c) => c.notNull().references('award_rules.id'))
		.addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id'))
		.addColumn('frozen_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('award_list_entries')
		.addColumn('award_list_id', 'integer', (c) => c.notNull().references('award_lists.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('group_id', 'integer', (c) => c.references('campaign_groups.id'))
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('pct', real, (c) => c.notNull())
		.addColumn('credited', 'integer', (c) => c.notNull())
		.addColumn('target', 'integer', (c) => c.notNull())
		.addColumn('finished_at', 'text')
		.addColumn('rank', 'integer')
		.addColumn('award', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('award_list_entries_pk', ['award_list_id', 'position'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', id)
		.addColumn('at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('user_id', 'integer', (c) => c.references('users.id'))
		.addColumn('actor', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text')
		.addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('source', 'text')
		.addColumn('before', 'text')
		.addColumn('after', 'text')
		.addColumn('reason', 'text')
		.execute();
	await db.schema.createIndex('audit_log_unit').on('audit_log').columns(['campaign_id', 'unit_id', 'at']).execute();

	// Append-only tables refuse UPDATE and DELETE (triggers, on either dialect).
	for (const table of APPEND_ONLY) await makeAppendOnly(db, table);
}

export async function down(db: Kysely<any>): Promise<void> {
	const tables = [
		'audit_log',
		'award_list_entries',
		'award_lists',
		'award_rules',
		'webhooks',
		'deliveries',
		'idempotency_keys',
		'login_attempts',
		'api_tokens',
		'sessions',
		'snapshot_rows',
		'snapshots',
		'snapshot_jobs',
		'current_values',
		'reports',
		'current_targets',
		'target_revisions',
		'users',
		'unit_deadlines',
		'campaign_group_members',
		'campaign_groups',
		'campaign_stages',
		'campaign_record_types',
		'campaigns',
		'record_types',
		'units',
		'hierarchies'
	];
	const postgres = dialectOf(db) === 'postgres';
	for (const t of tables) await (postgres ? db.schema.dropTable(t).ifExists().cascade() : db.schema.dropTable(t).ifExists()).execute();
	if (postgres) await sql`drop function if exists tiendo_append_only()`.execute(db);
}
