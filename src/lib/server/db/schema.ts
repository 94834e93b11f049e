import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Level } from '$lib/domain/evaluate';
import type { Status } from '$lib/domain/progress';

/**
 * The database, one interface per table (DESIGN §5). Instants are ISO 8601 UTC text
 * (`2024-12-10T04:30:00.000Z`), local dates `YYYY-MM-DD` text, JSON columns text.
 */
export interface DB {
	hierarchies: HierarchyTable;
	units: UnitTable;
	record_types: RecordTypeTable;
	campaigns: CampaignTable;
	campaign_record_types: CampaignRecordTypeTable;
	campaign_stages: CampaignStageTable;
	campaign_snapshot_times: CampaignSnapshotTimesTable;
	campaign_groups: CampaignGroupTable;
	campaign_group_memberships: CampaignGroupMembershipTable;
	province_groups: ProvinceGroupTable;
	province_group_members: ProvinceGroupMemberTable;
	group_deadlines: GroupDeadlineTable;
	unit_deadlines: UnitDeadlineTable;
	target_revisions: TargetRevisionTable;
	current_targets: CurrentTargetTable;
	reports: ReportTable;
	current_values: CurrentValueTable;
	snapshot_jobs: SnapshotJobTable;
	snapshots: SnapshotTable;
	snapshot_rows: SnapshotRowTable;
	users: UserTable;
	sessions: SessionTable;
	api_tokens: ApiTokenTable;
	login_attempts: LoginAttemptTable;
	idempotency_keys: IdempotencyKeyTable;
	deliveries: DeliveryTable;
	webhooks: WebhookTable;
	award_rules: AwardRuleTable;
	award_lists: AwardListTable;
	award_list_entries: AwardListEntryTable;
	audit_log: AuditLogTable;
	uploads: UploadTable;
	account_imports: AccountImportTable;
	capacity_revisions: CapacityRevisionTable;
	hierarchy_links: HierarchyLinkTable;
	hierarchy_province_links: HierarchyProvinceLinkTable;
}

export type UnitLevel = 'province' | 'district' | 'commune';
/** Where a report came from (the `source` of the log, DESIGN §4). */
export type ReportSource = 'form' | 'excel' | 'csv' | 'api' | 'demo' | 'cli';
/** A snapshot taken at its slot, late after downtime, or on demand. */
export type SnapshotKind = 'scheduled' | 'late' | 'adhoc';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'retrying' | 'failed';

/** A version of the administrative hierarchy, named by its as-of date (DESIGN §3). */
export interface HierarchyTable {
	id: Generated<number>;
	as_of: string;
	levels: number; // 3 before 1/7/2025, 2 after
	source: string;
	content_hash: string;
	imported_at: string;
}

export interface UnitTable {
	id: Generated<number>;
	hierarchy_id: number;
	code: string;
	name: string;
	type: string; // Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn, Đặc khu
	level: UnitLevel;
	parent_id: number | null;
	province_id: number | null; // a province points to itself
}

export interface RecordTypeTable {
	code: string;
	name: string;
	position: number;
}

export interface CampaignTable {
	id: Generated<number>;
	code: string;
	name: string;
	hierarchy_id: number;
	province_id: number | null; // null: a national campaign over every province of its hierarchy version (issue 29)
	start_date: string;
	deadline: string;
	time_zone: Generated<string>;
	day_end_hour: Generated<number>;
	excluded_weekdays: Generated<string>; // JSON number[] (0 = Sunday)
	holidays: Generated<string>; // JSON string[] of dates
	snapshot_times: Generated<string>; // JSON string[] of HH:MM
	on_track_ratio: Generated<number>; // p ≥ ratio·q is on track
	at_risk_ratio: Generated<number>; // ratio·q ≤ p < on_track_ratio·q is at risk
	is_public: Generated<number>;
	is_active: Generated<number>;
	created_at: Generated<string>;
	updated_at: Generated<string>;
	/** The latest asOf of the campaign's values in force, kept on write (null: no report yet). */
	latest_value_as_of: string | null;
	/** The time of the campaign's latest target revision, kept on write (null: none yet). */
	latest_target_at: string | null;
	/** Raised with every write to the campaign's data (`raiseDataVersion`); keys every cache of it. */
	data_version: Generated<number>;
	/** When `data_version` was last raised (null: never). */
	data_changed_at: string | null;
	/** JSON number[]: ascending backlog thresholds of the size brackets ([]: none). */
	bracket_thresholds: Generated<string>;
}

