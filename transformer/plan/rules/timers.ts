/**
 * timers: the global `setTimeout`, `setInterval`, `setImmediate` and their `clear*` become
 * `leash.setTimeout(site, ...)`, registered with the scope that runs them and cleared when it
 * ends. `globalThis.setTimeout(...)` is the same call. On another global object
 * (`window.setTimeout(...)`, `self.`, `global.`; in the DOM lib a `Window` method, not the global
 * function) the object is kept, `leash.setTimeoutOn(site, window, ...)`, and its own function is
 * called on it, because a test may stub it (`vi.stubGlobal('window', { setTimeout: spy })`).
 *
 * Skips, each with a fixture:
 * - a local or parameter of the same name, or an import (`timers/promises`): the call's resolved
 *   declaration must be in the global scope of a declaration file (`shadowed`);
 * - `clock.setTimeout(...)` on an object that is not the global one, even when typed
 *   `typeof globalThis` (a fake clock): the object must resolve to a global (`not-global-object`);
 * - the function used as a value (`const t = setTimeout`): only calls are rewritten (`not-called`);
 * - optional calls `setTimeout?.(...)`: message `optionalCall`.
 */
import type * as TS from 'typescript';
import type { TimerHook } from '../intent';
import { defineRule } from '../rule';

const HOOKS: ReadonlySet<string> = new Set<TimerHook>(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']);

export default defineRule({
  name: 'timers',
  description: 'Registers global timers with the scope that starts them; in bind mode the scope clears them when it ends.',
  option: {
    key: 'timers',
    description: 'Rewrite calls to the global setTimeout, setInterval, setImmediate and their clears.',
    default: true,
    changesBehaviour: false,
  },
  needsTypes: true, // a local or an import named setTimeout is not the global one

  messages: {
    optionalCall: 'An optional call like `setTimeout?.(...)` is not rewritten; call the global directly to have the timer registered.',
  },
  call(node, ctx) {
    const { ts } = ctx;
    const name = timerName(ts, node.expression);
    if (name === undefined || !HOOKS.has(name.text)) return;
    // The global function, or on a global object the DOM lib's `Window` method of that name.
    if (!ctx.types.callsGlobal(node)) return;
    const object = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : undefined;
    if (object !== undefined && !ctx.types.isGlobalObject(object)) return;
    if (ts.isOptionalChain(node)) {
      ctx.note('optionalCall', node);
      return;
    }
    // `globalThis.setTimeout` is what the bare call reads; any other object (`window`) is kept.
    const receiver = object !== undefined && !(ts.isIdentifier(object) && object.text === 'globalThis') ? ctx.span(object) : undefined;
    ctx.add({ kind: 'global-call', rule: 'timers', site: ctx.site(node), node: ctx.span(node), hook: name.text as TimerHook, callee: ctx.span(node.expression), ...(receiver && { receiver }) });
  },
});

/** `setTimeout`, or `window.setTimeout` (any plain identifier before the dot): the identifier whose symbol decides. */
function timerName(ts: typeof TS, callee: TS.Expression): TS.Identifier | undefined {
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ts.isIdentifier(callee.name)) {
    return callee.name;
  }
  return undefined;
}
