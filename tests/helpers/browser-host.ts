/**
 * Keeps one Chromium for the test files of a Vitest worker (tests/helpers/browser.ts): run as
 * `node --import tsx browser-host.ts <endpoint file> <launch options as JSON>`, it launches
 * the browser as a Playwright browser server, writes its WebSocket endpoint into the file
 * (whole, by a rename) and serves until SIGTERM, when it closes the browser.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright-core';

const [endpointFile, options] = process.argv.slice(2);
const server = await chromium.launchServer(JSON.parse(options) as LaunchOptions);
writeFileSync(`${endpointFile}.partial`, server.wsEndpoint());
renameSync(`${endpointFile}.partial`, endpointFile);
process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