export interface CampaignRecordTypeTable {
	campaign_id: number;
	record_type: string;
	position: number;
}

export interface CampaignStageTable {
	campaign_id: number;
	code: string;
	name: string;
	position: number; // the stage at position 0 is the one progress counts
}

/**
 * The history of a campaign's snapshot times (issue 21, item 8): each row in force from
 * its instant until the next row's; the first from the campaign's creation.
 */
export interface CampaignSnapshotTimesTable {
	id: Generated<number>;
	campaign_id: number;
	times: string; // JSON string[] of HH:MM
	effective_from: string;
	set_by: number | null;
}

/** The cụm thi đua a 2-level province stands by now (DESIGN §3); changes are audited. */
export interface ProvinceGroupTable {
	id: Generated<number>;
	province_id: number;
	code: string;
	name: string;
	ungrouped: Generated<number>; // 1 for the "Chưa xếp cụm" group an admin keeps explicitly
	position: number;
}

export interface ProvinceGroupMemberTable {
	commune_id: number;
	province_id: number;
	group_id: number;
}

/** A campaign's groups: one row per code, named as the province names it now. */
export interface CampaignGroupTable {
	id: Generated<number>;
	campaign_id: number;
	code: string;
	name: string;
	ungrouped: Generated<number>;
}

/** Which group a commune was in during a campaign, from `valid_from` ('' from its beginning) until `valid_to`. */
export interface CampaignGroupMembershipTable {
	id: Generated<number>;
	campaign_id: number;
	commune_id: number;
	group_id: number;
	valid_from: string;
	valid_to: string | null;
}

export interface GroupDeadlineTable {
	campaign_id: number;
	group_id: number;
	deadline: string;
	set_by: number | null;
	set_at: string;
}

export interface UnitDeadlineTable {
	campaign_id: number;
	unit_id: number;
	deadline: string;
	set_by: number | null;
	set_at: string;
}

/** Append-only history of targets T(c, r). */
export interface TargetRevisionTable {
	id: Generated<number>;
	campaign_id: number;
	commune_id: number;
	record_type: string;
	target: number;
	created_at: string;
	author_id: number | null;
	source: string;
	note: string | null;
}

/** The target in force now, kept in step with `target_revisions` on write. */
export interface CurrentTargetTable {
	campaign_id: number;
	commune_id: number;
	record_type: string;
	target: number;
	revision_id: number;
}

/** Append-only history of machines and shifts per day (DESIGN §4 "Capacity"); commune null: the campaign's default. */
export interface CapacityRevisionTable {
	id: Generated<number>;
	campaign_id: number;
	commune_id: number | null;
	machines: number;
	shifts_per_day: number;
	created_at: string;
	author_id: number | null;
	source: string;
}

/** The append-only report log (DESIGN §4). */
export interface ReportTable {
	id: Generated<number>;
	campaign_id: number;
	commune_id: number;
	record_type: string;
	stage: string;
	as_of: string;
	cumulative: number;
	delta: number | null; // set when the report was sent as an increment
	received_at: string;
	source: ReportSource;
	author_id: number | null;
	note: string | null;
	idempotency_key: string | null;
}

/** The value in force now per commune, type and stage, kept in step with `reports` on write. */
export interface CurrentValueTable {
	campaign_id: number;
	commune_id: number;
	record_type: string;
	stage: string;
	cumulative: number;
	as_of: string;
	received_at: string;
	report_id: number;
	/** Start of the last stretch with D ≥ T against the current target; null when D < T or T = 0. */
	finished_at: string | null;
}

