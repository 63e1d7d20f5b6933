/**
 * The per-test leak check behind `leash/vitest` and `leash/register` (node:test): each test body
 * runs in its own scope, and when it returns, what that scope and its descendants still hold is
 * the test's leak — attribution by scope, not by time, so concurrent tests and parallel files
 * never blame each other. Like goleak, the check looks again with a growing delay before it
 * reports, so a resource that ends a moment after the test is not a leak.
 */
import * as timersPromises from 'node:timers/promises';
import { keepAbandoned } from './abandoned';
import type { Entry, Kind } from './entry';
import { fakeTimerId, holds, installedFakeClock, isNodeMockTimer, type FakeClock } from './fake-clocks';
import { collectingOnce } from './gc';
import { collect, toLeak, uninstrumentedCallers, type Leak } from './report';
import { end, Scope } from './scope';

/**
 * The real `setTimeout` of `node:timers/promises`, taken when leash loads: node:test's mock timers
 * (`mock.timers.enable()`) replace the module's export, and a look that waited on them would never end.
 */
export const delay = timersPromises.setTimeout;

/** What a check leaves out; the runner hosts build it from their (already checked) options. */
export interface TestCheckOptions {
  /** Site ids (`path:line:col fn`) matching any of these are not reported. */
  ignoreSites?: readonly RegExp[];
  ignoreKinds?: readonly Kind[];
  /** Package names whose code started the resource (`node_modules/<name>/` in its site). */
  ignorePackages?: readonly string[];
  /** Entries alive when `ignoreCurrent()` was called in the test. */
  ignoreEntries?: WeakSet<object>;
  /** How many times to look again before reporting. @default 20 */
  retries?: number;
  /** Upper bound of the backoff between looks, in ms. @default 100 */
  maxDelayMs?: number;
  /**
   * Whether the fake timer with this id is still pending on its fake clock. A fake clock can drop
   * its timers without calling any clear (`vi.clearAllTimers()`); such an entry has ended.
   * @default every fake timer is pending
   */
  fakePending?: (id: number) => boolean;
  /**
   * Whether the node:test mock timers still holding a timer are the test's own (`t.mock.timers`),
   * which node:test resets, dropping their timers, as the test ends: then none is its leak.
   * @default they are not
   */
  mockTimersDropped?: () => boolean;
  /** Only these scopes' own entries, not those of their test-scope descendants (a suite's check). */
  skipScopes?: (scope: Scope) => boolean;
}

/** A resource a test left alive. */
export interface TestLeak extends Leak {
  /** A timer started on fake timers (`vi.useFakeTimers()`) that had not fired when the test ended. */
  fake: boolean;
  /** For a resource started inside a package: the first caller outside `node_modules`, `file:line:col`. */
  calledFrom?: string;
  /** A task whose promise never settled and that nothing references any more: the garbage collector found it. */
  abandoned?: true;
}

const testScopes = new WeakSet<Scope>();
const ignored = new WeakMap<Scope, WeakSet<object>>();

/**
 * Marks `scope` as one test's: a suite's check leaves out what its tests hold (they were checked).
 * A task of the test that the garbage collector finds abandoned from now on is kept for its check:
 * its entry ends, but a promise that never settled is that test's leak.
 */
export function markTestScope(scope: Scope): void {
  testScopes.add(scope);
  keepAbandoned(scope);
}

export function isTestScope(scope: Scope): boolean {
  return testScopes.has(scope);
}

/**
 * Called by `ignoreCurrent()`: inside a test, what is alive now is not that test's leak. Recorded
 * on the innermost test scope around the caller; outside any test it does nothing here.
 */
export function ignoreInTest(from: Scope, entries: WeakSet<object>): void {
  for (let scope: Scope | null = from; scope !== null; scope = scope.parent) {
    if (!testScopes.has(scope)) continue;
    const known = ignored.get(scope);
    if (known === undefined) ignored.set(scope, entries);
    else ignored.set(scope, { has: (entry: object) => known.has(entry) || entries.has(entry) } as WeakSet<object>);
    return;
  }
}

