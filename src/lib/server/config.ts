/**
 * Settings from environment variables, each documented in README.md. Read when asked,
 * so that tests and the CLI can set them before use.
 */
import { isPostgresUrl } from './db/dialect';

export function databasePath(): string {
	return process.env.DATABASE_PATH || 'data/tiendo.db';
}

/**
 * The database to open: `DATABASE_URL` when it names a PostgreSQL server
 * (`postgres://user:password@host:5432/tiendo`), otherwise the SQLite file `databasePath()`.
 */
export function databaseLocation(): string {
	const url = process.env.DATABASE_URL;
	return url && isPostgresUrl(url) ? url : databasePath();
}

/**
 * How many connections one instance keeps to PostgreSQL (`DATABASE_POOL_SIZE`, 1–100,
 * default 10); the README sizes the server's `max_connections` from it.
 */
export function databasePoolSize(): number {
	const setting = process.env.DATABASE_POOL_SIZE?.trim();
	if (!setting) return 10;
	if (!/^\d{1,3}$/.test(setting) || Number(setting) < 1 || Number(setting) > 100)
		throw new Error(`DATABASE_POOL_SIZE=«${setting}» không hợp lệ: cần một số nguyên từ 1 đến 100 (số kết nối tới PostgreSQL của mỗi bản).`);
	return Number(setting);
}

/** The SMTP server for scheduled reports, e.g. `smtp://user:pass@mail.example.gov.vn:587`; unset: no mail. */
export function smtpUrl(): string | null {
	return process.env.SMTP_URL || null;
}

export function mailFrom(): string {
	return process.env.MAIL_FROM || 'Tiến độ số hóa hộ tịch <no-reply@localhost>';
}

/** The public address of the site, for links in mails. */
export function siteOrigin(): string {
	return process.env.ORIGIN || 'http://localhost:3000';
}

/** `SCHEDULER=off` keeps this process from taking snapshots and sending mail (e.g. a second web-only instance). */
export function schedulerEnabled(): boolean {
	return process.env.SCHEDULER !== 'off';
}

/**
 * For measuring (issue 24): `CACHE=off` keeps no figures, pages or API answers between
 * requests (every request is the first after a change); `CACHE=data` keeps the figures but
 * renders every page and answer anew. Default: both kept.
 */
export function cachesEnabled(kind: 'data' | 'responses'): boolean {
	const setting = process.env.CACHE;
	return setting !== 'off' && !(setting === 'data' && kind === 'responses');
}
