/**
 * The order in which a database's tables (and a self-referencing table's rows) can be
 * copied into an empty database whose foreign keys are checked on every insert: every row
 * after the rows it refers to (issue 29, `copy-to-postgres`).
 */

export interface TableLinks {
	name: string;
	/** The tables this one refers to by foreign key (itself included when it does). */
	references: readonly string[];
}

/**
 * The tables ordered so that each comes after every table it refers to; among tables free
 * to go, the given order is kept. A reference to itself does not count (its rows are ordered
 * by `orderRowsByParent`); a cycle between tables, or a reference to a missing table, throws.
 */
export function orderTables(tables: readonly TableLinks[]): string[] {
	const names = new Set(tables.map((t) => t.name));
	for (const t of tables) {
		for (const r of t.references) if (!names.has(r)) throw new Error(`table ${t.name} refers to ${r}, which is not copied`);
	}
	const ordered: string[] = [];
	const placed = new Set<string>();
	let left = [...tables];
	while (left.length > 0) {
		const ready = left.filter((t) => t.references.every((r) => r === t.name || placed.has(r)));
		if (ready.length === 0) throw new Error(`foreign keys form a cycle between ${left.map((t) => t.name).join(', ')}`);
		for (const t of ready) {
			ordered.push(t.name);
			placed.add(t.name);
		}
		left = left.filter((t) => !placed.has(t.name));
	}
	return ordered;
}

/**
 * Rows of a table that refers to itself, ordered so that each comes after the rows it refers
 * to (`parents` gives the keys a row refers to; null where it refers to none); otherwise in
 * the given order. A row referring to a key that is not among the rows is placed as if it
 * had no parent (the insert then fails on its foreign key, as it should). A cycle throws.
 */
export function orderRowsByParent<R, K>(rows: readonly R[], keyOf: (row: R) => K, parents: (row: R) => readonly (K | null)[]): R[] {
	const byKey = new Map<K, R>();
	for (const row of rows) byKey.set(keyOf(row), row);
	const ordered: R[] = [];
	const state = new Map<K, 'visiting' | 'done'>();
	const visit = (row: R): void => {
		// Iterative, so that a deep hierarchy never overflows the stack.
		const stack: { row: R; expanded: boolean }[] = [{ row, expanded: false }];
		while (stack.length > 0) {
			const top = stack[stack.length - 1];
			const key = keyOf(top.row);
			if (top.expanded) {
				stack.pop();
				if (state.get(key) !== 'done') {
					state.set(key, 'done');
					ordered.push(top.row);
				}
				continue;
			}
			if (state.get(key) === 'done') {
				stack.pop();
				continue;
			}
			state.set(key, 'visiting');
			top.expanded = true;
			for (const p of parents(top.row)) {
				if (p === null || p === key) continue;
				const parent = byKey.get(p);
				if (parent === undefined) continue;
				if (state.get(p) === 'visiting') throw new Error(`rows refer to each other in a cycle (key ${String(p)})`);
				if (state.get(p) !== 'done') stack.push({ row: parent, expanded: false });
			}
		}
	};
	for (const row of rows) visit(row);
	return ordered;
}
