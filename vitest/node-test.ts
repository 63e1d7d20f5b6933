/**
 * node:test with leash's per-test check: each test's function runs in its own leash scope and
 * the test fails when it left timers, listeners or tasks alive; each `describe`/`suite` block
 * gets a scope named after it, and what its `before` hooks started is checked after its `after`
 * hooks. `leash/register` loads this module.
 *
 * node:test itself is left alone: the functions are wrapped where node:test runs them. Every
 * node:test `Test` (and `Suite`) is an `AsyncResource` and calls its function through
 * `this.runInAsyncScope(fn, ctx, ...args)` (Node 20, 22 and 24 alike), so leash wraps
 * `AsyncResource.prototype.runInAsyncScope` and swaps the function for a checked one when the
 * resource is a test or a block. Wrapping `test`/`it` themselves would put leash's frame where
 * node:test reads a test's location from (the caller of `test`): every test would be reported
 * at leash's wrapper, and grouped under leash's file.
 *
 * A test's check runs after its `afterEach` hooks, where cleanup often is: node:test runs them
 * after the test's function, through the block's `runHook('afterEach', { ctx })` (Node 20, 22 and
 * 24 alike), so where the block has any, the check waits for that call to return.
 */
import { AsyncResource } from 'node:async_hooks';
import { basename } from 'node:path';
import { after } from 'node:test';
import { configure, neverLooked } from '../runtime/config';
import { formatLeaks, isTestScope, LeakError, markTestScope, pendingOnInstalledClock, testLeaks, testScope, ignoredIn, type TestCheckOptions } from '../runtime/per-test';
import { currentScope, type Scope } from '../runtime/scope';

type Fn = (...args: any[]) => unknown;

/** What node:test's objects that run a function look like to leash. */
interface NodeTestRunnable {
  readonly name: string;
  /** The block (or test, for a subtest) whose hooks run around this test. */
  readonly parent?: HookRunner | null;
}

/** node:test's `Test` and `Suite` as their hooks are run: `runHook(name, { ctx })`. */
interface HookRunner {
  readonly hooks?: { readonly afterEach?: readonly unknown[] };
  runHook?(hook: string, args: { ctx?: unknown }): Promise<void>;
}

// A fake clock installed for the whole file and reset in afterEach drops its timers without a clear.
const check: TestCheckOptions = { retries: readCount('LEASH_TEST_RETRIES', 20), maxDelayMs: 100, fakePending: pendingOnInstalledClock };
const warnOnly = process.env['LEASH_TEST_MODE'] === 'warn';

function readCount(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`[leash] ${name} must be an integer >= 0, got ${JSON.stringify(text)}.`);
  return value;
}

/** The check of the test whose context is `ctx`. */
function testCheck(ctx: unknown): TestCheckOptions {
  return { ...check, mockTimersDropped: () => ownMockTimersEnabled(ctx) };
}

/**
 * Whether the test's own mock timers (`t.mock.timers`) are the ones enabled: node:test resets
 * them, dropping their timers, right after the test, so a timer still queued on them is not the
 * test's leak (one on the file-wide `mock.timers`, left enabled, is). node:test says so only by
 * refusing: `tick()` throws ERR_INVALID_STATE when they are not enabled, and, when they are,
 * rejects a negative time before it runs anything (Node 20, 22 and 24).
 */
function ownMockTimersEnabled(ctx: unknown): boolean {
  const timers = (ctx as { mock?: { timers?: { tick?: (ms: number) => void } } } | null)?.mock?.timers;
  if (typeof timers?.tick !== 'function') return false;
  try {
    timers.tick(-1);
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_INVALID_ARG_VALUE';
  }
  return false;
}

/** A test ran in this process: if nothing here was built with leash, it says so at exit. */
let ranTests = false;

// Never silent: a test process whose code leash never looked at passes every check, and that
// must not read as "no leaks". Said at exit, when every module the tests loaded has loaded; only
// in a process that ran tests (leash/register may be preloaded in other processes too). Files
// `leash build` or the ts-patch plugin looked at and left as tsc wrote them are on their build's
// record (runtime/looked.ts), and leash/node says which modules it looked at; a bundle leash had
// nothing to rewrite in is neither, so the notice names that case too.
process.once('exit', () => {
  if (ranTests && neverLooked()) console.warn(UNCHECKED);
});