/** Lease and state of one scheduled slot, so that a slot is taken exactly once. */
export interface SnapshotJobTable {
	id: Generated<number>;
	campaign_id: number;
	slot_at: string;
	state: 'leased' | 'done' | 'failed';
	lease_owner: string | null;
	lease_until: string | null;
	attempts: number;
	last_error: string | null;
	updated_at: string;
}

export interface SnapshotTable {
	id: Generated<number>;
	campaign_id: number;
	slot_at: string;
	kind: SnapshotKind;
	taken_at: string;
	duration_ms: number;
	taken_by: number | null;
}

export interface SnapshotRowTable {
	snapshot_id: number;
	unit_id: number | null; // null for a campaign group row
	group_id: number | null;
	level: Level;
	record_type: string; // a record type code, or '' for the total
	target: number;
	done: number;
	credited: number;
	remaining: number;
	over_target: number; // cells with D > T
	pct: number;
	deadline: string;
	days_left: number;
	daily_quota: number | null; // null when overdue
	pace: number;
	projected_finish: string | null;
	status: Status;
	finished_at: string | null;
	rank: number | null;
	credited_change: number | null;
	rank_change: number | null;
	last_report_at: string | null;
	no_report_since_previous: number;
}

export type Role = 'admin' | 'leader' | 'district' | 'clerk' | 'ministry';

export interface UserTable {
	id: Generated<number>;
	username: string;
	display_name: string;
	password_hash: string;
	role: Role;
	unit_id: number | null;
	group_code: string | null; // a group lead's group, of the province `unit_id`
	email: string | null;
	notify: Generated<number>;
	disabled_at: string | null;
	created_at: string;
	must_change_password: Generated<number>; // 1 after a one-time password: changed at first login
	last_login_at: string | null;
}

export interface SessionTable {
	id: string; // SHA-256 of the token
	user_id: number;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
}

export interface ApiTokenTable {
	id: Generated<number>;
	user_id: number;
	token_hash: string;
	name: string;
	created_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
}

export interface LoginAttemptTable {
	id: Generated<number>;
	key: string; // user:<name> or ip:<address>
	at: string;
	succeeded: number;
}

export interface IdempotencyKeyTable {
	key: string;
	user_id: number | null;
	campaign_id: number;
	request_hash: string;
	response: string;
	created_at: string;
}

export interface DeliveryTable {
	id: Generated<number>;
	snapshot_id: number;
	channel: string; // email, webhook
	user_id: number | null;
	recipient: string;
	unit_id: number | null;
	group_code: string | null; // a group lead's group: the report is the group's
	status: DeliveryStatus;
	attempts: number;
	next_attempt_at: string | null;
	last_error: string | null;
	sent_at: string | null;
	created_at: string;
}

export interface WebhookTable {
	id: Generated<number>;
	campaign_id: number;
	url: string;
	secret: string;
	is_active: number;
	created_at: string;
}

