import ts from 'typescript';

/** What a route module exports, read from its syntax tree rather than its formatting. */
export interface RouteExports {
	/** Every exported name: `load`, `actions`, `GET`, `prerender`, … */
	names: Set<string>;
	/** The keys of the exported `actions` object (`default` among them), empty without one. */
	actions: string[];
}

/** Strips `satisfies Actions`, `as const` and parentheses down to the object literal, if it is one. */
function objectLiteral(node: ts.Expression): ts.ObjectLiteralExpression | null {
	if (ts.isObjectLiteralExpression(node)) return node;
	if (ts.isSatisfiesExpression(node) || ts.isAsExpression(node) || ts.isParenthesizedExpression(node)) return objectLiteral(node.expression);
	return null;
}

function keysOf(object: ts.ObjectLiteralExpression, file: string): string[] {
	return object.properties.map((p) => {
		if (ts.isSpreadAssignment(p) || !p.name) throw new Error(`${file}: an action the test cannot name (a spread?)`);
		if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) return p.name.text;
		throw new Error(`${file}: an action with a computed name`);
	});
}

/** Parses a `+page.server.ts` or `+server.ts` and lists its exports and form actions. */
export function routeExports(source: string, file: string): RouteExports {
	const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const names = new Set<string>();
	let actions: string[] = [];
	const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
	for (const statement of tree.statements) {
		if (ts.isVariableStatement(statement) && exported(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (!ts.isIdentifier(declaration.name)) continue;
				names.add(declaration.name.text);
				if (declaration.name.text === 'actions') {
					const object = declaration.initializer && objectLiteral(declaration.initializer);
					if (!object) throw new Error(`${file}: actions is not an object literal`);
					actions = keysOf(object, file);
				}
			}
		} else if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) {
			names.add(statement.name.text);
		} else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
			for (const element of statement.exportClause.elements) names.add(element.name.text);
		}
	}
	return { names, actions };
}
