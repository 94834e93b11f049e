/**
 * A function's source as the whole program of an `eval` worker (a worker file would not
 * survive bundling). Bundlers may wrap functions in `__name(…)` or turn `require` into
 * `__require`: helpers the worker would lack, so it gets its own.
 */
export function workerSource(program: () => void): string {
	return `var __name = (f) => f;\nvar __require = require;\n(${program.toString()})();`;
}
