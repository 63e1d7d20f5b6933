/**
 * tasks: a call that returns a Promise-like and whose result nobody can observe any more becomes
 * `leash.spawn(site, () => call)` — the JavaScript `go f()`, registered with the scope that
 * started it until it settles. The arrow keeps the argument evaluation order, `this`, `arguments`
 * and synchronous throws; the runtime keeps the value, the reason and unhandled-rejection
 * behaviour.
 *
 * "Nobody can observe" means the value is thrown away where it is produced:
 * - an expression statement `f();`, `void f()`, `f().then(g);` (the whole chain is the task);
 * - the left of a comma (always); the right of a comma, a branch of `a ? f() : g()` or the right
 *   of `a && f()` when the whole expression is itself thrown away; a `for (f(); ; g())`
 *   initializer or update.
 * Anything else consumes the promise and is left alone: `await f()`, `return f()`, an arrow's
 * expression body, `yield f()`, `const p = f()` (the holder decides when to await it), an
 * argument (`Promise.all([f()])`), a condition.
 *
 * Skips, each with a fixture:
 * - `import("x")` and `super(...)` (`not-a-task`);
 * - calls whose type is `any` or not thenable (`not-a-task`);
 * - calls with `await`/`yield` in their arguments: the arrow cannot hold them (`awaitInCall`);
 * - leash's own API (`detach(...)`, `scope.run(...)`): resolved by declaration (`runtime-api`).
 */
import type * as TS from 'typescript';
import { defineRule } from '../rule';
import { containsAwaitOrYield, isImportOrSuperCall } from '../util/nodes';

export default defineRule({
  name: 'tasks',
  description: 'Registers detached async calls (promises nobody awaits or returns) as tasks of the scope that starts them.',
  option: {
    key: 'tasks',
    description: 'Wrap calls whose promise is thrown away in leash.spawn(site, () => call).',
    default: true,
    changesBehaviour: false,
  },
  needsTypes: true, // only the call's return type says it is a promise

  messages: {
    awaitInCall: 'This detached call has `await` or `yield` in its arguments and is not registered; compute the argument into a variable first.',
  },
  call(node, ctx) {
    const { ts } = ctx;
    if (!isDiscarded(ts, node)) return;
    if (isImportOrSuperCall(ts, node)) return;
    if (!ctx.types.returnsThenable(node)) return;
    if (containsAwaitOrYield(ts, node)) return ctx.note('awaitInCall', node);
    ctx.add({ kind: 'spawn', rule: 'tasks', site: ctx.site(node), node: ctx.span(node) });
  },
});

function isDiscarded(ts: typeof TS, node: TS.Expression): boolean {
  let child: TS.Node = node;
  for (let parent = node.parent; ; child = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent)) continue;
    if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return true;
    if (ts.isForStatement(parent)) return child === parent.initializer || child === parent.incrementor;
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.CommaToken) {
        if (child === parent.left) return true;
        continue;
      }
      const shortCircuit =
        operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken;
      if (shortCircuit && child === parent.right) continue;
      return false;
    }
    if (ts.isConditionalExpression(parent) && child !== parent.condition) continue;
    return false;
  }
}
