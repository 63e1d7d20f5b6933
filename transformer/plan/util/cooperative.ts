/**
 * Deliberate waits. A function that reads `signal.aborted` (or calls `throwIfAborted()`) has chosen
 * where cancellation takes effect, and `await sleep(3);` in it — an awaited call whose value is
 * thrown away — is a wait on purpose: it waits, then checks, and goes on ("cooperative"
 * cancellation). Handing that wait the signal turns "check and continue" into "throw" (cockatiel's
 * `TimeoutStrategy.Cooperative` tests fail exactly so), so the signals rule leaves it alone, as
 * the `sleep-signal` codemod does. A call whose value is used (`const r = await fetch(url)`, then
 * `if (signal.aborted) return`) still gets the signal: nothing there waits on purpose.
 */
import type * as TS from 'typescript';

const checks = new WeakMap<TS.Node, boolean>();

/** Whether `call` is `await call;` as a statement inside a function that checks `.aborted` itself. */
export function isDeliberateWait(ts: typeof TS, call: TS.Node): boolean {
  let awaited: TS.Node = call.parent;
  while (ts.isParenthesizedExpression(awaited)) awaited = awaited.parent;
  if (!ts.isAwaitExpression(awaited)) return false;
  let statement: TS.Node = awaited.parent;
  while (ts.isParenthesizedExpression(statement)) statement = statement.parent;
  return ts.isExpressionStatement(statement) && insideCooperativeFunction(ts, call);
}

/** Whether the nearest function around `node` reads `.aborted` or calls `.throwIfAborted()` anywhere in its body. */
function insideCooperativeFunction(ts: typeof TS, node: TS.Node): boolean {
  let fn: TS.Node | undefined = node.parent;
  while (fn !== undefined && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (fn === undefined) return false;
  let found = checks.get(fn);
  if (found === undefined) checks.set(fn, (found = readsAborted(ts, fn)));
  return found;
}

function readsAborted(ts: typeof TS, root: TS.Node): boolean {
  const visit = (node: TS.Node): boolean => {
    if (ts.isPropertyAccessExpression(node) && (node.name.text === 'aborted' || node.name.text === 'throwIfAborted')) return true;
    return ts.forEachChild(node, visit) ?? false;
  };
  return ts.forEachChild(root, visit) ?? false;
}
