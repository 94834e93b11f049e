import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../src/lib/server/db';
import { databaseUrl, startPostgres } from './helpers/postgres';

/** The migrated database each PostgreSQL test database is created from (`CREATE DATABASE … TEMPLATE`). */
export const TEMPLATE = 'tiendo_template';

/**
 * For the db-pg project: starts a real PostgreSQL server (tests/helpers/postgres.ts),
 * migrates a template database once, and gives the tests the server's URL.
 */
export default async function setup(project: TestProject) {
	const server = await startPostgres();
	const admin = new pg.Client({ connectionString: server.url });
	await admin.connect();
	try {
		await admin.query(`drop database if exists ${TEMPLATE}`);
		await admin.query(`create database ${TEMPLATE}`);
	} finally {
		await admin.end();
	}
	const template = openDatabase(databaseUrl(server.url, TEMPLATE));
	try {
		await migrateToLatest(template.db);
	} finally {
		await template.close();
	}
	project.provide('pgUrl', server.url);
	project.provide('pgTemplate', TEMPLATE);
	return () => server.stop();
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgUrl: string;
		pgTemplate: string;
	}
}
