/**
 * Functions that handle cancellation themselves. Code that reads `signal.aborted` (or calls
 * `throwIfAborted()`) has chosen where cancellation takes effect: it waits on purpose, then checks,
 * and goes on ("cooperative" cancellation). Handing such a wait the signal turns "check and
 * continue" into "throw" — cockatiel's `TimeoutStrategy.Cooperative` tests fail exactly so — so
 * the signals rule injects nothing inside them (the `sleep-signal` codemod keeps the same rule).
 */
import type * as TS from 'typescript';

const checks = new WeakMap<TS.Node, boolean>();

/** Whether the nearest function around `node` reads `.aborted` or calls `.throwIfAborted()` anywhere in its body. */
export function insideCooperativeFunction(ts: typeof TS, node: TS.Node): boolean {
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
