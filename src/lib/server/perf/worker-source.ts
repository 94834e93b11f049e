/**
 * A function's source as the whole program of an `eval` worker (a worker file would not
 * survive bundling). The program gets the self-contained functions it uses as its one
 * argument: a name imported into its module would be rewritten by the bundler into
 * something the worker lacks. Bundlers may also wrap functions in `__name(…)` or turn
 * `require` into `__require`, so the worker gets its own of those.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function workerSource<U extends Record<string, Function>>(program: (uses: U) => void, uses?: U): string {
	const argument = `{${Object.entries(uses ?? {})
		.map(([name, f]) => `${JSON.stringify(name)}: ${f.toString()}`)
		.join(', ')}}`;
	return `var __name = (f) => f;\nvar __require = require;\n(${program.toString()})(${argument});`;
}
