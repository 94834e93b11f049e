/**
 * Caches keyed on a campaign's data version (issue 24). An entry is found by campaign,
 * version and a key of the caller's; when a campaign's version rises, that campaign's
 * older entries go, and no other campaign's. One request computes a missing entry while
 * the others asking for it wait for the same result (single flight). Entries are evicted
 * by size, least recently used first.
 */
import { type Actor, may, readerOf } from '$lib/domain/access';
import { cachesEnabled } from '../config';

interface Entry<V> {
	campaignId: number;
	version: number;
	value: V;
	bytes: number;
}

export interface CacheStats {
	entries: number;
	bytes: number;
	/** How many times a value was computed (a miss), since the start. */
	computations: number;
	hits: number;
}

export class VersionedCache<V> {
	/** In use order: the first is the least recently used. */
	private readonly entries = new Map<string, Entry<V>>();
	private readonly inFlight = new Map<string, Promise<V | null>>();
	/** The newest version seen per campaign. */
	private readonly versions = new Map<number, number>();
	private bytes = 0;
	private computations = 0;
	private hits = 0;

	constructor(
		private readonly maxBytes: number,
		private readonly sizeOf: (value: V) => number,
		/** What it holds, for `CACHE=off|data` (config.ts). */
		private readonly kind: 'data' | 'responses' = 'data'
	) {}

	/**
	 * The value for `key` at the campaign's `version`: the cached one, the one being computed,
	 * or `compute`'s. A null result is returned but not kept (a response that must not be
	 * shared, e.g. an error page); the requests waiting for it then compute their own.
	 */
	async get(campaignId: number, version: number, key: string, compute: () => Promise<V | null>): Promise<V | null> {
		if (!cachesEnabled(this.kind)) return compute();
		this.observe(campaignId, version);
		const full = `${campaignId}|${version}|${key}`;
		const entry = this.entries.get(full);
		if (entry) {
			this.hits++;
			this.entries.delete(full);
			this.entries.set(full, entry);
			return entry.value;
		}
		const pending = this.inFlight.get(full);
		if (pending) {
			const shared = await pending;
			return shared ?? compute();
		}
		this.computations++;
		const computing = compute().finally(() => this.inFlight.delete(full));
		this.inFlight.set(full, computing);
		const value = await computing;
		// A request that read an older version than one already seen computes for itself only.
		if (value !== null && version === this.versions.get(campaignId)) this.store(full, { campaignId, version, value, bytes: this.sizeOf(value) });
		return value;
	}

	/** Whether a value for `key` at `version` is held (for tests and statistics). */
	has(campaignId: number, version: number, key: string): boolean {
		return this.entries.has(`${campaignId}|${version}|${key}`);
	}

	stats(): CacheStats {
		return { entries: this.entries.size, bytes: this.bytes, computations: this.computations, hits: this.hits };
	}

	/** A newer version of a campaign drops that campaign's older entries. */
	private observe(campaignId: number, version: number): void {
		const known = this.versions.get(campaignId);
		if (known !== undefined && known >= version) return;
		this.versions.set(campaignId, version);
		for (const [key, entry] of this.entries) {
			if (entry.campaignId === campaignId && entry.version < version) this.remove(key, entry);
		}
	}

	private store(key: string, entry: Entry<V>): void {
		if (entry.bytes > this.maxBytes) return;
		this.entries.set(key, entry);
		this.bytes += entry.bytes;
		for (const [oldest, old] of this.entries) {
			if (this.bytes <= this.maxBytes) break;
			this.remove(oldest, old);
		}
	}

	private remove(key: string, entry: Entry<V>): void {
		this.entries.delete(key);
		this.bytes -= entry.bytes;
	}
}

/**
 * Whose view of a campaign's figures a reader gets, as a cache key: the public's (anonymous
 * visitors and other provinces' users), the whole province's (its admins and leaders), or
 * that of one unit and what lies under it (DESIGN §7, `visibleUnitKeys`).
 */
export function readerScope(actor: Actor | null, campaign: { provinceId: number | null }): string {
	// A national campaign is read by a province's users through their part (issue 29): each province's its own scope.
	const provinceId = campaign.provinceId ?? (actor && !may(actor.role, 'readNation') && actor.provinceId > 0 ? actor.provinceId : null);
	const reader = readerOf(actor, { provinceId });
	if (!reader) return 'public';
	const where = provinceId === null ? 'nation' : `p${provinceId}`;
	return may(reader.role, 'readProvince') ? `${where}:province:${reader.role}` : `${where}:unit:${reader.unitId}`;
}
