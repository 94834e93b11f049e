import { sql, type Kysely } from 'kysely';
import { autoId } from '../dialect';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Cụm thi đua as a province's own units (DESIGN §3, issue 22):
 * - `province_groups` and `province_group_members`: the groups a 2-level province stands
 *   by now, each commune in at most one;
 * - each campaign of the province follows them over time: `campaign_group_memberships`
 *   says which group a commune was in from when until when, so that figures at a past
 *   instant and stored snapshots keep the grouping then in force (it replaces the
 *   timeless `campaign_group_members`, whose rows hold from the campaign's beginning);
 * - `campaign_groups.ungrouped` marks the "Chưa xếp cụm" group an admin keeps explicitly;
 * - `group_deadlines`: a group's own deadline in a campaign;
 * - `users.group_code`: a group lead is a `district` user tied to a group of their province;
 *   `deliveries.group_code`: their report is their group's.
 * Provinces whose campaigns already had groups stand by the newest such campaign's.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('province_groups')
		.addColumn('id', 'integer', autoId(db))
		.addColumn('province_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('ungrouped', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('province_groups_code', ['province_id', 'code'])
		.execute();
	await db.schema
		.createTable('province_group_members')
		.addColumn('commune_id', 'integer', (c) => c.primaryKey().references('units.id'))
		.addColumn('province_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('group_id', 'integer', (c) => c.notNull().references('province_groups.id'))
		.execute();
	await db.schema.createIndex('province_group_members_group').on('province_group_members').column('group_id').execute();

	await db.schema
		.createTable('campaign_group_memberships')
		.addColumn('id', 'integer', autoId(db))
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('group_id', 'integer', (c) => c.notNull().references('campaign_groups.id'))
		.addColumn('valid_from', 'text', (c) => c.notNull()) // '' for "from the campaign's beginning"
		.addColumn('valid_to', 'text') // null while in force
		.execute();
	await db.schema.createIndex('campaign_group_memberships_campaign').on('campaign_group_memberships').columns(['campaign_id', 'commune_id', 'valid_from']).execute();
	await sql`insert into campaign_group_memberships (campaign_id, commune_id, group_id, valid_from) select campaign_id, commune_id, group_id, '' from campaign_group_members`.execute(
		db
	);
	await db.schema.dropTable('campaign_group_members').execute();
	await db.schema
		.alterTable('campaign_groups')
		.addColumn('ungrouped', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('group_deadlines')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('group_id', 'integer', (c) => c.notNull().references('campaign_groups.id'))
		.addColumn('deadline', 'text', (c) => c.notNull())
		.addColumn('set_by', 'integer', (c) => c.references('users.id'))
		.addColumn('set_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('group_deadlines_pk', ['campaign_id', 'group_id'])
		.execute();
	await db.schema.alterTable('users').addColumn('group_code', 'text').execute();
	await db.schema.alterTable('deliveries').addColumn('group_code', 'text').execute();

	// The newest campaign with groups of each province gives the province its groups.
	await sql`
		insert into province_groups (province_id, code, name, position)
		select c.province_id, g.code, g.name, row_number() over (partition by c.province_id order by g.code)
		from campaign_groups g join campaigns c on c.id = g.campaign_id
		where c.id = (select max(c2.id) from campaigns c2 join campaign_groups g2 on g2.campaign_id = c2.id where c2.province_id = c.province_id)`.execute(db);
	await sql`
		insert into province_group_members (commune_id, province_id, group_id)
		select m.commune_id, c.province_id, pg.id
		from campaign_group_memberships m
		join campaign_groups g on g.id = m.group_id
		join campaigns c on c.id = m.campaign_id
		join province_groups pg on pg.province_id = c.province_id and pg.code = g.code
		where c.id = (select max(c2.id) from campaigns c2 join campaign_groups g2 on g2.campaign_id = c2.id where c2.province_id = c.province_id)
		on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('deliveries').dropColumn('group_code').execute();
	await db.schema.alterTable('users').dropColumn('group_code').execute();
	await db.schema.dropTable('group_deadlines').execute();
	await db.schema.alterTable('campaign_groups').dropColumn('ungrouped').execute();
	await db.schema
		.createTable('campaign_group_members')
		.addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
		.addColumn('group_id', 'integer', (c) => c.notNull().references('campaign_groups.id'))
		.addColumn('commune_id', 'integer', (c) => c.notNull().references('units.id'))
		.addPrimaryKeyConstraint('campaign_group_members_pk', ['campaign_id', 'commune_id'])
		.execute();
	await sql`insert into campaign_group_members (campaign_id, group_id, commune_id) select campaign_id, group_id, commune_id from campaign_group_memberships where valid_to is null`.execute(
		db
	);
	await db.schema.dropTable('campaign_group_memberships').execute();
	await db.schema.dropTable('province_group_members').execute();
	await db.schema.dropTable('province_groups').execute();
}
