/**
 * node:test with leash's per-test check: `test`/`it` run each test function in its own leash
 * scope and fail the test that left timers, listeners or tasks alive; `describe`/`suite` name
 * scopes after their blocks, and what a block's `before` hooks started is checked after its
 * `after` hooks. `leash/register` makes `import … from 'node:test'` and `require('node:test')`
 * load this module instead.
 */
import { basename } from 'node:path';
import * as nodeTest from 'node:test';
import { configure } from '../runtime/config';
import { formatLeaks, isTestScope, LeakError, markTestScope, testLeaks, testScope, ignoredIn, type TestCheckOptions } from '../runtime/per-test';
import { currentScope, type Scope } from '../runtime/scope';

type Fn = (...args: any[]) => unknown;

const check: TestCheckOptions = { retries: readCount('LEASH_TEST_RETRIES', 20), maxDelayMs: 100 };
const warnOnly = process.env['LEASH_TEST_MODE'] === 'warn';

function readCount(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`[leash] ${name} must be an integer >= 0, got ${JSON.stringify(text)}.`);
  return value;
}

/** The file's scope: tests and blocks registered at the top level hang under it. */
const fileScope = testScope(process.argv[1] === undefined ? 'test' : basename(process.argv[1]));

function parentScope(): Scope {
  const ambient = currentScope();
  return ambient.parent === null ? fileScope : ambient;
}

/** `(name?, options?, fn?)` as node:test takes them. */
function split(args: unknown[]): { name: string; fn: Fn | undefined; index: number } {
  const index = args.findIndex((arg) => typeof arg === 'function');
  const name = typeof args[0] === 'string' ? args[0] : index >= 0 ? (args[index] as Fn).name || '<anonymous>' : '<anonymous>';
  return { name, fn: index >= 0 ? (args[index] as Fn) : undefined, index };
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
 * The test function, run in its own scope and checked when it settles. node:test tells a
 * callback test by the function's length, so the wrapper keeps it.
 */
function checked(name: string, fn: Fn): Fn {
  const parent = parentScope();
  if (fn.length >= 2) {
    return function (this: unknown, context: unknown, done: (error?: unknown) => void) {
      const scope = testScope(name, parent);
      markTestScope(scope);
      scope.run(() =>
        fn.call(this, context, (error?: unknown) => {
          if (error) done(error);
          else verify(scope, 'this test').then(() => done(), done);
        }),
      );
    };
  }
  return async function (this: unknown, context: unknown) {
    const scope = testScope(name, parent);
    markTestScope(scope);
    await scope.run(() => fn.call(this, context));
    await verify(scope, 'this test');
  };
}

function wrapTest(original: Fn): Fn {
  return function (this: unknown, ...args: unknown[]) {
    const { name, fn, index } = split(args);
    if (fn !== undefined) args[index] = checked(name, fn);
    return original.apply(this, args);
  };
}

function wrapSuite(original: Fn): Fn {
  return function (this: unknown, ...args: unknown[]) {
    const { name, fn, index } = split(args);
    if (fn !== undefined) {
      const scope = testScope(name, parentScope());
      args[index] = function (this: unknown, ...inner: unknown[]) {
        const result = scope.run(() => fn.apply(this, inner));
        // Registered last, so it runs after the block's own `after` hooks.
        nodeTest.after(() => verify(scope, `${name} (its before/after hooks)`, { ...check, skipScopes: isTestScope }));
        return result;
      };
    }
    return original.apply(this, args);
  };
}

function withVariants(wrapped: Fn, original: Fn, wrap: (fn: Fn) => Fn): Fn {
  for (const variant of ['skip', 'todo', 'only'] as const) {
    const fn = (original as unknown as Record<string, Fn | undefined>)[variant];
    if (typeof fn === 'function') (wrapped as unknown as Record<string, Fn>)[variant] = wrap(fn.bind(original));
  }
  return wrapped;
}

const testFn = wrapTest(nodeTest.test as Fn);
const itFn = withVariants(wrapTest(nodeTest.it as Fn), nodeTest.it as Fn, wrapTest);
const describeFn = withVariants(wrapSuite(nodeTest.describe as Fn), nodeTest.describe as Fn, wrapSuite);
const suiteFn = withVariants(wrapSuite(nodeTest.suite as Fn), nodeTest.suite as Fn, wrapSuite);

/** `require('node:test')` under leash/register: the test function with node:test's API on it. */
for (const [key, value] of Object.entries(nodeTest)) {
  if (key !== 'default' && !(key in testFn)) (testFn as unknown as Record<string, unknown>)[key] = value;
}
export const api = Object.assign(testFn, { test: testFn, it: itFn, describe: describeFn, suite: suiteFn }) as unknown as typeof nodeTest.test;
withVariants(testFn, nodeTest.test as Fn, wrapTest);

configure({ mode: process.env['LEASH_TEST_BIND'] === '1' ? 'bind' : 'track' });
