import type * as TS from 'typescript';

/** `((x))` → `x`. */
export function skipParentheses(ts: typeof TS, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

/** `import(...)` or `super(...)`: the callee is a keyword, not a function value to resolve or wrap. */
export function isImportOrSuperCall(ts: typeof TS, node: TS.CallExpression): boolean {
  const kind = node.expression.kind;
  return kind === ts.SyntaxKind.ImportKeyword || kind === ts.SyntaxKind.SuperKeyword;
}

/** The text of a literal property name (`a`, `#a`, `"a"`, `1`); undefined for a computed one. */
export function propertyNameText(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
