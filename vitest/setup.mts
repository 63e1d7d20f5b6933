/**
 * The setup file `leash()` registers in vitest: each test (with its beforeEach/afterEach hooks)
 * runs in its own leash scope, and when it ends, what it left alive fails it (or warns, or is
 * ended, per the plugin's options). What a file's beforeAll hooks start belongs to the file's
 * scope and is checked when the file's suites are done, after their afterAll hooks.
 */
import { aroundAll, aroundEach, inject, vi } from 'vitest';
import type { Scope } from '../runtime/scope.js';
import { configure, neverLooked, notePlanned, notInstrumented } from '../runtime/config.js';
import { formatLeaks, LeakError, testLeaks, testScope, type TestCheckOptions, type TestLeak } from '../runtime/per-test.js';
import { ignoredIn, isTestScope, markTestScope, pendingOnClocks } from '../runtime/per-test.js';
import { installedFakeClock, pendingOn, type FakeClock } from '../runtime/fake-clocks.js';
import { LOOKED_KEY, PROVIDE_KEY, type WorkerOptions } from './worker-options.js';

const options = inject(PROVIDE_KEY as never) as WorkerOptions | undefined;
if (options === undefined) {
  throw new Error('[leash] leash/vitest/setup ran without its options: add `plugins: [leash()]` (import leash from "leash/vitest") to vitest.config.ts instead of listing the setup file yourself.');
}
configure({ mode: options.bind ? 'bind' : 'track', stacks: options.stacks });
// What the plugin's mark in a module it left as it was calls (LOOKED_MARK): leash looked at that module.
(globalThis as Record<symbol, unknown>)[LOOKED_KEY] = notePlanned;

/**
 * The fake clocks `vi.useFakeTimers()` installed in this test, so the check can tell a fake timer
 * still pending from one `vi.clearAllTimers()` dropped (@sinonjs/fake-timers hangs the clock on
 * each faked global), and the ids still pending when `vi.useRealTimers()` took the clock away
 * (vitest 5's clock forgets them then; they never fire).
 */
const clocks: FakeClock[] = [];
const pendingAtRestore = new Set<string>();
const useFakeTimers = vi.useFakeTimers.bind(vi);
const useRealTimers = vi.useRealTimers.bind(vi);
vi.useFakeTimers = (...args: Parameters<typeof vi.useFakeTimers>) => {
  const result = useFakeTimers(...args);
  const clock = installedFakeClock();
  if (clock !== undefined && !clocks.includes(clock)) clocks.unshift(clock);
  return result;
};
vi.useRealTimers = () => {
  for (const clock of clocksNow()) for (const id of pendingOn(clock)) pendingAtRestore.add(id);
  return useRealTimers();
};

/**
 * The clocks to ask: those installed in this test, and the one installed now, which a file may
 * have installed once at its top, before any test (`clocks` is emptied per test). Without it every
 * timer of such a file counted as pending, though `vi.clearAllTimers()` in its afterEach dropped it.
 */
function clocksNow(): FakeClock[] {
  const installed = installedFakeClock();
  return installed === undefined || clocks.includes(installed) ? clocks : [installed, ...clocks];
}

function fakePending(id: number): boolean {
  return pendingAtRestore.has(String(id)) || pendingOnClocks(clocksNow(), id);
}

const check: TestCheckOptions = {
  fakePending,
  ignoreSites: options.ignoreSites.map((source) => new RegExp(source)),
  ignoreKinds: options.ignoreKinds,
  ignorePackages: options.ignorePackages,
  retries: options.retries,
  maxDelayMs: options.maxDelayMs,
};

interface SuiteLike {
  name: string;
  suite?: SuiteLike;
  file?: SuiteLike;
  /** Only on the file's own suite. */
  filepath?: string;
}

/** Scopes of the file and its describe blocks, so a report's scope path reads `root/file/describe/test`. */
const suiteScopes = new WeakMap<object, Scope>();
let fileScope: Scope | undefined;

function scopeOf(suite: SuiteLike | undefined): Scope | undefined {
  if (suite === undefined || suite.filepath !== undefined) return fileScope;
  let scope = suiteScopes.get(suite);
  if (scope === undefined) {
    scope = testScope(suite.name, scopeOf(suite.suite ?? suite.file));
    suiteScopes.set(suite, scope);
  }
  return scope;
}

function act(what: string, leaks: TestLeak[]): void {
  if (leaks.length === 0) return;
  const message = formatLeaks(what, leaks);
  if (options!.mode === 'warn') console.warn(message);
  else throw new LeakError(message, leaks, options!.root);
}

let saidNotInstrumented = false;

// vitest reads the second parameter as a fixture pattern: it must be a destructuring.
// eslint-disable-next-line no-empty-pattern
aroundAll(async (runSuite, {}, file) => {
  fileScope = testScope(file.name);
  await fileScope.run(runSuite);
  if (neverLooked() && !saidNotInstrumented) {
    // Never silent: with nothing instrumented, every test passing says nothing about leaks.
    saidNotInstrumented = true;
    console.warn(`${notInstrumented()} (leash/vitest, after ${file.name}: check the warnings of the leash plugin above.)`);
  }
  const leaks = await testLeaks(fileScope, { ...check, skipScopes: isTestScope });
  if (options.bind) fileScope.abort();
  if (!options.bind) act(`${file.name} (its beforeAll/afterAll hooks and module code run during the file)`, leaks);
});

aroundEach(async (runTest, { task }) => {
  // Fake clocks start their ids over: what an earlier test's clock held says nothing here.
  clocks.length = 0;
  pendingAtRestore.clear();
  const scope = testScope(task.name, scopeOf(task.suite as SuiteLike | undefined));
  markTestScope(scope);
  await scope.run(runTest);
  const meta = task.meta as { leash?: unknown };
  if (meta.leash === false) return;
  if (options.bind) {
    scope.abort();
    return;
  }
  const ignoreEntries = ignoredIn(scope);
  const leaks = await testLeaks(scope, ignoreEntries === undefined ? check : { ...check, ignoreEntries });
  if (leaks.length === 0) scope.parent?.children.delete(scope);
  if (task.result?.state === 'fail') return;
  act('this test', leaks);
});
