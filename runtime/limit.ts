/**
 * Bounded concurrency: the semaphore channel `make(chan struct{}, n)` of Go, as `limit(n)`,
 * `mapLimit` and `mapSettledLimit`. Each call runs inside a child scope, so timers, listeners
 * and signals it starts end with it.
 */
import { callerSite } from './caller';
import { describe, LeashError } from './errors';
import { follow, Scope } from './scope';
import { runTask } from './tasks';

export function checkLimit(api: string, n: unknown): asserts n is number {
  if (!((typeof n === 'number' && Number.isInteger(n) && n >= 1) || n === Infinity)) {
    throw new LeashError(`${api}: expected \`limit\` to be an integer from 1 and up or Infinity, got ${describe(n)}.`);
  }
}

export function checkSignal(api: string, signal: unknown): asserts signal is AbortSignal | undefined {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new LeashError(`${api}: expected \`signal\` to be an AbortSignal, got ${describe(signal)}.`);
  }
}

export interface Limiter {
  /** Runs `fn(...args)` when fewer than `n` calls are active; returns its result. */
  <A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, ...args: A): Promise<Awaited<R>>;
  /** Calls running now. */
  readonly activeCount: number;
  /** Calls waiting for a slot. */
  readonly pendingCount: number;
  /** Drops the waiting calls; their promises never settle. Does not touch running ones. */
  clearQueue(): void;
}

/**
 * A p-limit style limiter: at most `n` of the functions given to it run at once, the rest wait
 * in order. It does not cancel running calls; pair it with a scope's signal for that.
 */
export function limit(n: number): Limiter {
  checkLimit('limit(n)', n);
  const queue: Array<() => void> = [];
  let active = 0;
  const next = () => {
    active--;
    queue.shift()?.();
  };
  const run = <A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, ...args: A): Promise<Awaited<R>> => {
    if (typeof fn !== 'function') throw new LeashError(`limit(n)(fn): expected a function, got ${describe(fn)}.`);
    return new Promise<Awaited<R>>((resolve, reject) => {
      const start = () => {
        active++;
        let result: R | PromiseLike<R>;
        try {
          result = fn(...args);
        } catch (error) {
          reject(error);
          next();
          return;
        }
        Promise.resolve(result).then(
          (value) => {
            resolve(value as Awaited<R>);
            next();
          },
          (error: unknown) => {
            reject(error);
            next();
          },
        );
      };
      if (active < n) start();
      else queue.push(start);
    });
  };
  return Object.defineProperties(run, {
    activeCount: { get: () => active },
    pendingCount: { get: () => queue.length },
    clearQueue: { value: () => void queue.splice(0) },
  }) as Limiter;
}

export interface MapLimitOptions {
  /** Stop starting new items and reject with its reason when this aborts. */
  signal?: AbortSignal | undefined;
}

type Settled<R> = PromiseSettledResult<Awaited<R>>;

/**
 * The engine of mapLimit and mapSettledLimit: at most `n` calls in flight, each in the child
 * scope `scope`; the promise settles once nothing is in flight any more.
 */
function pump<T, R, Out>(
  items: readonly T[],
  n: number,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  signal: AbortSignal | undefined,
  stopOnError: boolean,
  api: string,
  site: string,
  record: (results: Out[], index: number, outcome: Settled<R>) => void,
): Promise<Out[]> {
  const scope = new Scope({ name: api });
  return new Promise<Out[]>((resolve, reject) => {
    const results = new Array<Out>(items.length);
    let next = 0;
    let active = 0;
    let failed = false;
    let firstError: unknown;
    const unfollow = follow(scope, signal);
    const finish = () => {
      unfollow();
      const reason = scope.reason;
      scope.abort();
      if (failed) reject(firstError);
      else if (next < items.length) reject(reason);
      else resolve(results);
    };
    const settle = (index: number, outcome: Settled<R>) => {
      active--;
      if (outcome.status === 'rejected' && stopOnError && !failed) {
        failed = true;
        firstError = outcome.reason;
        scope.abort(outcome.reason);
      }
      record(results, index, outcome);
      launch();
    };
    const launch = () => {
      while (active < n && next < items.length && !scope.aborted) {
        const index = next++;
        active++;
        runTask(scope, site, () => fn(items[index]!, index)).then(
          (value) => settle(index, { status: 'fulfilled', value }),
          (reason: unknown) => settle(index, { status: 'rejected', reason }),
        );
      }
      if (active === 0) finish();
    };
    launch();
  });
}

/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight. Results keep the input order.
 * The first rejection aborts the scope the other calls run in (their ambient signal), no new
 * items start, and — like `errgroup.Wait` — the promise rejects with that first error once the
 * calls in flight have settled. An aborted `signal` stops it the same way, with its reason.
 */
export function mapLimit<T, R>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>, options: MapLimitOptions = {}): Promise<Awaited<R>[]> {
  checkLimit('mapLimit(items, limit, fn)', limit);
  if (typeof fn !== 'function') throw new LeashError(`mapLimit(items, limit, fn): expected \`fn\` to be a function, got ${describe(fn)}.`);
  checkSignal('mapLimit', options.signal);
  return pump<T, R, Awaited<R>>(Array.from(items), limit, fn, options.signal, true, 'mapLimit', callerSite(fn, 'leash:mapLimit'), (results, index, outcome) => {
    if (outcome.status === 'fulfilled') results[index] = outcome.value;
  });
}

/**
 * `Promise.allSettled(items.map(fn))` with at most `limit` calls in flight: every item runs and
 * reports its own outcome, in input order. Only an aborted `signal` (or the ambient scope ending)
 * stops it early; then it rejects with the abort reason once the calls in flight have settled.
 */
export function mapSettledLimit<T, R>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>, options: MapLimitOptions = {}): Promise<Settled<R>[]> {
  checkLimit('mapSettledLimit(items, limit, fn)', limit);
  if (typeof fn !== 'function') throw new LeashError(`mapSettledLimit(items, limit, fn): expected \`fn\` to be a function, got ${describe(fn)}.`);
  checkSignal('mapSettledLimit', options.signal);
  return pump<T, R, Settled<R>>(Array.from(items), limit, fn, options.signal, false, 'mapSettledLimit', callerSite(fn, 'leash:mapSettledLimit'), (results, index, outcome) => {
    results[index] = outcome;
  });
}
