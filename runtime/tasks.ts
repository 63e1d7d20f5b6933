/**
 * `spawn`: the JavaScript `go f()`. The transformer wraps a call whose promise nobody awaits as
 * `spawn(site, () => f(x))`; the task is registered with the ambient scope until it settles.
 *
 * Only a native promise (its prototype is `Promise.prototype`) is observed. Anything else the
 * call returns — a plain value, or a thenable such as a Knex or Prisma query builder or p-lazy,
 * whose `then` *starts* the work — is returned untouched and its `then` is never called.
 *
 * `spawn` returns the call's own promise, and its rejection nobody else handles still reaches
 * `unhandledRejection` with that promise (see `surface.ts`: leash's observing reaction makes the
 * promise handled in V8's eyes, so leash re-raises the rejection itself). That is exact only for a
 * promise the call made for its caller alone; for one the callee may hold too, the transformer
 * writes `spawnShared`, which leaves the rejection to the holder (transformer/plan/util/own-promise.ts).
 * A task cannot be stopped from outside; when its scope ends, its signal (the scope's) aborts and
 * the task stays in the report until it settles — a task still alive after its scope ended is the
 * leak the report exists to show.
 *
 * A pending task nobody references any more is garbage in plain JavaScript, and leash does not
 * keep it alive: see `abandoned.ts`.
 *
 * In an ended scope (`bind` mode) the call is not started: the result rejects with the scope's
 * reason, already marked handled, so refusing detached work never crashes the process.
 */
import { track, settled } from './abandoned';
import * as config from './config';
import { COMBINED, type Entry } from './entry';
import { currentScope, register, type Scope } from './scope';
import { surface } from './surface';

const promisePrototype = Promise.prototype;
const nativeThen = promisePrototype.then;
const getPrototypeOf = Object.getPrototypeOf;
const hasOwn = Object.prototype.hasOwnProperty.call.bind(Object.prototype.hasOwnProperty) as (object: object, key: PropertyKey) => boolean;

/** A promise made by this realm's `Promise` (not a subclass, not a thenable): safe to observe, starts nothing. */
function isNativePromise(value: unknown): value is Promise<unknown> {
  return value !== null && typeof value === 'object' && getPrototypeOf(value) === promisePrototype;
}

/**
 * What becomes of a task's rejection (`observe`):
 * - `RAISE`: re-raised as unhandled for the task's promise, which the caller threw away and which
 *   was its alone (`spawn`);
 * - `LEAVE`: left to the promise's other holder, and counted on the site (`Site.unraised`): the
 *   callee may hold the promise too (`spawnShared`);
 * - `HANDLED`: the caller handles it (`runTask`, promises passed to a combinator).
 */
const RAISE = 0;
const LEAVE = 1;
const HANDLED = 2;
type Rejection = typeof RAISE | typeof LEAVE | typeof HANDLED;

/**
 * Registers `promise` (a native one) as a task of `scope` until it settles; `rejection` says what
 * becomes of its rejection. One reaction with two closures per task: measured with
 * AsyncLocalStorage on, an async function awaiting the task costs ~15% more.
 */
export function observe(scope: Scope, site: string, promise: Promise<unknown>, rejection: Rejection): Entry {
  const entry = register(scope, 'task', site, promise);
  track(entry);
  const end = (): void => settled(entry);
  nativeThen.call(
    promise,
    end,
    rejection === RAISE
      ? (reason: unknown) => {
          settled(entry);
          // A promise whose own `then` replaced Promise.prototype's is not what the transformer
          // judged it by: `p.catch(f)` then returns whatever that `then` returns, which can be a
          // promise its maker keeps and handles (TanStack Query's tests make one a synchronous
          // thenable that returns itself). Checked here, on the rare path, not per task.
          if (hasOwn(promise, 'then')) entry.site.unraised++;
          else surface(promise, reason);
        }
      : rejection === LEAVE
        ? () => {
            settled(entry);
            entry.site.unraised++;
          }
        : end,
  );
  return entry;
}

/**
 * `self` and `args`, when given, are the `this` and `arguments` `start` is called with: code
 * compiled for ES5 passes a function expression instead of an arrow, with its caller's `this`
 * (and `arguments`, when the call reads them). Returns what `start` returned, the same object.
 */
export function spawn<T>(site: string, start: () => T, self?: unknown, args?: ArrayLike<unknown>): T {
  return started(site, start, self, args, RAISE);
}

