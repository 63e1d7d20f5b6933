import type * as TS from 'typescript';

/** `((x))` → `x`. */
export function skipParentheses(ts: typeof TS, node: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}
