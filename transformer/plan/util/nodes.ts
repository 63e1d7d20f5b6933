import type * as TS from 'typescript';

/** `((x))` → `x`. */
export function skipParentheses(ts: typeof TS, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

/**
 * Parentheses, `as`, `satisfies`, `!` and `<T>x`: wrappers that leave the value as it is, so a
 * walk up or down the tree looks through them.
 */
export function isOuterExpression(ts: typeof TS, node: TS.Node): node is TS.ParenthesizedExpression | TS.AsExpression | TS.SatisfiesExpression | TS.NonNullExpression | TS.TypeAssertion {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node);
}

/** The expression inside any parentheses, casts and `!` (see isOuterExpression). */
export function skipOuter(ts: typeof TS, node: TS.Expression): TS.Expression {
  while (isOuterExpression(ts, node)) node = node.expression;
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

/** `await` or `yield` inside `node` but outside nested functions and classes: an arrow wrapped around `node` could not hold them. */
export function containsAwaitOrYield(ts: typeof TS, node: TS.Node): boolean {
  return (
    ts.forEachChild(node, (child) => {
      if (ts.isAwaitExpression(child) || ts.isYieldExpression(child)) return true;
      if (ts.isFunctionLike(child) || ts.isClassLike(child)) return undefined;
      return containsAwaitOrYield(ts, child) || undefined;
    }) === true
  );
}
