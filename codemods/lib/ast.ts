/** Small helpers over Babel nodes shared by the syntactic transforms. */
import { isFunctionNode, resolveBinding, SKIP_KEYS, type Path } from './tree';

/**
 * Visits every node under `node` (itself included). Return `false` from `visit` to skip a node's
 * children. With `skipFunctions`, nested functions are not entered (their `await`, `return` and
 * `this` are their own).
 */
export function walk(node: any, visit: (n: any, parent: any) => boolean | void, skipFunctions = false, parent: any = null): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, skipFunctions, parent);
    return;
  }
  if (typeof node.type !== 'string') return;
  if (visit(node, parent) === false) return;
  if (skipFunctions && parent && isFunctionNode(node)) return;
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const value = node[key];
    if (value && typeof value === 'object') walk(value, visit, skipFunctions, node);
  }
}

export function some(node: any, test: (n: any, parent: any) => boolean, skipFunctions = false): boolean {
  let found = false;
  walk(
    node,
    (n, p) => {
      if (found) return false;
      if (test(n, p)) {
        found = true;
        return false;
      }
      return undefined;
    },
    skipFunctions,
  );
  return found;
}

export { isFunctionNode as isFunction };

/** An arrow function or a function expression: what can be passed inline as a callback. */
export function isFunctionExpression(node: any): boolean {
  return node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression';
}

/** True when an identifier `name` occurs anywhere under `node` (any role: conservative). */
export function mentions(node: any, name: string): boolean {
  return some(node, (n) => n.type === 'Identifier' && n.name === name);
}

/** `Promise.<method>(...)` with a plain, non-computed member access. */
export function isPromiseCall(node: any, method: string): boolean {
  return (
    node?.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    !node.callee.computed &&
    node.callee.object.type === 'Identifier' &&
    node.callee.object.name === 'Promise' &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === method
  );
}

/** `new Promise(executor)` with an inline function executor: returns the executor. */
export function promiseExecutor(node: any): any {
  if (node?.type !== 'NewExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'Promise') return null;
  if (node.arguments.length !== 1) return null;
  const fn = node.arguments[0];
  return isFunctionExpression(fn) ? fn : null;
}

/** The single expression a function body evaluates (`=> e`, `{ e; }` or `{ return e; }`), or null. */
export function soleExpression(fn: any): any {
  const body = fn.body;
  if (body.type !== 'BlockStatement') return body;
  if (body.body.length !== 1) return null;
  const s = body.body[0];
  if (s.type === 'ExpressionStatement') return s.expression;
  if (s.type === 'ReturnStatement') return s.argument;
  return null;
}

/** Is `node` a call of the global `setTimeout` (also `globalThis.setTimeout`, `window.setTimeout`)? */
export function isSetTimeoutCall(node: any): boolean {
  if (node?.type !== 'CallExpression') return false;
  const c = node.callee;
  if (c.type === 'Identifier') return c.name === 'setTimeout';
  return (
    c.type === 'MemberExpression' &&
    !c.computed &&
    c.object.type === 'Identifier' &&
    (c.object.name === 'globalThis' || c.object.name === 'window') &&
    c.property.type === 'Identifier' &&
    c.property.name === 'setTimeout'
  );
}

/** True when `setTimeout` resolves to something declared in the file (an import, a local). */
export function setTimeoutIsShadowed(path: Path): boolean {
  return resolveBinding(path, 'setTimeout') !== null;
}

/** Does `node` contain `await` or `yield` that belong to the enclosing function? */
export function suspends(node: any): boolean {
  return some(node, (n) => n.type === 'AwaitExpression' || n.type === 'YieldExpression' || (n.type === 'ForOfStatement' && n.await), true);
}

/** Does `node` contain `break`, `continue` or `return` that leave it (a loop body)? */
export function jumps(node: any): boolean {
  return some(node, (n) => n.type === 'ReturnStatement' || n.type === 'BreakStatement' || n.type === 'ContinueStatement' || n.type === 'LabeledStatement', true);
}
