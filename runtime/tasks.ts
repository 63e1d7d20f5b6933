/**
 * `spawn`: the JavaScript `go f()`. The transformer wraps a call whose promise nobody awaits as
 * `spawn(site, () => f(x))`; the task is registered with the ambient scope until it settles.
 *
 * Promise semantics are kept exactly: the returned promise settles with the same value or reason,
 * a rejected task nobody handles still raises `unhandledRejection`, and a handled one does not.
 * A task cannot be stopped from outside; when its scope ends, its signal (the scope's) aborts and
 * the task stays in the report until it settles — a task still alive after its scope ended is the
 * leak the report exists to show.
 *
 * In an ended scope (`bind` mode) the call is not started: the result rejects with the scope's
 * reason, already marked handled, so refusing detached work never crashes the process.
 */
import * as config from './config';
import { currentScope, end, isThenable, register, type Scope } from './scope';

export function spawn<T>(site: string, start: () => T): T {
  const scope = currentScope();
  if (scope.aborted && config.mode === 'bind') {
    const refused = Promise.reject(scope.reason);
    refused.catch(noop);
    return refused as T;
  }
  const result = start();
  if (!isThenable(result)) return result;
  const entry = register(scope, 'task', site, null);
  // A `.then` side chain, not an async function awaiting the task: measured here with
  // AsyncLocalStorage on, the async function costs ~15% more per task.
  return (result as unknown as PromiseLike<unknown>).then(
    (value) => {
      end(entry);
      return value;
    },
    (reason) => {
      end(entry);
      throw reason;
    },
  ) as T;
}

/**
 * Runs `fn` in `scope` as one of its tasks — `spawn` in that scope — for leash's own APIs that
 * run user functions (`withTimeout`, `mapLimit`, `TaskGroup`). Always returns a promise: a
 * synchronous throw becomes a rejection, a plain value a resolved promise.
 */
export function runTask<T>(scope: Scope, site: string, fn: () => T | PromiseLike<T>): Promise<Awaited<T>> {
  try {
    return Promise.resolve(scope.run(() => spawn(site, fn))) as Promise<Awaited<T>>;
  } catch (error) {
    return Promise.reject(error);
  }
}

function noop(): void {}
