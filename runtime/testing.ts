/**
 * leash/testing: goleak for TypeScript. `verifyNone()` at the end of a test fails it when the
 * test left timers, listeners or tasks alive, with the report of where each was started.
 */
import { keepAbandoned } from './abandoned';
import * as config from './config';
import { KINDS, type Entry, type Kind } from './entry';
import { checkKeys, describe, LeashError } from './errors';
import { collectingOnce } from './gc';
import { collect, format, type Leak, snapshot, toLeak } from './report';
import { delay, ignoreInTest } from './per-test';
import { currentScope, rootScope, Scope } from './scope';

/** Entries alive at the time `ignoreCurrent()` was called. */
export interface IgnoreSet {
  readonly entries: WeakSet<object>;
}

/** A site substring, a RegExp tested against the site id, or the result of `ignoreCurrent()`. */
export type Ignore = string | RegExp | IgnoreSet;

export interface FindOptions {
  /** Only resources owned by this scope and its descendants. @default the root scope (everything) */
  scope?: Scope;
  /** Only these kinds: one kind or a list. @default all */
  kinds?: Kind | Kind[];
  /** Leave these out: one rule or a list. */
  ignore?: Ignore | Ignore[];
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


/** Options after `check`: single values made lists, everything of the right type. */
interface Checked {
  scope: Scope;
  kinds: ReadonlySet<Kind> | undefined;
  ignore: readonly Ignore[];
}

const FIND_KEYS = ['scope', 'kinds', 'ignore'];
const VERIFY_KEYS = [...FIND_KEYS, 'allowUninstrumented', 'retries', 'maxDelayMs'];

function isIgnoreSet(value: unknown): value is IgnoreSet {
  return typeof value === 'object' && value !== null && (value as IgnoreSet).entries instanceof WeakSet;
}

/**
 * Checks `find`/`verifyNone` options the way the rest of leash does: an unknown key, a wrong type
 * or an unknown kind throws one LeashError. A single kind or ignore rule is taken as a list of
 * one, so `kinds: 'interval'` means `['interval']` rather than five one-letter kinds.
 */
function check(api: string, options: unknown, allowed: readonly string[]): Checked {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new LeashError(`${api}: expected an options object like { kinds: ["interval"], ignore: ["src/metrics/"] }, got ${describe(options)}.`);
  }
  checkKeys(api, options, allowed);
  const { scope, kinds, ignore } = options as Record<string, unknown>;
  if (scope !== undefined && !(scope instanceof Scope)) {
    throw new LeashError(`${api}: \`scope\` must be a Scope (new Scope(), currentScope()), got ${describe(scope)}.`);
  }
  let kindSet: Set<Kind> | undefined;
  if (kinds !== undefined) {
    const list = typeof kinds === 'string' ? [kinds] : kinds;
    if (!Array.isArray(list)) throw new LeashError(`${api}: \`kinds\` must be a kind or an array of kinds (${KINDS.join(', ')}), got ${describe(kinds)}.`);
    for (const kind of list) {
      if (!KINDS.includes(kind)) throw new LeashError(`${api}: unknown kind ${describe(kind)}; expected one of ${KINDS.join(', ')}.`);
    }
    kindSet = new Set(list as Kind[]);
  }
  const rules = ignore === undefined ? [] : Array.isArray(ignore) ? ignore : [ignore];
  for (const rule of rules) {
    if (typeof rule === 'string' ? rule === '' : !(rule instanceof RegExp) && !isIgnoreSet(rule)) {
      throw new LeashError(`${api}: \`ignore\` takes site substrings like "src/metrics/", RegExps or ignoreCurrent(), alone or in an array, got ${describe(rule)}.`);
    }
  }
  return { scope: (scope as Scope | undefined) ?? rootScope, kinds: kindSet, ignore: rules as Ignore[] };
}

function matching(options: Checked): Array<[Entry, Scope]> {
  return collect(options.scope).filter(([entry]) => matches(options, entry));
}

/** `entry` is of the kinds asked for and no ignore rule leaves it out. */
function matches({ kinds, ignore }: Checked, entry: Entry): boolean {
  if (kinds !== undefined && !kinds.has(entry.kind)) return false;
  for (const rule of ignore) {
    if (typeof rule === 'string' ? entry.site.id.includes(rule) : rule instanceof RegExp ? rule.test(entry.site.id) : rule.entries.has(entry)) return false;
  }
  return true;
}

function count(api: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new LeashError(`${api}: \`${name}\` must be an integer >= ${min}, got ${describe(value)}.`);
  }
  return value;
}

let warnedNotInstrumented = false;

/**
 * The live timers, listeners and tasks, with where each was started. While no instrumented module
 * has run, the first call also emits a process warning saying so (an empty list would mean
 * "never looked").
 */
export function find(options: FindOptions = {}): Leak[] {
  const checked = check('find', options, FIND_KEYS);
  if (config.neverLooked() && !warnedNotInstrumented) {
    warnedNotInstrumented = true;
    process.emitWarning(config.notInstrumented(), { code: 'LEASH_NOT_INSTRUMENTED' });
  }
  const now = Date.now();
  return matching(checked).map(([entry, scope]) => toLeak(entry, scope, now));
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
  const checked = check('verifyNone', options, VERIFY_KEYS);
  const retries = count('verifyNone', 'retries', options.retries, 20, 0);
  const maxDelayMs = count('verifyNone', 'maxDelayMs', options.maxDelayMs, 100, 1);
  const { allowUninstrumented = false } = options;
  if (typeof allowUninstrumented !== 'boolean') {
    throw new LeashError(`verifyNone: \`allowUninstrumented\` must be a boolean, got ${describe(allowUninstrumented)}.`);
  }
  if (config.neverLooked() && !allowUninstrumented) {
    throw new LeashError(`verifyNone: ${config.notInstrumented().replace(/^leash: /, '')} Pass { allowUninstrumented: true } to check only what leash's own API (Scope, spawn, TaskGroup) registered.`);
  }
  // Each look hands the pending tasks to the garbage collector (`collect`): a promise that can
  // never settle may be collected while this waits, and its entry end; it is still a leak.
  const kept = keepAbandoned(checked.scope);
  try {
    let wait = 1;
    // A listener on an object nobody references is garbage, not a leak: collect once and look again.
    const look = collectingOnce(() => matching(checked));
    for (let attempt = 0; ; attempt++) {
      await new Promise<void>((resolve) => realSetImmediate(resolve));
      const left = await look();
      const abandoned = kept.found.filter(([entry]) => matches(checked, entry));
      if (left.length === 0 && abandoned.length === 0) return;
      if (attempt >= retries || abandoned.length > 0) {
        const report = format(snapshot({ scope: checked.scope }));
        const found = [...left, ...abandoned];
        const lines = found.slice(0, 20).map(([entry, scope]) => {
          const leak = toLeak(entry, scope, Date.now());
          const lost = left.some(([live]) => live === entry) ? '' : ', abandoned: never settled, and nothing references it any more';
          return `  ${leak.kind} ${leak.site}${leak.function ? ` in ${leak.function}` : ''} (scope ${leak.scopePath}, ${leak.ageMs}ms${lost})${leak.stack ? `\n${leak.stack}` : ''}`;
        });
        throw new Error(`[leash] found ${found.length} unexpected live resource${found.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n\n${report}`);
      }
      await delay(wait);
      wait = Math.min(wait * 2, maxDelayMs);
    }
  } finally {
    kept.release();
  }
}

const realSetImmediate = globalThis.setImmediate;