/** The entries `ignoreCurrent()` set aside in this test, if it was called. */
export function ignoredIn(scope: Scope): WeakSet<object> | undefined {
  return ignored.get(scope);
}

/** A scope for one test (or suite), a child of `parent`. */
export function testScope(name: string, parent?: Scope): Scope {
  return parent === undefined ? new Scope({ name }) : new Scope({ name, parent });
}

/**
 * Whether fake timer `id` is pending, asking `clocks`: a timer none of them holds was dropped
 * (`clock.reset()`, `vi.clearAllTimers()`) or fired. With no clock to ask, it counts as pending:
 * a clock taken away never fires its timers.
 */
export function pendingOnClocks(clocks: readonly FakeClock[], id: number): boolean {
  return clocks.length === 0 || clocks.some((clock) => holds(clock, id) === true);
}

/** `fakePending` for a runner that knows no fake clock but the one installed now. */
export function pendingOnInstalledClock(id: number): boolean {
  const clock = installedFakeClock();
  return pendingOnClocks(clock === undefined ? [] : [clock], id);
}

/**
 * A timer started on a fake clock: @sinonjs/fake-timers (what `vi.useFakeTimers()` installs),
 * whose ids start at 1e12 (Node's own Timeout converts to a small async id, an Immediate to NaN),
 * or node:test's mock timers.
 */
function isFakeTimer(entry: Entry): boolean {
  if (entry.kind !== 'timeout' && entry.kind !== 'interval') return false;
  return isSinonTimer(entry) || isNodeMockTimer(entry.handle);
}

function isSinonTimer(entry: Entry): boolean {
  return fakeTimerId(entry.handle) >= 1e12;
}

function packageOf(site: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(site);
  return match?.[1];
}

function wanted(entry: Entry, owner: Scope, options: TestCheckOptions): boolean {
  if (options.skipScopes !== undefined) {
    for (let scope: Scope | null = owner; scope !== null; scope = scope.parent) if (options.skipScopes(scope)) return false;
  }
  if (options.ignoreKinds?.includes(entry.kind)) return false;
  if (options.ignoreEntries?.has(entry)) return false;
  const site = entry.site.id;
  if (options.ignoreSites?.some((pattern) => pattern.test(site))) return false;
  const pkg = options.ignorePackages === undefined ? undefined : packageOf(site);
  if (pkg !== undefined && options.ignorePackages!.includes(pkg)) return false;
  return true;
}

function live(scope: Scope, options: TestCheckOptions): Array<[Entry, Scope]> {
  return collect(scope).filter(([entry, owner]) => {
    if (options.fakePending !== undefined && isSinonTimer(entry) && !options.fakePending(Number(entry.handle))) {
      end(entry);
      return false;
    }
    if (options.mockTimersDropped !== undefined && isNodeMockTimer(entry.handle) && options.mockTimersDropped()) return false;
    return wanted(entry, owner, options);
  });
}

const realSetImmediate = globalThis.setImmediate;

/**
 * What `scope` (and its descendants) still holds once microtasks, immediates and up to `retries`
 * backoff delays (1, 2, 4 … `maxDelayMs` ms, on real timers even under fake ones) have passed.
 * Stops waiting early when all that is left are fake timers: real time cannot fire them.
 */
