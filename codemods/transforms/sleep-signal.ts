/**
 * sleep-signal: hand-rolled delays -> `sleep` from leash.
 *
 *   await new Promise((resolve) => setTimeout(resolve, ms))    -> await sleep(ms, { signal })
 *   await new Promise<void>((r) => { setTimeout(() => r(), ms); }) -> await sleep(ms)
 *
 * `{ signal }` is passed when a signal is in scope (see lib/signal.ts), so an abort ends the wait
 * at once and clears the timer; without one, `sleep` follows the current leash scope. A local
 * function already named `sleep` (often the very helper being migrated) makes the import an alias,
 * `sleep as leashSleep`.
 *
 * Left alone on purpose (fixtures in __testfixtures__/sleep-signal/):
 *   - a promise that resolves with a value, `setTimeout(() => r(value), ms)` or
 *     `new Promise<number>(...)`: sleep resolves with undefined (`resolves-with-value`). Reported.
 *   - a timer whose handle is kept (`t = setTimeout(...)`) or an executor that does more than start
 *     the timer (`executor-shape`): the extra code would be lost. Reported.
 *   - `setTimeout(r)` with no delay or with extra arguments (`timer-arguments`). Reported.
 *   - `setTimeout` that is imported or declared locally (`shadowed-settimeout`): not the global
 *     timer. Reported.
 *   - timers that reject (`setTimeout(() => reject(err), ms)`): those are timeouts, see race-timeout.
 *   - a wait in a function that reads `signal.aborted` itself (`checks-aborted`): it sleeps on
 *     purpose and then decides whether to go on; an abortable sleep would turn that "continue"
 *     into a throw. Reported.
 *   - code already using `sleep` (`already-migrated`): nothing matches, nothing changes.
 */
import { isFunctionExpression, isSetTimeoutCall, mentions, promiseExecutor, setTimeoutIsShadowed, some, soleExpression } from '../lib/ast';
import { signalOptionsText } from '../lib/signal';
import { MARKER_TEXT } from '../lib/marker';
import { asJscodeshiftTransform, type Context, type SyntacticTransform } from '../lib/transform';
import { enclosingFunction, type Path } from '../lib/tree';

export const name = 'sleep-signal';

export const messages = {
  'resolves-with-value': 'the delay resolves with a value, and sleep() resolves with undefined; use `await sleep(ms); return value` by hand',
  'executor-shape': 'the executor does more than start one timer (or keeps its handle); rewrite with `await sleep(ms, { signal })` by hand',
  'timer-arguments': 'setTimeout gets no delay or extra arguments; rewrite with `await sleep(ms)` by hand',
  'shadowed-settimeout': '`setTimeout` here is not the global timer (it is imported or declared in this file); check what it does before using sleep()',
  'checks-aborted':
    'the function reads `.aborted` itself, so it expects the wait to finish and then decides (continue, return); an abortable sleep would throw instead. Leave it, or rewrite the check around `await sleep(ms, { signal })` by hand',
} as const;

type Id = keyof typeof messages;

const VOID_TYPES = new Set(['TSVoidKeyword', 'TSUndefinedKeyword', 'TSUnknownKeyword', 'TSAnyKeyword']);

function apply(ctx: Context<Id>): void {
  for (const path of ctx.find('NewExpression', (n) => promiseExecutor(n) !== null)) migrate(ctx, path);
}

function migrate(ctx: Context<Id>, path: Path): void {
  const node = path.node;
  const executor = promiseExecutor(node);
  const params = executor.params;
  if (params.length < 1 || params.length > 2 || params.some((p: any) => p.type !== 'Identifier')) return;
  const resolve: string = params[0].name;
  const reject: string | undefined = params[1]?.name;
  // Only executors that start a timer are candidates; timers that reject belong to race-timeout.
  if (!some(executor.body, isSetTimeoutCall)) return;
  if (reject && mentions(executor.body, reject)) return;
  if (!ctx.isLive(node)) return; // an earlier transform replaced it (a race-timeout fallback)

  const timer = soleExpression(executor);
  if (!isSetTimeoutCall(timer)) return ctx.skip(node, 'executor-shape');
  if (setTimeoutIsShadowed(path)) return ctx.skip(node, 'shadowed-settimeout');
  if (timer.arguments.length !== 2) return ctx.skip(node, 'timer-arguments');
  const [callback, ms] = timer.arguments;
  if (!resolvesEmpty(callback, resolve)) {
    return ctx.skip(node, isFunctionExpression(callback) && mentions(callback, resolve) ? 'resolves-with-value' : 'executor-shape');
  }
  if (ms.type === 'SpreadElement' || mentions(ms, resolve)) return ctx.skip(node, 'timer-arguments');
  const typeArg = (node.typeParameters ?? node.typeArguments)?.params?.[0];
  if (typeArg && !VOID_TYPES.has(typeArg.type)) return ctx.skip(node, 'resolves-with-value');

  const around = enclosingFunction(path);
  if (around && readsAborted(around.node)) return ctx.skip(node, 'checks-aborted');

  const signal = ctx.signalAt(path);
  const sleep = ctx.imports.need('sleep');
  ctx.replace(node, [`${MARKER_TEXT} ${sleep}(`, ctx.slice(ms), signal ? `, ${signalOptionsText(signal)})` : ')']);
  ctx.migrated++;
}

/** Reads `x.aborted` / `x?.aborted` somewhere: code that handles an abort itself after waiting. */
function readsAborted(body: any): boolean {
  return some(body, (n) => (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && !n.computed && n.property?.name === 'aborted');
}

/** `resolve`, `() => resolve()`, `() => { resolve(); }` or `() => resolve(undefined)`. */
function resolvesEmpty(callback: any, resolve: string): boolean {
  if (callback.type === 'Identifier') return callback.name === resolve;
  if (!isFunctionExpression(callback) || callback.params.length > 0) return false;
  const call = soleExpression(callback);
  return (
    call?.type === 'CallExpression' &&
    call.callee.type === 'Identifier' &&
    call.callee.name === resolve &&
    (call.arguments.length === 0 || (call.arguments.length === 1 && call.arguments[0].type === 'Identifier' && call.arguments[0].name === 'undefined'))
  );
}

export const transform: SyntacticTransform<Id> = {
  name,
  messages,
  mayMatch: (source) => source.includes('setTimeout') && source.includes('Promise'),
  apply,
};

export default asJscodeshiftTransform(transform);