const UNCHECKED =
  '[leash] leash/register: none of the code these tests ran was instrumented by leash, so their leak checks saw nothing. ' +
  'Either it was not built with leash (build with `leash build`, the ts-patch plugin or a bundler plugin; for .ts files run by Node, add --import leash/node before --import leash/register; ' +
  '`npx leash doctor` shows which of your pipelines instrument), or it is a bundle leash built and found nothing in to track.';

/** The file's scope: tests and blocks registered at the top level hang under it. */
const fileScope = testScope(process.argv[1] === undefined ? 'test' : basename(process.argv[1]));

function parentScope(): Scope {
  const ambient = currentScope();
  return ambient.parent === null ? fileScope : ambient;
}

async function verify(scope: Scope, what: string, options: TestCheckOptions = check): Promise<void> {
  const ignoreEntries = ignoredIn(scope);
  const leaks = await testLeaks(scope, ignoreEntries === undefined ? options : { ...options, ignoreEntries });
  if (leaks.length === 0) {
    scope.parent?.children.delete(scope);
    return;
  }
  const message = formatLeaks(what, leaks);
  if (warnOnly) console.warn(message);
  else throw new LeakError(message, leaks, process.cwd());
}

/**
 * A test's function, run in its own scope and checked when it settles. node:test passes a
 * callback test (one that declares `done`) its callback last; the check runs before it is called,
 * or, when the block has afterEach hooks, after them (`checkAfterHooks`).
 * A callback test returns what the function returned, as node:test checks it is not a promise.
 */
function checkedTest(name: string, fn: Fn, callback: boolean, afterHooks: boolean): Fn {
  /** Checks the test's scope now, or, when its block has afterEach hooks, once they have run (`checkAfterHooks`). */
  const checkTest = (scope: Scope, ctx: unknown): Promise<void> => {
    if (!afterHooks || ctx === null || typeof ctx !== 'object') return verify(scope, 'this test', testCheck(ctx));
    checkAfterEach.set(ctx, scope);
    return Promise.resolve();
  };
  if (callback) {
    return function (this: unknown, ...args: unknown[]) {
      ranTests = true;
      const done = args.pop() as (error?: unknown) => void;
      const scope = testScope(name, parentScope());
      markTestScope(scope);
      return scope.run(() =>
        Reflect.apply(fn, this, [
          ...args,
          (error?: unknown) => {
            if (error) done(error);
            else checkTest(scope, args[0]).then(() => done(), done);
          },
        ]),
      );
    };
  }
  return async function (this: unknown, ...args: unknown[]) {
    ranTests = true;
    const scope = testScope(name, parentScope());
    markTestScope(scope);
    await scope.run(() => Reflect.apply(fn, this, args));
    await checkTest(scope, args[0]);
  };
}

/** Tests whose check waits for their block's afterEach hooks, by their context (`runHook`'s `args.ctx`). */
const checkAfterEach = new WeakMap<object, Scope>();
/** The prototypes whose `runHook` is wrapped (the one class that defines it: node:test's `Test`). */
const wrappedRunHooks = new WeakSet<object>();

/**
 * Whether `test`'s check can wait for its block's afterEach hooks: the block has some, and its
 * `runHook` is wrapped (once, on the prototype that defines it) to check the test after them. A
 * test that failed, or whose hooks failed, fails anyway: then its check is dropped.
 */
