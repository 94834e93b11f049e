import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/api/openapi';
import { routeExports } from '../helpers/route-exports';

const ROOT = 'src/routes/api/v1';

/** Every `+server.ts` under the API folder, as "METHOD /path" in OpenAPI's spelling. */
function routesInCode(): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name === '+server.ts') {
				const route = '/' + relative(ROOT, dir).split(sep).join('/');
				const { names } = routeExports(readFileSync(path, 'utf8'), path);
				const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => names.has(m));
				for (const m of methods) found.push(`${m} ${route.replace(/\[(\w+)\]/g, '{$1}').replace(/\/$/, '')}`);
			}
		}
	};
	walk(ROOT);
	return found.filter((r) => r !== 'GET /openapi.json').sort();
}

function routesInSpec(): string[] {
	return Object.entries(openApiDocument.paths)
		.flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
		.sort();
}

describe('the OpenAPI document', () => {
	it('describes exactly the API routes in the code', () => {
		expect(routesInSpec()).toEqual(routesInCode());
		expect(routesInCode().length).toBeGreaterThanOrEqual(6);
	});

	it('is OpenAPI 3.1 with the error shape and every $ref resolvable', () => {
		expect(openApiDocument.openapi).toBe('3.1.0');
		const refs = [...JSON.stringify(openApiDocument).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
		for (const ref of refs) expect(Object.keys(openApiDocument.components.schemas)).toContain(ref);
	});
});
