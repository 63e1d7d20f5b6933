/**
 * race-timeout: `Promise.race` against a `setTimeout` promise -> `withTimeout` from leash, whose
 * timer is cleared as soon as the work settles. With the hand-rolled race, the losing timer keeps
 * running (and keeps the process alive) for the full `ms` after the work has won.
 *
 *   await Promise.race([
 *     fetchThing(),
 *     new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000)),
 *   ])
 *   ->
 *   await withTimeout(5000, () => fetchThing()).catch((error) => { throw error === deadlineExceeded ? new Error('timeout') : error; })
 *
 * The outcome at the deadline stays what it was: `withTimeout` rejects with `deadlineExceeded`,
 * and the `.catch` turns that back into the original error (or, for a timer that resolves with a
 * fallback value, into that value). Other errors pass through. The work runs in the child scope
 * that `withTimeout` creates, so leash-instrumented timers and listeners it starts end with it;
 * pass `scope.signal` into the work by hand (or run thread-signal) to cancel it at the deadline.
 *
 * Left alone on purpose (fixtures in __testfixtures__/race-timeout/):
 *   - a timeout promise created elsewhere (`const t = timeout(ms); Promise.race([work, t])`):
 *     its timer cannot be moved (`timeout-not-inline`). Reported when the name says timeout/deadline.
 *   - a timer callback that does more than resolve or reject once (`timer-callback-shape`), an
 *     executor that does more than start the timer (`executor-shape`), `ms` that reads the executor's
 *     parameters, several timeouts in one race (`several-timeouts`). Reported.
 *   - `setTimeout` imported or declared locally (`shadowed-settimeout`). Reported.
 *   - races without a timer (`Promise.race([a, b])`) and code already using withTimeout.
 */
import { isFunctionExpression, isPromiseCall, isSetTimeoutCall, mentions, promiseExecutor, setTimeoutIsShadowed, some, soleExpression } from '../lib/ast';
import type { Part } from '../lib/edits';
import { MARKER_TEXT } from '../lib/marker';
import { asJscodeshiftTransform, type Context, type SyntacticTransform } from '../lib/transform';
import type { Path } from '../lib/tree';

export const name = 'race-timeout';

export const messages = {
  'timeout-not-inline':
    'the race looks like a timeout, but the timeout promise is created elsewhere; replace the race with withTimeout(ms, (scope) => work) by hand',
  'timer-callback-shape': 'the timer callback does more than resolve or reject once; rewrite with withTimeout(ms, (scope) => work) by hand',
  'executor-shape': 'the timeout promise does more than start one timer (or keeps its handle); rewrite with withTimeout(ms, (scope) => work) by hand',
  'several-timeouts': 'the race has more than one timer; keep the shortest and rewrite with withTimeout by hand',
  'shadowed-settimeout': '`setTimeout` here is not the global timer (it is imported or declared in this file); check what it does before using withTimeout()',
} as const;

type Id = keyof typeof messages;

interface Timeout {
  index: number;
  ms: any;
  /** `reject`: the race rejects with `value`; `resolve`: it resolves with `value`. */
  kind: 'reject' | 'resolve';
  value: any;
}

const TIMEOUT_NAME = /timeout|deadline/i;

