/**
 * Go's `context.WithTimeout`, `WithDeadline` and `WithCancel` as functions that run `fn` in a
 * child scope which ends when `fn` settles — so nobody can forget the `cancel()` — plus `detach`
 * for work meant to outlive its caller and `shutdown` for the end of the process.
 */
import { callerSite } from './caller';
import { describe, LeashError } from './errors';
import { collect, toLeak, type Leak } from './report';
import { rootScope, Scope } from './scope';
import { runTask } from './tasks';

/**
 * Runs `fn(scope)` in a child scope of the current one, through every `await`. Settles with
 * `fn`'s result, or rejects with the scope's reason as soon as the scope ends first (its
 * deadline, `scope.abort()`, or the parent ending) — whichever happens first. The scope ends
 * when this settles, clearing what `fn` left behind. It does not wait for `fn` to stop after an
 * abort: `fn` stays in the report as a task until it does, so pass `scope.signal` down.
 */
function runIn<T>(scope: Scope, site: string, fn: (scope: Scope) => T | PromiseLike<T>): Promise<Awaited<T>> {
  return new Promise<Awaited<T>>((resolve, reject) => {
    scope.defer(() => reject(scope.reason));
    if (scope.aborted) return;
    runTask(scope, site, () => fn(scope)).then(
      (value) => {
        resolve(value);
        scope.abort();
      },
      (error: unknown) => {
        reject(error);
        scope.abort();
      },
    );
  });
}

function checkFn(api: string, fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new LeashError(`${api}: expected a function that receives the scope, like (scope) => fetch(url, { signal: scope.signal }), got ${describe(fn)}.`);
  }
}

/**
 * Runs `fn` in a child scope that ends after `ms` milliseconds with reason `deadlineExceeded`, or
 * when `fn` settles. The timer keeps the process alive until then, as the `Promise.race` against
 * a `setTimeout` it replaces did.
 */
export function withTimeout<T>(ms: number, fn: (scope: Scope) => T | PromiseLike<T>): Promise<Awaited<T>> {
  if (typeof ms !== 'number' || !(ms >= 0)) {
    throw new LeashError(`withTimeout(ms, fn): expected \`ms\` to be a number of milliseconds >= 0, got ${describe(ms)}.`);
  }
  checkFn('withTimeout(ms, fn)', fn);
  return runIn(new Scope({ name: 'withTimeout', timeout: ms, ref: true }), callerSite(fn, 'leash:withTimeout'), fn);
}

/** Runs `fn` in a child scope that ends at `deadline` with reason `deadlineExceeded`, or when `fn` settles. */
export function withDeadline<T>(deadline: Date | number, fn: (scope: Scope) => T | PromiseLike<T>): Promise<Awaited<T>> {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (typeof at !== 'number' || Number.isNaN(at)) {
    throw new LeashError(`withDeadline(deadline, fn): expected a Date or epoch milliseconds, got ${describe(deadline)}.`);
  }
  checkFn('withDeadline(deadline, fn)', fn);
  return runIn(new Scope({ name: 'withDeadline', deadline: at, ref: true }), callerSite(fn, 'leash:withDeadline'), fn);
}

/** Runs `fn` in a child scope that ends when `fn` settles or when `fn` calls `scope.abort(reason)`. */
export function withCancel<T>(fn: (scope: Scope) => T | PromiseLike<T>): Promise<Awaited<T>> {
  checkFn('withCancel(fn)', fn);
  return runIn(new Scope({ name: 'withCancel' }), callerSite(fn, 'leash:withCancel'), fn);
}

/**
 * Runs `fn` in the root scope: timers, listeners and tasks it starts outlive the caller's scope
 * and end only at `shutdown()`. For work meant to outlive a request (a cache refresher, a
 * connection pool); everything else should stay in its caller's scope.
 */
export function detach<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new LeashError(`detach(fn): expected a function, got ${describe(fn)}.`);
  return rootScope.run(fn);
}

export interface ShutdownOptions {
  /** How long to wait for tasks to settle after aborting. @default 5000 */
  timeout?: number;
}

/**
 * Graceful shutdown: ends the root scope (every scope ends with it, with reason `canceled`),
 * waits up to `timeout` ms for tasks to settle, and returns what is still alive. Final: nothing
 * can start afterwards (new timers, listeners and tasks end at once in `bind` mode).
 */
export async function shutdown(options: ShutdownOptions = {}): Promise<Leak[]> {
  const timeout = options.timeout ?? 5000;
  if (typeof timeout !== 'number' || !(timeout >= 0)) {
    throw new LeashError(`shutdown({ timeout }): expected milliseconds >= 0, got ${describe(timeout)}.`);
  }
  rootScope.abort();
  await rootScope.drain(timeout);
  const now = Date.now();
  return collect(rootScope).map(([entry, scope]) => toLeak(entry, scope, now));
}
