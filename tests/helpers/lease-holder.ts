/**
 * An app instance that takes the lease on one slot and never takes its snapshot, as one
 * that crashes mid-slot: `node --import tsx tests/helpers/lease-holder.ts <db> <campaign id>
 * <slot> <now>`. Prints its owner name, then runs until it is killed.
 */
import { openDatabase } from '../../src/lib/server/db';
import { claimSlot } from '../../src/lib/server/snapshots/repository';
import { LEASE_MS, ownerName } from '../../src/lib/server/snapshots/service';

const [path, campaignId, slotAt, now] = process.argv.slice(2);
const { db } = openDatabase(path);
const owner = ownerName();
const claimed = await db.transaction().execute((tx) => claimSlot(tx, Number(campaignId), slotAt, owner, new Date(now), LEASE_MS));
await db.destroy();
console.log(claimed ? owner : 'refused');
setInterval(() => {}, 60_000);