export interface AwardRuleTable {
	id: Generated<number>;
	campaign_id: number;
	name: string;
	kind: string; // finished_by, top_n, pct_by, below_pct
	params: string; // JSON
	position: number;
	created_at: string;
	updated_at: ColumnType<string | null, string | null | undefined, string | null>;
	archived_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AwardListTable {
	id: Generated<number>;
	campaign_id: number;
	rule_id: number;
	snapshot_id: number;
	name: string;
	created_by: number | null;
	frozen_at: string;
	kind: string;
	params: string; // JSON: the rule's criteria when the list was drawn
	description: string; // the criteria in Vietnamese, as worded then
}

export interface AwardListEntryTable {
	award_list_id: number;
	position: number;
	unit_id: number | null;
	group_id: number | null;
	level: string;
	pct: number;
	credited: number;
	target: number;
	finished_at: string | null;
	rank: number | null;
	award: string;
	code: string;
	name: string;
	parent_name: string | null;
	/** Why the unit is listed, e.g. "+3,2 điểm %" or "Chuỗi 7 ngày"; null for the older kinds. */
	reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	user_id: number | null;
	actor: string; // username, or `cli`, `system`
	action: string;
	entity: string;
	entity_id: string | null;
	campaign_id: number | null;
	unit_id: number | null;
	source: string | null;
	before: string | null; // JSON
	after: string | null; // JSON
	reason: string | null;
}

/** An uploaded Excel or CSV file between its preview and its confirmation. */
export interface UploadTable {
	id: string; // random, unguessable
	campaign_id: number;
	user_id: number;
	kind: 'reports' | 'targets';
	format: 'excel' | 'csv';
	file_name: string;
	file_hash: string; // SHA-256 of the bytes
	content: Buffer; // the file as sent, for the copy with an error column
	changes: Buffer; // JSON lines of the changes the file makes, checked at upload, gzip-compressed (`db/packed.ts`)
	problems: Buffer; // JSON lines of Problem, the same way
	header_row: number; // the row of the column headers, 0 when none was found
	created_at: string;
	confirmed_at: string | null;
	receipt: string | null; // JSON, once confirmed
	sheet_name: string | null; // the sheet read (absent for a CSV, and before issue 23)
	notes: string | null; // JSON array of the preview's notes (what the reading left out)
}

export type Hierarchy = Selectable<HierarchyTable>;
export type NewHierarchy = Insertable<HierarchyTable>;
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type Campaign = Selectable<CampaignTable>;
export type NewCampaign = Insertable<CampaignTable>;
export type CampaignUpdate = Updateable<CampaignTable>;
export type CampaignSnapshotTimes = Selectable<CampaignSnapshotTimesTable>;
export type TargetRevision = Selectable<TargetRevisionTable>;
export type NewTargetRevision = Insertable<TargetRevisionTable>;
export type Report = Selectable<ReportTable>;
export type NewReport = Insertable<ReportTable>;
export type CurrentValue = Selectable<CurrentValueTable>;
export type NewCurrentValue = Insertable<CurrentValueTable>;
export type Snapshot = Selectable<SnapshotTable>;
export type NewSnapshot = Insertable<SnapshotTable>;
export type SnapshotRow = Selectable<SnapshotRowTable>;
export type NewSnapshotRow = Insertable<SnapshotRowTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type Session = Selectable<SessionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type Delivery = Selectable<DeliveryTable>;
export type NewDelivery = Insertable<DeliveryTable>;
export type AwardRule = Selectable<AwardRuleTable>;
export type AwardList = Selectable<AwardListTable>;
export type NewAwardList = Insertable<AwardListTable>;
export type NewAwardListEntry = Insertable<AwardListEntryTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
/** A file of accounts, checked and waiting for confirmation; holds no password. */
export interface AccountImportTable {
	id: string; // random, unguessable
	user_id: number; // the admin who sent it
	file_name: string;
	accounts: string; // JSON: the accounts the file creates, checked at upload
	problems: string; // JSON: Problem[]
	created_at: string;
	confirmed_at: string | null;
}

export type AccountImport = Selectable<AccountImportTable>;
export type NewAccountImport = Insertable<AccountImportTable>;
export type Upload = Selectable<UploadTable>;
export type NewUpload = Insertable<UploadTable>;
export type { ColumnType };

/** One link of the mapping between two hierarchy versions: old commune → new commune (issue 26). */
export interface HierarchyLinkTable {
	id: Generated<number>;
	from_hierarchy_id: number;
	to_hierarchy_id: number;
	old_code: string;
	old_name: string; // as the mapping file writes it
	new_code: string;
	new_name: string;
	new_province_code: string; // the new commune's province: an admin's import replaces its own province's links
	whole: number; // 1: the whole old commune went into the new one; 0: a part of it
	share: number | null; // the declared share of a part, 0..1; null when none was declared (and for a whole link)
}

/** Which old province went into which new one, with the links of the same two versions. */
export interface HierarchyProvinceLinkTable {
	from_hierarchy_id: number;
	to_hierarchy_id: number;
	old_province_code: string;
	new_province_code: string;
}

export type HierarchyLinkRow = Selectable<HierarchyLinkTable>;
export type NewHierarchyLinkRow = Insertable<HierarchyLinkTable>;
