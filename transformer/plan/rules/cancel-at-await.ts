/**
 * cancel-at-await (opt-in, `cancelAtAwait: true`): `await x` becomes `leash.resumed(await x)`, so
 * an async function whose scope ended while it was suspended throws the scope's reason at its
 * next `await` instead of carrying on. Go checks `ctx.Err()` by hand; this does it at every await.
 *
 * Skips, each with a fixture:
 * - awaits inside a `finally` block: cleanup must run to its end (`inFinally`);
 * - awaits of leash's own API (`await shutdown()`, `await scope[Symbol.asyncDispose]()`): they
 *   end scopes on purpose, resolved by declaration (`runtime-api`);
 * - `for await` and `await using`: not await expressions; the loop body's awaits are rewritten.
 */
import type * as TS from 'typescript';
import { skipParentheses } from '../util/nodes';
import { defineRule } from '../rule';

export default defineRule({
  name: 'cancel-at-await',
  description: 'Throws the scope\'s abort reason when an await resumes in a scope that ended meanwhile.',
  option: {
    key: 'cancelAtAwait',
    description: 'Rewrite `await x` to `leash.resumed(await x)`. Off by default, and in track mode.',
    default: false,
    changesBehaviour: true,
  },
  needsTypes: true, // `await shutdown()` (leash's own API, resolved by declaration) must stay as it is

  messages: {
    inFinally: 'An await inside `finally` is not checked for cancellation, so cleanup runs to its end.',
  },
  await(node, ctx) {
    const { ts } = ctx;
    const operand = skipParentheses(ts, node.expression);
    if (ts.isCallExpression(operand) && ctx.isRuntimeCall(operand)) return;
    if (inFinally(ts, node)) return ctx.note('inFinally', node);
    ctx.add({ kind: 'resume', rule: 'cancel-at-await', site: ctx.site(node), node: ctx.span(node) });
  },
});

function inFinally(ts: typeof TS, node: TS.Node): boolean {
  for (let child: TS.Node = node, parent = node.parent; parent !== undefined && !ts.isFunctionLike(parent); child = parent, parent = parent.parent) {
    if (ts.isTryStatement(parent) && parent.finallyBlock === child) return true;
  }
  return false;
}
