/**
 * listeners: `addEventListener`/`removeEventListener` on a receiver whose type extends the global
 * `EventTarget` (AbortSignal included), and `on`, `addListener`, `once`, `prependListener`,
 * `prependOnceListener`, `off`, `removeListener` on a receiver whose type extends Node's
 * `EventEmitter`, become `leash.addEventListener(site, target, ...)` /
 * `leash.addListener(site, emitter, "on", ...)` and their removes. The runtime binds the listener
 * to the current scope; no `{ signal }` option is ever added (see the signals rule).
 *
 * Skips, each with a fixture:
 * - receivers the checker does not place under EventTarget/EventEmitter, however the method is
 *   named (a jQuery-like `.on`, an object literal with `addEventListener`) (`not-an-emitter`);
 * - `super.on(...)`: `super` is not a value to pass (`superReceiver`);
 * - `emitter.on?.(...)`: the method itself may be missing (`optionalCall`);
 * - `a?.on(x, f).on(y, g)`: the inner call's result continues an optional chain (`chainContinues`).
 * `a?.on(...)` and `a?.b.on(...)` are rewritten: a nullish receiver gives `undefined`, as before.
 */
import type * as TS from 'typescript';
import type { ListenerHook } from '../intent';
import { defineRule } from '../rule';

const TARGET_HOOKS: ReadonlyMap<string, ListenerHook> = new Map([
  ['addEventListener', 'addEventListener'],
  ['removeEventListener', 'removeEventListener'],
]);

const EMITTER_HOOKS: ReadonlyMap<string, ListenerHook> = new Map([
  ['on', 'addListener'],
  ['addListener', 'addListener'],
  ['once', 'addListener'],
  ['prependListener', 'addListener'],
  ['prependOnceListener', 'addListener'],
  ['off', 'removeListener'],
  ['removeListener', 'removeListener'],
]);

export default defineRule({
  name: 'listeners',
  description: 'Registers EventTarget and EventEmitter listeners with the scope that adds them; in bind mode the scope removes them when it ends.',
  option: {
    key: 'listeners',
    description: 'Rewrite addEventListener/removeEventListener on EventTargets and on/once/off/... on Node EventEmitters.',
    default: true,
    changesBehaviour: false,
  },
  needsTypes: true, // only the receiver's type tells an EventEmitter from a jQuery-like `.on`

  messages: {
    superReceiver: '`super.on(...)` is not rewritten: `super` cannot be passed to the runtime. Call it on `this` if the override is not needed.',
    optionalCall: 'An optional method call like `emitter.on?.(...)` is not rewritten; call the method directly to have the listener registered.',
    chainContinues: 'This call is not rewritten because its result continues an optional chain (`a?.on(x, f).on(...)`); split the chain into statements.',
  },
  call(node, ctx) {
    const { ts } = ctx;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return;
    const method = callee.name.text;
    const targetHook = TARGET_HOOKS.get(method);
    const emitterHook = targetHook === undefined ? EMITTER_HOOKS.get(method) : undefined;
    if (targetHook === undefined && emitterHook === undefined) return;
    const receiver = callee.expression;
    const matches = targetHook !== undefined ? ctx.types.isEventTarget(receiver) : ctx.types.isEventEmitter(receiver);
    if (!matches) return;
    if (receiver.kind === ts.SyntaxKind.SuperKeyword) return ctx.note('superReceiver', node);
    if (node.questionDotToken !== undefined) return ctx.note('optionalCall', node);
    const optional = ts.isOptionalChain(node);
    if (optional && continuesChain(ts, node)) return ctx.note('chainContinues', node);
    ctx.add({
      kind: 'method-call',
      rule: 'listeners',
      site: ctx.site(node),
      node: ctx.span(node),
      hook: (targetHook ?? emitterHook) as ListenerHook,
      receiver: ctx.span(receiver),
      method,
      passMethod: emitterHook !== undefined,
      optional,
    });
  },
});

/** The call is the object of a further link of the same optional chain. */
function continuesChain(ts: typeof TS, node: TS.CallExpression): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) &&
    parent.expression === node &&
    ts.isOptionalChain(parent)
  );
}
