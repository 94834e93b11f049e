/**
 * Prepared statements kept by their SQL text, so that a statement run many times (a bulk
 * insert's chunks, a page's queries) is compiled by SQLite once; past `limit`, the least
 * recently used goes. Self-contained: the background worker runs this function's source.
 */
export function statementCache<S>(prepare: (text: string) => S, limit: number): (text: string) => S {
	const kept = new Map<string, S>();
	return (text) => {
		let statement = kept.get(text);
		if (statement !== undefined) {
			// Most recently used last, so the oldest is the first to go.
			kept.delete(text);
		} else {
			statement = prepare(text);
			if (kept.size >= limit) kept.delete(kept.keys().next().value as string);
		}
		kept.set(text, statement);
		return statement;
	};
}
