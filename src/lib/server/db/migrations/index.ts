import type { Migration } from 'kysely';
import * as initial from './2026-11-21T0900-initial';
import * as uploads from './2026-11-21T1500-uploads';
import * as awardDetails from './2026-11-21T2000-award-details';
import * as campaignLatestChanges from './2026-11-22T0900-campaign-latest-changes';
import * as snapshotTimeHistory from './2026-12-06T1200-snapshot-time-history';
import * as provinceGroups from './2026-12-06T1600-province-groups';
import * as accountImports from './2026-12-06T1700-account-imports';
import * as hierarchyLinks from './2026-12-07T0200-hierarchy-links';
import * as reportsReceived from './2026-12-06T1400-reports-received';
import * as campaignDataVersion from './2026-12-06T1500-campaign-data-version';
import * as emulation from './2026-12-07T0500-emulation';
import * as national from './2026-12-07T0700-national';
import * as capacity from './2026-12-07T0400-capacity';
import * as uploadNotes from './2026-12-07T0100-upload-notes';

/**
 * Every migration, imported statically so that the bundled server (`node build`) and
 * the CLI carry them; never read from a folder at run time. Names sort by date.
 */
export const migrations: Record<string, Migration> = {
	'2026-11-21T0900-initial': initial,
	'2026-11-21T1500-uploads': uploads,
	'2026-11-21T2000-award-details': awardDetails,
	'2026-11-22T0900-campaign-latest-changes': campaignLatestChanges,
	'2026-12-06T1200-snapshot-time-history': snapshotTimeHistory,
	'2026-12-06T1400-reports-received': reportsReceived,
	'2026-12-06T1500-campaign-data-version': campaignDataVersion,
	'2026-12-06T1600-province-groups': provinceGroups,
	'2026-12-06T1700-account-imports': accountImports,
	'2026-12-07T0100-upload-notes': uploadNotes,
	'2026-12-07T0200-hierarchy-links': hierarchyLinks,
	'2026-12-07T0400-capacity': capacity,
	'2026-12-07T0500-emulation': emulation,
	'2026-12-07T0700-national': national
};