/**
 * `spawnShared(site, () => call)`: `spawn` for a call whose callee may hold the promise too (the
 * transformer cannot see that the call made it for its caller alone: an interface method, a
 * callback, another package's function). Registered the same; a rejection is not re-raised, since
 * the callee may handle it (a retryer's `promise.catch(noop)`), and is counted on the site.
 */
export function spawnShared<T>(site: string, start: () => T, self?: unknown, args?: ArrayLike<unknown>): T {
  return started(site, start, self, args, LEAVE);
}

function started<T>(site: string, start: () => T, self: unknown, args: ArrayLike<unknown> | undefined, rejection: Rejection): T {
  const scope = currentScope();
  if (scope.aborted && config.mode === 'bind') {
    const refused = Promise.reject(scope.reason);
    refused.catch(noop);
    return refused as T;
  }
  const result = self === undefined && args === undefined ? start() : (Reflect.apply(start, self, args ?? []) as T);
  if (isNativePromise(result)) observe(scope, site, result, rejection);
  return result;
}

/**
 * `task(site, value)`: what `spawn` does, for a `track` build, where nothing is ever refused: the
 * call has already run (`task(site, f(x))`, no thunk), and the value it returned is observed as a
 * task of the ambient scope when it is a native promise, then returned, the same object. Without
 * a thunk the output holds no function of leash's, so coverage counts the functions plain code
 * has, and a stack trace from the call has no leash frame in it.
 */
export function task<T>(site: string, value: T): T {
  if (isNativePromise(value)) observe(currentScope(), site, value, RAISE);
  return value;
}

/** `taskShared(site, value)`: `task` for a promise the callee may hold too (`spawnShared`). */
export function taskShared<T>(site: string, value: T): T {
  if (isNativePromise(value)) observe(currentScope(), site, value, LEAVE);
  return value;
}

/**
 * `observeAll(site, promises)`: the array a `Promise.race`, `Promise.any` or `Promise.all` is
 * about to wait on. Each native promise in it is registered as a task of the ambient scope until
 * it settles, and the array itself is returned — the same object, holding the same promises,
 * so nothing the program can compare or read changes. The transformer writes it around the
 * combinator's argument (`Promise.race(observeAll(site, [a(), b()]))`), because the promises
 * a race loses, or that `Promise.all` stops waiting for after the first rejection, run on with
 * nobody waiting for them: this is where they become visible.
 *
 * The handlers it adds swallow a rejection, which changes nothing: the combinator, called right
 * after, adds its own handlers to every element, so each is handled anyway. It starts nothing and
 * refuses nothing, in either mode; in an ended scope the promises are registered all the same.
 * They stay reported until they settle, or until the garbage collector finds one abandoned: a
 * loser nothing can settle any more (a promise that rejects only on abort, its listener removed
 * after the race) has nothing waiting behind it and plain JavaScript collects it, so its entry
 * ends quietly, neither counted abandoned nor a test's leak (`COMBINED`).
 *
 * `skip`, a bit per index, leaves elements unobserved: the transformer sets the bit of a promise
 * written as `new Promise(...)` in the array, settled by whoever holds its `resolve`, which is no
 * work the race started (transformer/plan/rules/tasks.ts). Anything that is not an array (an
 * iterator, a Set) is returned untouched and never iterated, and so are non-native thenables in it.
 */
export function observeAll<T>(site: string, promises: T, skip = 0): T {
  if (!Array.isArray(promises)) return promises;
  let scope: Scope | undefined;
  for (let i = 0; i < promises.length; i++) {
    const promise: unknown = promises[i];
    if (i < 31 && ((skip >> i) & 1) !== 0) continue;
    if (isNativePromise(promise)) observe((scope ??= currentScope()), site, promise, HANDLED).flags = COMBINED;
  }
  return promises;
}

/**
 * Runs `fn` in `scope` as one of its tasks, for leash's own APIs that run user functions
 * (`withTimeout`, `mapLimit`, `TaskGroup`), which handle the result themselves. Always returns a
 * promise: a synchronous throw becomes a rejection, a plain value a resolved promise.
 */
export function runTask<T>(scope: Scope, site: string, fn: () => T | PromiseLike<T>): Promise<Awaited<T>> {
  if (scope.aborted && config.mode === 'bind') return Promise.reject(scope.reason);
  try {
    const result = scope.run(fn);
    if (isNativePromise(result)) observe(scope, site, result, HANDLED);
    return Promise.resolve(result) as Promise<Awaited<T>>;
  } catch (error) {
    return Promise.reject(error);
  }
}

function noop(): void {}
