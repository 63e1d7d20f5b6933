/**
 * ownership: a resource belongs to whoever holds it. A call or `new` whose value outlives the
 * scope that runs it — stored in a module variable, a field, a shared `Map`, memoized with
 * `conn ??= connect()`, built at module top level or in a constructor (util/ownership.ts lists
 * the rules) — becomes `leash.detach(() => call)`: it runs in the root scope, so the timers,
 * listeners and tasks it starts, and the signal it sees, are the process's, not the request's.
 * Without this, the first request to build a shared connection would end it for everyone.
 *
 * Only calls that can start something leash binds are wrapped: a call another rule rewrites
 * (a timer, a listener, a spawned task) and a call into the program's own code, which is
 * instrumented too (its functions and classes, its modules' exports and their methods, and a
 * function the caller was handed, which may be the program's), unless that code is declared in
 * this file and the file's plan shows it starts nothing (util/inert.ts, in `finish`, after
 * every rule planned the file). A call into a
 * library that is not instrumented starts nothing leash binds, and the signals rule already
 * passes no signal to any held call.
 *
 * Skips, each with a fixture:
 * - a held call with `await` or `yield` in its arguments: the arrow cannot hold them (`awaitInCall`);
 * - leash's own API (`detach(...)`, `new Scope()`), resolved by declaration.
 */
import type * as TS from 'typescript';
import type { Intent } from '../intent';
import { defineRule, type RuleContext } from '../rule';
import { createInertTest } from '../util/inert';
import { containsAwaitOrYield, isImportOrSuperCall } from '../util/nodes';
import { callsProgramCode, holderOf } from '../util/ownership';

type Ids = 'awaitInCall';

export default defineRule<Ids>({
  name: 'ownership',
  description: 'Runs calls whose value outlives the scope (module variables, fields, shared maps, memoized promises) in the root scope, so the scope does not end what others hold.',
  needsTypes: false,
  option: {
    key: 'ownership',
    description: 'Wrap calls whose value is stored where it outlives the calling scope in leash.detach(() => call).',
    default: true,
    changesBehaviour: false,
  },
  messages: {
    awaitInCall: 'This call\'s value outlives its scope but it has `await` or `yield` in its arguments, so it runs in the caller\'s scope; compute the argument into a variable first.',
  },
  call(node, ctx) {
    if (isImportOrSuperCall(ctx.ts, node) || ctx.isRuntimeCall(node)) return;
    detachIfHeld(node, ctx);
  },
  new(node, ctx) {
    if (ctx.types.callsRuntime(node)) return;
    detachIfHeld(node, ctx);
  },
  finish(intents, ctx) {
    const held = intoProgramCode.get(ctx.file);
    intoProgramCode.delete(ctx.file);
    if (held === undefined) return intents;
    // These detaches are calls into program code, which the test follows itself: not intents that make code start something.
    const candidates = new Set(held.map(([intent]) => intent));
    const inert = createInertTest(ctx.ts, intents.filter((intent) => !candidates.has(intent)));
    const needless = new Set(held.filter(([, node]) => inert(node)).map(([intent]) => intent));
    return needless.size === 0 ? intents : intents.filter((intent) => !needless.has(intent));
  },
});

/** Per file, the held calls detached only because they call the program's own code (`finish` drops the inert ones). */
const intoProgramCode = new WeakMap<TS.SourceFile, Array<[Intent, TS.CallExpression | TS.NewExpression]>>();

function detachIfHeld(node: TS.CallExpression | TS.NewExpression, ctx: RuleContext<Ids>): void {
  const { ts } = ctx;
  if (holderOf(ts, node) === undefined) return;
  const starts = ctx.startsResource(node);
  if (!starts && !callsProgramCode(ts, node)) return;
  if (containsAwaitOrYield(ts, node)) return ctx.note('awaitInCall', node);
  const intent: Intent = { kind: 'detach', rule: 'ownership', site: ctx.site(node), node: ctx.span(node) };
  ctx.add(intent);
  if (starts) return;
  let held = intoProgramCode.get(ctx.file);
  if (held === undefined) intoProgramCode.set(ctx.file, (held = []));
  held.push([intent, node]);
}
