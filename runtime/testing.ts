/**
 * leash/testing: goleak for TypeScript. `verifyNone()` at the end of a test fails it when the
 * test left timers, listeners or tasks alive, with the report of where each was started.
 */
import { setTimeout as delay } from 'node:timers/promises';
import * as config from './config';
import { KINDS, type Entry, type Kind } from './entry';
import { describe, LeashError } from './errors';
import { collect, format, type Leak, snapshot, toLeak } from './report';
import { ignoreInTest } from './per-test';
import { currentScope, rootScope, type Scope } from './scope';

/** Entries alive at the time `ignoreCurrent()` was called. */
export interface IgnoreSet {
  readonly entries: WeakSet<object>;
}

/** A site substring, a RegExp tested against the site id, or the result of `ignoreCurrent()`. */
export type Ignore = string | RegExp | IgnoreSet;

export interface FindOptions {
  /** Only resources owned by this scope and its descendants. @default the root scope (everything) */
  scope?: Scope;
  /** Only these kinds. @default all */
  kinds?: Kind[];
  ignore?: Ignore[];
}

export interface VerifyOptions extends FindOptions {
  /**
   * Pass even when no instrumented module has run in this process. By default `verifyNone` then
   * throws: with nothing instrumented it cannot see a leak, and passing would hide that.
   * @default false
   */
  allowUninstrumented?: boolean;
  /** How many times to look again before failing. @default 20 */
  retries?: number;
  /** Upper bound of the backoff between looks, in ms. @default 100 */
  maxDelayMs?: number;
}


function check(api: string, options: FindOptions): void {
  if (typeof options !== 'object' || options === null) throw new LeashError(`${api}: expected an options object, got ${describe(options)}.`);
  for (const kind of options.kinds ?? []) {
    if (!KINDS.includes(kind)) throw new LeashError(`${api}: unknown kind ${describe(kind)}; expected one of ${KINDS.join(', ')}.`);
  }
  for (const rule of options.ignore ?? []) {
    if (typeof rule !== 'string' && !(rule instanceof RegExp) && !(typeof rule === 'object' && rule !== null && 'entries' in rule)) {
      throw new LeashError(`${api}: \`ignore\` takes site substrings, RegExps or ignoreCurrent(), got ${describe(rule)}.`);
    }
  }
}

function matching(options: FindOptions): Array<[Entry, Scope]> {
  const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  const ignore = options.ignore ?? [];
  return collect(options.scope ?? rootScope).filter(([entry]) => {
    if (kinds !== undefined && !kinds.has(entry.kind)) return false;
    for (const rule of ignore) {
      if (typeof rule === 'string' ? entry.site.id.includes(rule) : rule instanceof RegExp ? rule.test(entry.site.id) : rule.entries.has(entry)) return false;
    }
    return true;
  });
}

let warnedNotInstrumented = false;

/**
 * The live timers, listeners and tasks, with where each was started. While no instrumented module
 * has run, the first call also emits a process warning saying so (an empty list would mean
 * "never looked").
 */
export function find(options: FindOptions = {}): Leak[] {
  check('find', options);
  if (config.instrumentedModules === 0 && !warnedNotInstrumented) {
    warnedNotInstrumented = true;
    process.emitWarning(config.NOT_INSTRUMENTED, { code: 'LEASH_NOT_INSTRUMENTED' });
  }
  const now = Date.now();
  return matching(options).map(([entry, scope]) => toLeak(entry, scope, now));
}

/**
 * Everything alive now, to pass as `ignore: [ignoreCurrent()]`: like goleak's `IgnoreCurrent`.
 * Called inside a test checked by `leash/vitest` or `leash/register`, it also leaves what is alive
 * now out of that test's check.
 */
export function ignoreCurrent(): IgnoreSet {
  const entries = new WeakSet<object>();
  for (const [entry] of collect(rootScope)) entries.add(entry);
  ignoreInTest(currentScope(), entries);
  return { entries };
}

/**
 * Resolves when nothing matching is alive; otherwise drains microtasks and immediates and looks
 * again with a growing delay (1, 2, 4 … `maxDelayMs` ms) up to `retries` times, then throws an
 * Error whose message is the report of what is still alive. Uses real timers even when a test
 * has installed fake ones.
 */
export async function verifyNone(options: VerifyOptions = {}): Promise<void> {
  check('verifyNone', options);
  const { retries = 20, maxDelayMs = 100, allowUninstrumented = false } = options;
  if (typeof allowUninstrumented !== 'boolean') {
    throw new LeashError(`verifyNone: \`allowUninstrumented\` must be a boolean, got ${describe(allowUninstrumented)}.`);
  }
  if (config.instrumentedModules === 0 && !allowUninstrumented) {
    throw new LeashError(`verifyNone: ${config.NOT_INSTRUMENTED.replace(/^leash: /, '')} Pass { allowUninstrumented: true } to check only what leash's own API (Scope, spawn, TaskGroup) registered.`);
  }
  let wait = 1;
  for (let attempt = 0; ; attempt++) {
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    const left = matching(options);
    if (left.length === 0) return;
    if (attempt >= retries) {
      const report = format(snapshot(options.scope === undefined ? {} : { scope: options.scope }));
      const lines = left.slice(0, 20).map(([entry, scope]) => {
        const leak = toLeak(entry, scope, Date.now());
        return `  ${leak.kind} ${leak.site}${leak.function ? ` in ${leak.function}` : ''} (scope ${leak.scopePath}, ${leak.ageMs}ms)${leak.stack ? `\n${leak.stack}` : ''}`;
      });
      throw new Error(`[leash] found ${left.length} unexpected live resource${left.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n\n${report}`);
    }
    await delay(wait);
    wait = Math.min(wait * 2, maxDelayMs);
  }
}

const realSetImmediate = globalThis.setImmediate;
