/**
 * Settings from environment variables, each documented in README.md. Read when asked,
 * so that tests and the CLI can set them before use.
 */
export function databasePath(): string {
	return process.env.DATABASE_PATH || 'data/tiendo.db';
}
