import { databaseLocation } from '../config';
import { migrateToLatest, openDatabase, type Database } from './index';

let instance: Promise<Database> | undefined;

/** The server's one database, opened and migrated on first use. */
export function getDb(): Promise<Database> {
	instance ??= (async () => {
		const { db } = openDatabase(databaseLocation(), { background: true });
		await migrateToLatest(db);
		return db;
	})();
	return instance;
}