function checkAfterHooks(test: NodeTestRunnable): boolean {
  const parent = test.parent;
  if (parent === null || parent === undefined || (parent.hooks?.afterEach?.length ?? 0) === 0) return false;
  let owner: object | null = parent;
  while (owner !== null && !Object.prototype.hasOwnProperty.call(owner, 'runHook')) owner = Object.getPrototypeOf(owner) as object | null;
  const runHook = owner === null ? undefined : (owner as HookRunner).runHook;
  if (owner === null || typeof runHook !== 'function') return false;
  if (!wrappedRunHooks.has(owner)) {
    const wrapped = async function (this: HookRunner, hook: string, args: { ctx?: unknown }) {
      const ctx = args?.ctx;
      const scope = hook === 'afterEach' && ctx !== null && typeof ctx === 'object' ? checkAfterEach.get(ctx) : undefined;
      if (scope !== undefined) checkAfterEach.delete(ctx as object);
      await Reflect.apply(runHook, this, [hook, args]);
      if (scope !== undefined) await verify(scope, 'this test', testCheck(ctx));
    };
    (owner as HookRunner).runHook = wrapped;
    wrappedRunHooks.add(owner);
  }
  return true;
}

/** A `describe` block's function: its tests and hooks are registered inside the block's scope. */
function checkedSuite(name: string, fn: Fn): Fn {
  return function (this: unknown, ...args: unknown[]) {
    const scope = testScope(name, parentScope());
    const result = scope.run(() => Reflect.apply(fn, this, args));
    // Registered last, so it runs after the block's own `after` hooks.
    after(() => verify(scope, `${name} (its before/after hooks)`, { ...check, skipScopes: isTestScope }));
    return result;
  };
}

type Kind = 'test' | 'suite' | 'other';

/** node:test's classes by what leash does with them; any other class maps to 'other' the first time it is seen. */
const kinds = new Map<unknown, Kind>();
let warnedUnknown = false;

/**
 * Which of node:test's classes `resource` is. node:test does not export them, so they are told by
 * shape (they alone have `createSubtest` and `runHook`) and then by name: `Test` and `Suite` run
 * a test's or a block's function; `TestHook` runs a hook and `FileTest` (the `--test` runner's
 * parent process) a child process, which leash leaves alone.
 */
function kindOf(resource: object): Kind {
  const ctor = (resource as { constructor?: unknown }).constructor;
  const known = kinds.get(ctor);
  if (known !== undefined) return known;
  let kind: Kind = 'other';
  const shape = resource as { createSubtest?: unknown; runHook?: unknown };
  if (typeof shape.createSubtest === 'function' && typeof shape.runHook === 'function') {
    const name = typeof ctor === 'function' ? ctor.name : '';
    if (name === 'Test') kind = 'test';
    else if (name === 'Suite') kind = 'suite';
    else if (name !== 'TestHook' && name !== 'FileTest' && !warnedUnknown) {
      warnedUnknown = true;
      console.warn(`[leash] leash/register does not know node:test's ${JSON.stringify(name)} on Node ${process.version}: the tests it runs are not checked for leaks. Please report it.`);
    }
  }
  kinds.set(ctor, kind);
  return kind;
}

const runInAsyncScope = AsyncResource.prototype.runInAsyncScope as Fn;

/**
 * `runInAsyncScope(fn, thisArg, ...args)` with a test's or block's function checked. A test
 * runs `fn(ctx)`, or `fn(ctx, done)` for a callback test: node:test appends its callback only then,
 * so a function last (where a context object would be) marks one.
 */
AsyncResource.prototype.runInAsyncScope = function (this: AsyncResource) {
  // eslint-disable-next-line prefer-rest-params -- every AsyncResource in the process passes through: no array unless needed
  const args = arguments as unknown as unknown[];
  const kind = kindOf(this);
  if (kind === 'other' || typeof args[0] !== 'function') return Reflect.apply(runInAsyncScope, this, args);
  const { name } = this as unknown as NodeTestRunnable;
  const fn = args[0] as Fn;
  const call = Array.prototype.slice.call(args);
  call[0] = kind === 'suite' ? checkedSuite(name, fn) : checkedTest(name, fn, args.length >= 4 && typeof args[args.length - 1] === 'function', checkAfterHooks(this as unknown as NodeTestRunnable));
  return Reflect.apply(runInAsyncScope, this, call);
} as typeof AsyncResource.prototype.runInAsyncScope;

configure({ mode: process.env['LEASH_TEST_BIND'] === '1' ? 'bind' : 'track' });
