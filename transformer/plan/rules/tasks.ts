/**
 * tasks: promises that leave the expression that made them without anyone waiting for them are
 * registered as tasks of the scope that started them, until they settle — the JavaScript
 * `go f()`, and the goroutine blocked on a result nobody receives.
 *
 * 1. A call that returns a Promise-like and whose result nobody can observe any more becomes
 *    `leash.spawn(site, () => call)`. The arrow keeps the argument evaluation order, `this`,
 *    `arguments` and synchronous throws; the runtime keeps the value, the reason and
 *    unhandled-rejection behaviour. "Nobody can observe" means the value is thrown away where it
 *    is produced:
 *    - an expression statement `f();`, `void f()`, `f().then(g);` (the whole chain is the task);
 *    - the left of a comma (always); the right of a comma, a branch of `a ? f() : g()` or the
 *      right of `a && f()` when the whole expression is itself thrown away; a `for (f(); ; g())`
 *      initializer or update;
 *    - `const p = f()` in a function that never mentions `p` again (`unread`): the variable is
 *      the only way to the promise, so the value `spawn` returns in its place is never seen.
 *    When the callee may hold the promise too (an interface method, a callback, another package's
 *    function: util/own-promise.ts), it becomes `leash.spawnShared(...)`: registered all the
 *    same, but a rejection is not re-raised as unhandled, since the holder may handle it (`shared`).
 * 2. The array a `Promise.race`, `Promise.any` or `Promise.all` waits on — an array literal, a
 *    local initialized with one or with `.map(...)`, or a `.map(...)` call — becomes
 *    `leash.observeAll(site, array)`: the promises a race loses, or that `all` stops waiting for
 *    at the first rejection, run on with nobody waiting; registered, they stay in the report
 *    until they settle. The array and its promises stay the same objects, and the combinator
 *    handles each promise anyway, so nothing the program sees changes. Not `allSettled`: it
 *    waits for every promise, so none runs on after it. Not an element of an array literal that
 *    is a promise made by hand, `new Promise(...)` or a `const` initialized with one: it is
 *    settled by whoever holds its `resolve`, and is no work the race started (the work it waits
 *    on, a timer or a listener, is registered where it starts). Raced against the work, such a
 *    promise often never settles by design: one that rejects only on abort, its listener removed
 *    after the race (Redux Toolkit's `createAsyncThunk`); registered, it would be reported after
 *    every race it lost (`ObserveIntent.skip`).
 * Anything else consumes the promise and is left alone: `await f()`, `return f()`, an arrow's
 * expression body, `yield f()`, `const p = f()` when `p` is used (whoever holds `p` decides when
 * to await it), an argument, a condition.
 *
 * Skips, each with a fixture:
 * - `import("x")` and `super(...)` (`not-a-task`);
 * - calls whose type is `any` or not thenable (`not-a-task`);
 * - calls with `await`/`yield` in their arguments: the arrow cannot hold them (`awaitInCall`);
 * - leash's own API (`detach(...)`, `scope.run(...)`): resolved by declaration (`runtime-api`);
 * - node:test's `test(...)`, `it(...)`, `describe(...)`, `t.test(...)`: their promises are the
 *   runner's, which waits for every test; spawned, each would be a task of the file's scope
 *   until its test ended, and `verifyNone()` in an `afterEach` would find it (`node-test`);
 * - a combinator whose result is held outside the scope (util/ownership.ts): the holder hands
 *   it to whoever awaits it later, so its promises are not this scope's tasks (`heldCombinator`);
 * - a combinator over anything but a plain array (a `Set`, a generator, a parameter): reading
 *   its elements could be seen (a generator runs, a proxy traps), so it is not looked into
 *   (`combinator`).
 */
import type * as TS from 'typescript';
import { defineRule, type RuleContext } from '../rule';
import { containsAwaitOrYield, isImportOrSuperCall, isOuterExpression, skipParentheses } from '../util/nodes';
import { isGlobalPromise, returnsOwnPromise } from '../util/own-promise';
import { holderOf } from '../util/ownership';
import { forEachReference, resolveName } from '../util/scope';

/** The combinators whose losers run on after the combined promise settles. */
const COMBINATORS: ReadonlySet<string> = new Set(['race', 'any', 'all']);

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
    heldCombinator: 'The promises this combinator waits on are not registered as tasks: its result is held outside the scope, so they are its holder\'s; set `"ownership": false` to register them anyway.',
  },
  call(node, ctx) {
    const { ts } = ctx;
    if (isCombinatorOverArray(ts, node, ctx)) {
      if (ctx.ruleEnabled('ownership') && holderOf(ts, node) !== undefined) ctx.note('heldCombinator', node);
      else {
        const skip = handMadeElements(ts, node.arguments[0]!, ctx);
        if (skip !== ALL) ctx.add({ kind: 'observe', rule: 'tasks', site: ctx.site(node), node: ctx.span(node), skip });
      }
    }
    const local = isDiscarded(ts, node) ? undefined : keptInLocal(ts, node);
    if (local === null) return;
    if (isImportOrSuperCall(ts, node)) return;
    if (!ctx.types.returnsThenable(node)) return;
    if (ctx.types.callsNodeTest(node)) return;
    if (local !== undefined && isMentioned(ts, local)) return; // a walk over the function: only for promises kept in a local
    if (containsAwaitOrYield(ts, node)) return ctx.note('awaitInCall', node);
    ctx.add({ kind: 'spawn', rule: 'tasks', site: ctx.site(node), node: ctx.span(node), shared: !returnsOwnPromise(ts, node, ctx.types) });
  },
});