export async function testLeaks(scope: Scope, options: TestCheckOptions = {}): Promise<TestLeak[]> {
  const { retries = 20, maxDelayMs = 100 } = options;
  let wait = 1;
  let left: Array<[Entry, Scope]>;
  // Each look hands the pending tasks to the garbage collector (`collect`); one collected meanwhile is still a leak.
  const abandoned = keepAbandoned(scope);
  try {
    // A listener on an object nobody references is garbage, not a leak: collect once and look again.
    const look = collectingOnce(() => live(scope, options));
    for (let attempt = 0; ; attempt++) {
      await new Promise<void>((resolve) => realSetImmediate(resolve));
      left = await look();
      if (left.length === 0 || attempt >= retries || left.every(([entry]) => isFakeTimer(entry))) break;
      await delay(wait);
      wait = Math.min(wait * 2, maxDelayMs);
    }
  } finally {
    abandoned.release();
  }
  const stillListed = new Set(left.map(([entry]) => entry));
  const gone = abandoned.found.filter(([entry, owner]) => !stillListed.has(entry) && wanted(entry, owner, options));
  const now = Date.now();
  return [...left, ...gone].map(([entry, owner], index) => {
    const leak: TestLeak = { ...toLeak(entry, owner, now), fake: isFakeTimer(entry) };
    if (index >= left.length) leak.abandoned = true;
    if (packageOf(leak.site) !== undefined && leak.stack !== undefined) {
      const caller = firstUserFrame(leak.stack);
      if (caller !== undefined) leak.calledFrom = caller;
    }
    return leak;
  });
}

/** The first stack frame outside `node_modules` and leash itself: the user line that called into a package. */
function firstUserFrame(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (match === null) continue;
    const file = match[1]!.replace(/^file:\/\//, '').replace(/\\/g, '/');
    if (file.includes('/node_modules/') || file.includes('/dist/runtime/') || file.startsWith('node:')) continue;
    return `${relative(file)}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function relative(file: string): string {
  const cwd = `${process.cwd().replace(/\\/g, '/')}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

function age(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * One line per leak: kind, `file:line:col`, function, age, owning scope path.
 *
 *     interval  test/poll.test.ts:7:5 in startPolling  age 1.7s  scope root/poll.test.ts/polls
 */
export function formatLeaks(what: string, leaks: readonly TestLeak[]): string {
  const lines = leaks.slice(0, 20).map((leak) => {
    const kind = leak.fake ? `${leak.kind} (fake timer, still pending)` : leak.abandoned ? `${leak.kind} (abandoned: never settled, and nothing references it any more)` : leak.kind;
    const where = leak.function ? `${leak.site} in ${leak.function}` : leak.site;
    const from = leak.calledFrom ? `, called from ${leak.calledFrom}` : '';
    return `  ${kind}  ${where}${from}  age ${age(leak.ageMs)}  scope ${leak.scopePath}${leak.stack && !leak.calledFrom ? `\n${leak.stack}` : ''}`;
  });
  if (leaks.length > 20) lines.push(`  … and ${leaks.length - 20} more`);
  const own = uninstrumentedCallers(leaks.map((leak) => leak.site));
  if (own !== undefined) lines.push(`  ${own}`);
  const fix = leaks.some((leak) => leak.fake)
    ? 'Clear them (clearTimeout/clearInterval, removeEventListener, await the task) before the test ends, or run the fake timers out (vi.runAllTimers(), clock.runAll(), mock.timers.runAll()) or drop them (vi.clearAllTimers(), clock.reset(), mock.timers.reset()) before the fake clock is uninstalled.'
    : 'Clear them (clearTimeout/clearInterval, removeEventListener, await the task) in the test or an afterEach.';
  const lost = leaks.some((leak) => leak.abandoned) ? '\nAn abandoned task is a promise nothing can settle any more: settle it (or do not start it) before the test ends.' : '';
  return `[leash] ${what} left ${leaks.length} resource${leaks.length === 1 ? '' : 's'} alive:\n${lines.join('\n')}\n${fix}${lost}`;
}

/**
 * The error a leaking test fails with; its message is the report. Its stack lists the sites
 * (absolute paths under `root`) as frames, so a runner's code frame shows the line that started
 * the first leak.
 */
export class LeakError extends Error {
  override name = 'LeakError';
  constructor(
    message: string,
    readonly leaks: readonly TestLeak[],
    root?: string,
  ) {
    super(message);
    if (root !== undefined) {
      const frames = leaks.slice(0, 10).map((leak) => `    at ${leak.function ?? '<anonymous>'} (${root.replace(/\\/g, '/')}/${leak.calledFrom ?? leak.site})`);
      this.stack = `${this.name}: ${message}\n${frames.join('\n')}`;
    }
  }
}
