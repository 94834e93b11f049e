/**
 * The settings of every connection to the database file, the server's own and the
 * background worker's alike (`journal_mode = WAL` is kept by the file itself). With a
 * background connection its worker checkpoints the WAL, not the commits. Self-contained:
 * the background worker runs this function's source.
 */
export function applyConnectionSettings(db: { pragma(text: string): unknown }, options: { background: boolean }): void {
	db.pragma('busy_timeout = 5000');
	if (options.background) db.pragma('wal_autocheckpoint = 0');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
}
