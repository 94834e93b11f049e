/**
 * One app instance's scheduler tick, as a separate process on a shared database file:
 * `node --import tsx tests/helpers/scheduler-instance.ts <db> <owner> <now>`, owner `-` for
 * the name the app gives itself (host and pid). Prints the slots it took, one per line.
 */
import { openDatabase } from '../../src/lib/server/db';
import { startAppJobs } from '../../src/lib/server/jobs/app-jobs';

const [path, owner, now] = process.argv.slice(2);
const { db } = openDatabase(path);
const jobs = startAppJobs(db, { transport: null, owner: owner === '-' ? undefined : owner, now: () => new Date(now), log: (m) => console.error(m) });
const taken = await jobs.tick();
await jobs.stop();
await db.destroy();
for (const t of taken) console.log(t.snapshot.slot_at);