function apply(ctx: Context<Id>): void {
  for (const path of ctx.find('CallExpression', isPromiseRace)) {
    const race = path.node;
    const elements: any[] = race.arguments[0].elements;
    if (elements.length < 2 || elements.some((e) => !e || e.type === 'SpreadElement')) continue;

    const found: Timeout[] = [];
    let problem: Id | null = null;
    for (let i = 0; i < elements.length && !problem; i++) {
      const result = matchTimeout(path, elements[i]);
      if (typeof result === 'string') problem = result;
      else if (result) found.push({ ...result, index: i });
    }
    if (!ctx.isLive(race)) continue;
    if (problem) {
      ctx.skip(race, problem);
      continue;
    }
    if (found.length > 1) {
      ctx.skip(race, 'several-timeouts');
      continue;
    }
    const timeout = found[0];
    if (!timeout) {
      const named = elements.find((e) => TIMEOUT_NAME.test(nameOf(e)));
      if (named) ctx.skip(race, 'timeout-not-inline', `\`${nameOf(named)}\``);
      continue;
    }

    const work = elements.filter((_, i) => i !== timeout.index);
    const body: Part[] = work.length === 1 ? [ctx.slice(work[0])] : ['Promise.race([', ...joinParts(work.map((w) => ctx.slice(w)), ', '), '])'];
    const deadline = ctx.imports.need('deadlineExceeded');
    const value = timeout.value ? ctx.text(timeout.value) : undefined;
    const errorName = ['error', 'err', 'reason', 'e'].find((n) => !value || !new RegExp(`\\b${n}\\b`).test(value)) ?? 'error';
    const valuePart: Part[] = timeout.value ? [ctx.slice(timeout.value)] : [timeout.kind === 'reject' ? 'undefined' : ''];
    const handler: Part[] =
      timeout.kind === 'reject'
        ? [`(${errorName}) => { throw ${errorName} === ${deadline} ? `, ...valuePart, ` : ${errorName}; }`]
        : [`(${errorName}) => { if (${errorName} === ${deadline}) return${timeout.value ? ' ' : ''}`, ...valuePart, `; throw ${errorName}; }`];
    const withTimeout = ctx.imports.need('withTimeout');
    ctx.replace(race, [`${MARKER_TEXT} ${withTimeout}(`, ctx.slice(timeout.ms), ', () => ', ...body, ').catch(', ...handler, ')']);
    ctx.migrated++;
  }
}

function joinParts(parts: Part[], separator: string): Part[] {
  return parts.flatMap((p, i) => (i === 0 ? [p] : [separator, p]));
}

/** `Promise.race([...])` over an array literal. */
function isPromiseRace(node: any): boolean {
  return isPromiseCall(node, 'race') && node.arguments.length === 1 && node.arguments[0].type === 'ArrayExpression';
}

function nameOf(node: any): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'CallExpression') {
    const c = node.callee;
    if (c.type === 'Identifier') return c.name;
    if (c.type === 'MemberExpression' && c.property.type === 'Identifier') return c.property.name;
  }
  return '';
}

/** A `new Promise(...)` that settles from a timer: its parts, a reason it cannot be moved, or null when it is no timer. */
function matchTimeout(path: Path, node: any): Omit<Timeout, 'index'> | Id | null {
  const executor = promiseExecutor(node);
  if (!executor || !some(executor.body, isSetTimeoutCall)) return null;
  const params = executor.params;
  if (params.length < 1 || params.length > 2 || params.some((p: any) => p.type !== 'Identifier')) return 'executor-shape';
  const resolve: string = params[0].name;
  const reject: string | undefined = params[1]?.name;
  const timer = soleExpression(executor);
  if (!isSetTimeoutCall(timer)) return 'executor-shape';
  if (setTimeoutIsShadowed(path)) return 'shadowed-settimeout';
  const [callback, ms, extra, ...rest] = timer.arguments;
  if (!callback || !ms || rest.length > 0 || ms.type === 'SpreadElement' || extra?.type === 'SpreadElement') return 'timer-callback-shape';
  const usesExecutor = (n: any) => mentions(n, resolve) || (reject !== undefined && mentions(n, reject));
  if (usesExecutor(ms)) return 'executor-shape';

  let settle: string;
  let value: any;
  if (callback.type === 'Identifier') {
    settle = callback.name;
    value = extra;
  } else if (isFunctionExpression(callback) && callback.params.length === 0 && !extra) {
    const call = soleExpression(callback);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.arguments.length > 1) return 'timer-callback-shape';
    settle = call.callee.name;
    value = call.arguments[0];
  } else {
    return 'timer-callback-shape';
  }
  if (value && (value.type === 'SpreadElement' || usesExecutor(value))) return 'timer-callback-shape';
  if (settle === reject) return { ms, kind: 'reject', value };
  if (settle === resolve) return { ms, kind: 'resolve', value };
  return 'timer-callback-shape';
}

export const transform: SyntacticTransform<Id> = {
  name,
  messages,
  mayMatch: (source) => source.includes('Promise.race'),
  apply,
};

export default asJscodeshiftTransform(transform);
