import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../src/lib/server/db';
import { databaseUrl, startPostgres } from './helpers/postgres';

/**
 * The migrated database each PostgreSQL test database is created from (`CREATE DATABASE …
 * TEMPLATE`), named per run so that two runs may share a server given by TIENDO_TEST_PG_URL.
 */
const TEMPLATE = `tiendo_template_${randomBytes(4).toString('hex')}`;

async function onServer(url: string, statement: string): Promise<void> {
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(statement);
	} finally {
		await admin.end();
	}
}

/**
 * For the db-pg project: starts a real PostgreSQL server (tests/helpers/postgres.ts),
 * migrates a template database once, and gives the tests the server's URL.
 */
export default async function setup(project: TestProject) {
	const server = await startPostgres();
	await onServer(server.url, `create database ${TEMPLATE}`);
	const template = openDatabase(databaseUrl(server.url, TEMPLATE));
	try {
		await migrateToLatest(template.db);
	} finally {
		await template.close();
	}
	project.provide('pgUrl', server.url);
	project.provide('pgTemplate', TEMPLATE);
	return async () => {
		await onServer(server.url, `drop database if exists ${TEMPLATE} with (force)`);
		await server.stop();
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgUrl: string;
		pgTemplate: string;
	}
}
