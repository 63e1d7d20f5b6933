/**
 * TaskGroup: Go's `errgroup.WithContext` with `SetLimit`. Functions started with `go` run in the
 * group's scope, a child of the scope that created the group. The first one to fail aborts that
 * scope — the siblings' signal — and `wait()` rejects with that first error once every function
 * has returned. When `wait()` settles the group's scope ends, clearing what the functions left
 * behind. A default-constructed group is valid: no limit, no outside signal.
 */
import { callerSite } from './caller';
import { describe, LeashError } from './errors';
import { checkLimit, checkSignal } from './limit';
import { follow, Scope } from './scope';
import { runTask } from './tasks';

export interface TaskGroupOptions {
  /** At most this many functions run at once; `go` queues the rest. @default Infinity */
  limit?: number;
  /** Abort the group (with this signal's reason) when it aborts. */
  signal?: AbortSignal;
}

type GroupFn = (signal: AbortSignal) => unknown;

export class TaskGroup {
  readonly #scope: Scope;
  readonly #limit: number;
  /** Queued functions, each followed by its caller's site. */
  readonly #queue: Array<GroupFn | string> = [];
  readonly #outside: AbortSignal | undefined;
  #active = 0;
  #failed = false;
  #error: unknown = undefined;
  #waiters: Array<() => void> = [];
  #done = false;
  readonly #unfollow: () => void;

  constructor(options: TaskGroupOptions = {}) {
    const { limit = Infinity, signal } = options;
    checkLimit('new TaskGroup', limit);
    checkSignal('new TaskGroup', signal);
    this.#limit = limit;
    this.#scope = new Scope({ name: 'TaskGroup' });
    this.#outside = signal;
    this.#unfollow = follow(this.#scope, signal);
  }

  /** Aborts when the first function fails, the outside signal aborts, or `wait()` has settled. */
  get signal(): AbortSignal {
    return this.#scope.signal;
  }

  /**
   * Starts `fn(signal)` now, or queues it until fewer than `limit` functions run. Unlike Go's
   * `Go`, it never blocks. Throws if `wait()` has already settled: a group is used once.
   */
  go(fn: GroupFn): void {
    const site = callerSite(fn, 'leash:TaskGroup.go');
    this.#check('go', fn);
    if (this.#active < this.#limit) this.#start(fn, site);
    else this.#queue.push(fn, site);
  }

  /** Starts `fn(signal)` only if fewer than `limit` functions run now; returns whether it did. */
  tryGo(fn: GroupFn): boolean {
    const site = callerSite(fn, 'leash:TaskGroup.tryGo');
    this.#check('tryGo', fn);
    if (this.#active >= this.#limit) return false;
    this.#start(fn, site);
    return true;
  }

  /**
   * Resolves when every started and queued function has settled, or rejects with the first
   * error. Queued functions are dropped once the group has failed. Ends the group's scope.
   */
  wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        this.#done = true;
        this.#unfollow();
        const aborted = this.#scope.aborted;
        const reason = this.#scope.reason;
        this.#scope.abort();
        if (this.#failed) reject(this.#error);
        else if (aborted && this.#outside?.aborted) reject(reason);
        else resolve();
      };
      if (this.#active === 0 && this.#queue.length === 0) settle();
      else this.#waiters.push(settle);
    });
  }

  #check(api: string, fn: unknown): void {
    if (typeof fn !== 'function') {
      throw new LeashError(`TaskGroup.${api}(fn): expected a function that receives the group's signal, got ${describe(fn)}.`);
    }
    if (this.#done) {
      throw new LeashError(`TaskGroup.${api}: the group's wait() has already settled; create a new TaskGroup for new work.`);
    }
  }

  #start(fn: GroupFn, site: string): void {
    this.#active++;
    const scope = this.#scope;
    runTask(scope, site, () => fn(scope.signal)).then(
      () => this.#finished(),
      (error: unknown) => {
        if (!this.#failed) {
          this.#failed = true;
          this.#error = error;
          scope.abort(error);
        }
        this.#finished();
      },
    );
  }

  #finished(): void {
    this.#active--;
    const next = this.#queue.shift() as GroupFn | undefined;
    if (next !== undefined) {
      const site = this.#queue.shift() as string;
      if (this.#failed) this.#queue.length = 0;
      else this.#start(next, site);
    }
    if (this.#active === 0 && this.#queue.length === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const settle of waiters) settle();
    }
  }
}