function isDiscarded(ts: typeof TS, node: TS.Expression): boolean {
  let child: TS.Node = node;
  for (let parent = node.parent; ; child = parent, parent = parent.parent) {
    if (isOuterExpression(ts, parent)) continue;
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

/** `Promise.race/any/all(array)` on the global `Promise`, over an array whose elements can be read unseen. */
function isCombinatorOverArray(ts: typeof TS, node: TS.CallExpression, ctx: RuleContext): boolean {
  const callee = skipParentheses(ts, node.expression);
  if (node.questionDotToken !== undefined || !ts.isPropertyAccessExpression(callee) || callee.questionDotToken !== undefined || !COMBINATORS.has(callee.name.text)) return false;
  const object = callee.expression;
  if (!isGlobalPromise(ts, object, ctx.types)) return false;
  const argument = node.arguments[0];
  return node.arguments.length === 1 && argument !== undefined && isPlainArray(ts, argument);
}

/** An array literal, a `.map(...)` result, or a variable initialized with either: an array no getter or proxy stands behind. */
function isPlainArray(ts: typeof TS, expression: TS.Expression): boolean {
  const bare = skipParentheses(ts, expression);
  if (!ts.isIdentifier(bare)) return isArrayOrMap(ts, bare);
  const declaration = resolveName(ts, bare);
  return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && isArrayOrMap(ts, skipParentheses(ts, declaration.initializer));
}

/** What `handMadeElements` returns when every element is made by hand: nothing to observe. */
const ALL = -1;

/**
 * The elements of an array literal given to a combinator that are promises made by hand, one bit
 * per index (the runtime leaves them unobserved): `new Promise(...)` on the global `Promise`, or a
 * `const` initialized with one. `ALL` when every element is; 0 for anything but a literal, for
 * a literal with a spread (indices past it are unknown), and past index 30.
 */
function handMadeElements(ts: typeof TS, argument: TS.Expression, ctx: RuleContext): number {
  const array = skipParentheses(ts, argument);
  if (!ts.isArrayLiteralExpression(array) || array.elements.length === 0) return 0;
  let skip = 0;
  for (const [index, element] of array.elements.entries()) {
    if (ts.isSpreadElement(element)) return 0;
    if (index <= 30 && isHandMade(ts, element, ctx)) skip |= 1 << index;
  }
  return skip === 2 ** array.elements.length - 1 ? ALL : skip;
}

function isHandMade(ts: typeof TS, element: TS.Expression, ctx: RuleContext): boolean {
  let value = skipParentheses(ts, element);
  if (ts.isIdentifier(value)) {
    const declaration = resolveName(ts, value);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) return false;
    if (!ts.isVariableDeclarationList(declaration.parent) || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return false;
    value = skipParentheses(ts, declaration.initializer);
  }
  return ts.isNewExpression(value) && isGlobalPromise(ts, value.expression, ctx.types);
}

/** `[...]` or `xs.map(...)`. */
function isArrayOrMap(ts: typeof TS, node: TS.Expression): boolean {
  return ts.isArrayLiteralExpression(node) || (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'map');
}

interface Local {
  readonly name: TS.Identifier;
  readonly declaration: TS.VariableDeclaration;
  readonly body: TS.Node;
}

/** `const p = f()` (or `let`, `var`) in a function: the local and the body it can be mentioned in; null for anything else. */
function keptInLocal(ts: typeof TS, node: TS.Expression): Local | null {
  let child: TS.Node = node;
  let parent = node.parent;
  while (isOuterExpression(ts, parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== child || !ts.isIdentifier(parent.name)) return null;
  const list = parent.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Using) !== 0) return null; // `using` disposes the value
  const fn = ts.findAncestor(list, (ancestor) => ts.isFunctionLike(ancestor) || ts.isClassStaticBlockDeclaration(ancestor) || ts.isSourceFile(ancestor));
  if (fn === undefined || !ts.isFunctionLike(fn)) return null; // a module variable can be exported or read by other modules
  const body = (fn as { body?: TS.Node }).body;
  return body === undefined ? null : { name: parent.name, declaration: parent, body };
}

/** The function mentions the local anywhere but in its declaration (a read, a write, a closure, a `typeof`). */
function isMentioned(ts: typeof TS, local: Local): boolean {
  let mentioned = false;
  forEachReference(ts, local.name, local.declaration, local.body, () => (mentioned = true));
  return mentioned;
}
