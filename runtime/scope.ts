/**
 * Scope: leash's `context.Context`. An AbortSignal plus the timers, listeners, tasks and child
 * scopes started under it. When a scope ends — `abort()`, its timeout or deadline, its parent
 * ending, or disposal — its signal aborts, its children end with the same reason, and in `bind`
 * mode its timers are cleared and its listeners removed; then its `defer` callbacks run in
 * reverse order. Ending is idempotent: the first reason wins and later calls do nothing.
 *
 * Failing to end a scope leaks it and everything started under it until its parent ends, as a
 * forgotten `cancel()` does in Go. `withTimeout`, `withCancel` and `using` end it for you.
 */
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { now } from './clock';
import * as config from './config';
import { CAPTURE, chain, EMITTER, Entry, listenerOf, ONCE, pruneChain, Site, stacks, targetOf, timerEnded, timerIds, unchain, userSignals, weakly, type Kind } from './entry';
import { canceled, checkKeys, deadlineExceeded, describe, LeashError } from './errors';
import { abortFired, emitterRemovesOnce, mixedOnce, onceWrapper, stillListening } from './native-listeners';

const SCOPE_OPTIONS = ['name', 'timeout', 'deadline', 'parent', 'ref'] as const;

export interface ScopeOptions {
  /** Path segment in reports, e.g. `request#41`. @default `scope#<n>` */
  name?: string;
  /** End the scope this many milliseconds after it is created, with reason `deadlineExceeded`. */
  timeout?: number;
  /** End the scope at this time, with reason `deadlineExceeded`. */
  deadline?: Date | number;
  /** @default the current (ambient) scope */
  parent?: Scope;
  /**
   * Keep the process alive until the timeout or deadline. Off by default, like
   * `AbortSignal.timeout()`: a long request deadline should not hold a process that is done.
   * `withTimeout` and `withDeadline` turn it on, because their caller awaits the outcome.
   * @default false
   */
  ref?: boolean;
}

const storage = new AsyncLocalStorage<Scope>();
let nextId = 1;

/** Live entries across all scopes; drives the amortized sweep of natively ended timers. */
let liveCount = 0;
let sweepAt = 1024;
const sites = new Map<string, Site>();
/** The site of the previous registration: a loop registers from one site many times in a row. */
let lastSite = new Site('', 'task');

export class Scope implements Disposable, AsyncDisposable {
  readonly name: string;
  readonly parent: Scope | null;
  /** Head of the intrusive list of live entries. */
  head: Entry | null = null;
  /** Live child scopes, and ended ones that still own live entries. */
  readonly children = new Set<Scope>();
  #ended = false;
  #reason: unknown = undefined;
  #controller: AbortController | undefined = undefined;
  #defers: Array<() => unknown> | undefined = undefined;
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  #path: string | undefined = undefined;
  /** Live tasks, and the resolvers of callers waiting for them to reach zero. */
  tasks = 0;
  #drained: Array<() => void> | undefined = undefined;
  /** Settle promises of async `defer` callbacks, awaited by asyncDispose. */
  #pending: Promise<unknown>[] | undefined = undefined;

  constructor(options: ScopeOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new LeashError(`new Scope(options): expected an options object like { name: "request", timeout: 5000 }, got ${describe(options)}.`);
    }
    checkKeys('new Scope', options, SCOPE_OPTIONS);
    const { name, timeout, deadline, parent } = options;
    if (options.ref !== undefined && typeof options.ref !== 'boolean') {
      throw new LeashError(`new Scope: \`ref\` must be a boolean, got ${describe(options.ref)}.`);
    }
    if (name !== undefined && typeof name !== 'string') {
      throw new LeashError(`new Scope: \`name\` must be a string, got ${describe(name)}.`);
    }
    if (parent !== undefined && !(parent instanceof Scope)) {
      throw new LeashError(`new Scope: \`parent\` must be a Scope, got ${describe(parent)}. Pass an AbortSignal's owner scope, or omit it to use the current scope.`);
    }
    this.name = name ?? `scope#${nextId++}`;
    this.parent = parent ?? (root === undefined ? null : currentScope());
    let ms: number | undefined;
    if (timeout !== undefined) {
      if (typeof timeout !== 'number' || !(timeout >= 0)) {
        throw new LeashError(`new Scope: \`timeout\` must be a number of milliseconds >= 0, got ${describe(timeout)}.`);
      }
      ms = timeout;
    }
    if (deadline !== undefined) {
      const at = deadline instanceof Date ? deadline.getTime() : deadline;
      if (typeof at !== 'number' || Number.isNaN(at)) {
        throw new LeashError(`new Scope: \`deadline\` must be a Date or epoch milliseconds, got ${describe(deadline)}.`);
      }
      const left = Math.max(0, at - Date.now());
      ms = ms === undefined ? left : Math.min(ms, left);
    }
    const parentScope = this.parent;
    if (parentScope !== null) {
      if (parentScope.#ended && config.mode === 'bind') {
        // Like a context derived from a done context: born ended, with the parent's reason.
        this.#ended = true;
        this.#reason = parentScope.#reason;
        return;
      }
      parentScope.children.add(this);
      if (parentScope.#ended) parentScope.attach();
    }
    if (ms !== undefined) {
      const timer = globalThis.setTimeout(() => this.abort(deadlineExceeded), ms);
      if (options.ref !== true) timer.unref?.();
      this.#deadlineTimer = timer;
    }
  }

  /**
   * Aborts when the scope ends, with the scope's reason. Created on first read (an
   * AbortController costs ~2 µs on Node 20), with no listener cap: one scope's signal is shared
   * by every call it passes through, so many listeners are expected, not a leak.
   */
  get signal(): AbortSignal {
    let controller = this.#controller;
    if (controller === undefined) {
      controller = this.#controller = new AbortController();
      setMaxListeners(0, controller.signal);
      if (this.#ended) controller.abort(this.#reason);
    }
    return controller.signal;
  }

  /** Whether the scope has ended. */
  get aborted(): boolean {
    return this.#ended;
  }

  /** Why the scope ended: the value passed to `abort`, `canceled`, `deadlineExceeded`, or the parent's reason. `undefined` while live. */
  get reason(): unknown {
    return this.#reason;
  }

  /** `root/request#41/loadUser`: the names from the root scope down. */
  get path(): string {
    return (this.#path ??= this.parent === null ? this.name : `${this.parent.path}/${this.name}`);
  }

  /**
   * Ends the scope with `reason` (default: `canceled`). Aborts the signal, ends every child scope
   * with the same reason, clears timers and removes listeners in `bind` mode, then runs `defer`
   * callbacks newest first. Tasks are not stopped — their signal tells them to stop; they stay in
   * the report until they settle. Idempotent: only the first call has an effect. Does not wait;
   * `await using` (or `Symbol.asyncDispose`) does. If a `defer` callback throws, the rest still
   * run and the first error is rethrown at the end (an AggregateError for several).
   */
  abort(reason: unknown = canceled): void {
    if (this.#ended) return;
    // A deferred listener of this scope becomes an entry before the scope ends (and releases it).
    flushDeferredListener();
    this.#ended = true;
    this.#reason = reason;
    if (this.#deadlineTimer !== undefined) {
      globalThis.clearTimeout(this.#deadlineTimer);
      this.#deadlineTimer = undefined;
    }
    const errors: unknown[] = [];
    try {
      this.#controller?.abort(reason);
    } catch (error) {
      errors.push(error);
    }
    for (const child of [...this.children]) {
      try {
        child.abort(reason);
      } catch (error) {
        errors.push(error);
      }
    }
    if (config.mode === 'bind') {
      let entry = this.head;
      while (entry !== null) {
        const next = entry.next;
        if (entry.kind === 'task') {
          // Tasks are not stopped: their signal tells them to.
        } else if (entry.flags & ONCE && !stillListening(entry)) {
          end(entry); // a `once` listener that already fired: removing its function would take another registration
        } else if (releasable(entry)) {
          end(entry);
          release(entry);
        }
        entry = next;
      }
    }
    const defers = this.#defers;
    if (defers !== undefined) {
      this.#defers = undefined;
      for (let i = defers.length - 1; i >= 0; i--) {
        try {
          this.#awaitLater(defers[i]!());
        } catch (error) {
          errors.push(error);
        }
      }
    }
    this.#detachIfIdle();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, '[leash] several cleanups failed while the scope ended');
  }

  /**
   * Runs `fn` with this scope as the current scope, through every `await` and callback it
   * starts. Returns what `fn` returns. Does not end the scope.
   */
  run<T>(fn: () => T): T {
    if (typeof fn !== 'function') {
      throw new LeashError(`scope.run(fn): expected a function, got ${describe(fn)}.`);
    }
    cachedId = -1;
    try {
      return storage.run(this, callPlainly, fn) as T;
    } finally {
      cachedId = -1;
    }
  }

  /**
   * Registers `fn` to run when the scope ends, like Go's `defer`: newest first, after timers and
   * listeners were released. If the scope has already ended, `fn` runs now. An async `fn` is
   * awaited by `await using` / `Symbol.asyncDispose`.
   */
  defer(fn: () => unknown): void {
    if (typeof fn !== 'function') {
      throw new LeashError(`scope.defer(fn): expected a cleanup function, got ${describe(fn)}.`);
    }
    if (this.#ended) {
      this.#awaitLater(fn());
      return;
    }
    (this.#defers ??= []).push(fn);
  }

  /** `using scope = new Scope()`: ends the scope (with `canceled`) when the block exits. */
  [Symbol.dispose](): void {
    this.abort();
  }

  /**
   * `await using scope = new Scope()`: ends the scope, then waits until its tasks and those of its
   * children have settled and its async `defer` callbacks have finished, for at most 5 s
   * (`drain(ms)` waits with another bound). Like `errgroup.Wait`, it does not stop anything itself: tasks that ignore
   * their signal keep it waiting until the bound, and stay in the report.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this.abort();
    await this.drain(5000);
  }

  /** Keeps what an async `defer` callback returned, for `drain` to wait on. */
  #awaitLater(result: unknown): void {
    if (isThenable(result)) (this.#pending ??= []).push(Promise.resolve(result).catch(() => undefined));
  }

  /** Resolves when this scope's and its descendants' tasks have settled, or after `ms`. Returns whether they all did. */
  async drain(ms: number): Promise<boolean> {
    const all = Promise.all([this.#settled(), ...(this.#pending ?? [])]).then(() => true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<boolean>((resolve) => {
      timer = nativeSetTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([all, bound]);
    } finally {
      nativeClearTimeout(timer);
    }
  }

  #settled(): Promise<unknown> {
    const own =
      this.tasks === 0
        ? undefined
        : new Promise<void>((resolve) => {
            (this.#drained ??= []).push(resolve);
          });
    const children = [...this.children].map((child) => child.#settled());
    return Promise.all([own, ...children]);
  }

  /** Called by `end` when a task of this scope settles. */
  taskEnded(): void {
    if (--this.tasks === 0 && this.#drained !== undefined) {
      const waiters = this.#drained;
      this.#drained = undefined;
      for (const resolve of waiters) resolve();
    }
  }

  /** An ended scope leaves its parent once nothing of it is alive, so the tree keeps no garbage. */
  #detachIfIdle(): void {
    if (this.#ended && this.head === null && this.children.size === 0 && this.parent !== null) {
      if (this.parent.children.delete(this)) this.parent.#detachIfIdle();
    }
  }

  /**
   * Puts an ended scope that left the tree (`#detachIfIdle`) back in it, up to the first ancestor
   * still there: something was registered in it after it ended — in `track` mode a task, a timer
   * or a listener a late callback started, the very leak a report exists to show — and reports
   * walk the tree from the root.
   */
  attach(): void {
    const parent = this.parent;
    if (parent === null || parent.children.has(this)) return;
    parent.children.add(this);
    parent.attach();
  }

  /** Called by `end` when the scope's last entry ended. */
  entriesEmptied(): void {
    this.#detachIfIdle();
  }

  toString(): string {
    return `Scope(${this.path}${this.#ended ? ', ended' : ''})`;
  }
}

/** Timers leash itself needs (deadlines are user-visible and follow fake timers; drains do not). */
const nativeSetTimeout = globalThis.setTimeout;
const nativeClearTimeout = globalThis.clearTimeout;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}

// `undefined` while the root scope itself is being constructed: it has no parent.
// eslint-disable-next-line prefer-const
let root: Scope | undefined;
root = new Scope({ name: 'root' });

/** The root scope: the parent of every scope created outside `run`. Ends only with `shutdown()`. */
export const rootScope: Scope = root;

/**
 * The ambient scope's lookup is cached per async execution id: `storage.getStore()` costs ~15–30 ns
 * on Node 20 (as much as the rest of a listener wrapper) while `executionAsyncId()` costs ~6 ns.
 * Within one execution id the store only changes through `Scope.run`, which resets the cache.
 */
let cachedId = -1;

/** Runs `fn` with no ambient scope, for leash's own long-lived timers. */
function outsideScopes(fn: () => void): void {
  storage.exit(fn);
}

let cachedScope: Scope | undefined;

/**
 * Whether this AsyncLocalStorage keeps its store in the async context frame (Node 24's default,
 * Node 22 with `--experimental-async-context-frame`): it runs no async hooks, so the execution id
 * is 0 in every callback and keys no cache, and reading it (~6 ns, a fifth of the lookup) only
 * adds to each call. The hooks-based implementation has `_propagate`; the frame-based one has not.
 */
const storeInFrame = typeof (AsyncLocalStorage.prototype as { _propagate?: unknown })._propagate !== 'function';

/** The ambient scope read from the async context frame: no execution id to key a cache on. */
function scopeInFrame(): Scope {
  return storage.getStore() ?? rootScope;
}

/** The ambient scope read through the execution id cache (the async-hooks-based storage). */
function scopeByExecutionId(): Scope {
  const id = executionAsyncId();
  if (id === cachedId) return cachedScope!;
  // 0: no execution id to key on, so no cache.
  if (id === 0) return storage.getStore() ?? rootScope;
  cachedId = id;
  return (cachedScope = storage.getStore() ?? rootScope);
}

/**
 * The ambient scope: the innermost `run` around the caller, else the root scope. One of two
 * functions, chosen when leash loads rather than branched on per call. V8 inlines a wrapper and
 * its callees into the user's function only up to a budget of bytecode per function, and what a
 * wrapper spends is left for Node's own functions it calls (`emitter.on`'s `_addListener`): with
 * that budget raised by flag (`--max-inlined-bytecode-size-cumulative`), the EventEmitter
 * wrapper measured markedly cheaper on Node 24. So the hot paths keep their bytecode small:
 * this choice, and the rare cases of `now` and `siteOf` in functions of their own.
 */
export const currentScope: () => Scope = storeInFrame ? scopeInFrame : scopeByExecutionId;

function captureStack(): string | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, register);
  return holder.stack;
}

/** The counters of `siteId`, created at its first registration. The last one is kept at hand: a site registers many times in a row. */
function siteOf(siteId: string, kind: Kind): Site {
  return siteId === lastSite.id ? lastSite : lookUpSite(siteId, kind);
}

function lookUpSite(siteId: string, kind: Kind): Site {
  let site = sites.get(siteId);
  if (site === undefined) {
    site = new Site(siteId, kind);
    sites.set(siteId, site);
  }
  return (lastSite = site);
}

/** Adds a live entry to `scope` and counts it at its site. */
export function register(scope: Scope, kind: Kind, siteId: string, handle: unknown): Entry {
  const site = siteOf(siteId, kind);
  site.created++;
  const entry = link(scope, kind, site, now(outsideScopes), handle);
  if (config.stacks) stacks.set(entry, captureStack() ?? '');
  return entry;
}

/** The entry of a registration already counted in `site.created` (and `peak`, as if live). */
function link(scope: Scope, kind: Kind, site: Site, start: number, handle: unknown): Entry {
  const entry = new Entry(scope, kind, site, start, handle);
  if (++site.live > site.peak) site.peak = site.live;
  const head = scope.head;
  if (head !== null) {
    head.prev = entry;
    entry.next = head;
  } else if (scope.aborted) scope.attach();
  scope.head = entry;
  if (kind === 'task') scope.tasks++;
  if (++liveCount > sweepAt) sweep(false);
  return entry;
}

/*
 * The newest listener registration, held in these variables instead of an entry until anything
 * else needs it. Many listeners are removed right after they are added (an add/remove pair
 * around one event, a handler per call); such a pair then allocates nothing and links nothing:
 * the entry and its list links were ~60% of an EventEmitter on+off wrapper's cost on Node 24.
 * Anything that reads the registry (`walk`, `sweep`, the counters, a scope ending) and the next
 * deferred registration turn it into an entry first (`flushDeferredListener`); until then it is
 * counted at its site as created (and in `peak`) but not as live. Only plain listeners are
 * deferred: `once` listeners, listeners with a `signal`, and registrations with stacks on, or
 * in an ended scope, get their entry at once.
 */
let deferredScope: Scope | null = null;
let deferredSite: Site = lastSite;
let deferredStart = 0;
let deferredHandle: unknown = undefined;
let deferredType: string | symbol = '';
let deferredListener: unknown = undefined;
let deferredFlags = 0;

/**
 * Registers a listener the target has just accepted; the caller checked that it may be
 * deferred (`flags` has no `ONCE`, no user signal, stacks off, `scope` not ended).
 */
export function registerListener(scope: Scope, siteId: string, handle: unknown, type: string | symbol, listener: object, flags: number): void {
  if (deferredScope !== null) flushDeferredListener();
  const site = siteOf(siteId, 'listener');
  site.created++;
  if (site.live >= site.peak) site.peak = site.live + 1;
  deferredScope = scope;
  deferredSite = site;
  deferredStart = now(outsideScopes);
  deferredHandle = handle;
  deferredType = type;
  deferredListener = listener;
  deferredFlags = flags;
}

/** Whether the deferred registration is exactly (`handle`, `type`, `listener`, `flags`). */
export function isDeferredListener(handle: unknown, type: string | symbol, listener: unknown, flags: number): boolean {
  return deferredScope !== null && deferredListener === listener && deferredHandle === handle && deferredType === type && deferredFlags === flags;
}

/** Ends the deferred registration when it is exactly this one (a remove of the newest listener). The test is `isDeferredListener`'s, written out: one call less to inline. */
export function endDeferredListener(handle: unknown, type: string | symbol, listener: unknown, flags: number): boolean {
  if (deferredScope === null || deferredListener !== listener || deferredHandle !== handle || deferredType !== type || deferredFlags !== flags) return false;
  deferredScope = null;
  deferredHandle = deferredListener = undefined;
  return true;
}

/** Turns the deferred registration, if any, into its entry. */
export function flushDeferredListener(): void {
  const scope = deferredScope;
  if (scope === null) return;
  deferredScope = null;
  const entry = link(scope, 'listener', deferredSite, deferredStart, weakly(deferredHandle as object));
  entry.type = deferredType;
  entry.original = weakly(deferredListener as object);
  entry.flags = deferredFlags;
  deferredHandle = deferredListener = undefined;
  chain(entry);
}

/**
 * Ends an entry: unlinks it from its scope and from every index that can find it (a listener's
 * chain, the id map of primitive timer handles). Idempotent. Does not touch the native resource.
 * `unchainIt` false leaves a listener on its chain for the caller to prune (`endCollected`).
 */
export function end(entry: Entry, unchainIt = true): void {
  const scope = entry.scope;
  if (scope === null) return;
  entry.scope = null;
  const { prev, next } = entry;
  if (prev === null) scope.head = next;
  else prev.next = next;
  if (next !== null) next.prev = prev;
  entry.prev = entry.next = null;
  entry.site.live--;
  liveCount--;
  if (entry.kind === 'task') scope.taskEnded();
  else if (entry.kind === 'listener') {
    if (unchainIt) unchain(entry);
  } else if (typeof entry.handle !== 'object') timerIds.delete(entry.handle);
  if (scope.head === null && scope.aborted) scope.entriesEmptied();
}

/**
 * Whether `release` would remove this entry's own registration. Not when a plain EventEmitter
 * listener's function is also registered `once` for the same event and Node's remove would take
 * that one (it removes the last of its list, and a plain registration cannot be named apart from
 * its function): the listener then stays, and stays reported, in its ended scope — bind mode
 * ends only what is provably the scope's.
 */
function releasable(entry: Entry): boolean {
  if (entry.kind !== 'listener' || !(entry.flags & EMITTER) || entry.flags & ONCE || !mixedOnce(entry)) return true;
  return emitterRemovesOnce(targetOf(entry), entry.type!, listenerOf(entry)) !== true;
}

/** Releases the native resource behind an ended entry: what `bind` mode does when a scope ends. */
function release(entry: Entry): void {
  const handle = entry.handle;
  switch (entry.kind) {
    case 'timeout':
      globalThis.clearTimeout(handle);
      return;
    case 'interval':
      globalThis.clearInterval(handle);
      return;
    case 'immediate':
      globalThis.clearImmediate(handle);
      return;
    case 'listener': {
      const target = targetOf(entry);
      const listener = listenerOf(entry);
      if (target === undefined || listener === undefined) return; // collected: nothing left to remove
      if (entry.flags & EMITTER) {
        // A `once` registration is removed by its wrapper: the original would take the last
        // registration of the function, which may be a plain one (`releasable`).
        const wrapper = entry.flags & ONCE && mixedOnce(entry) ? onceWrapper(target, entry.type!, listener) : undefined;
        target.removeListener(entry.type, wrapper ?? listener);
      } else target.removeEventListener(entry.type, listener, { capture: (entry.flags & CAPTURE) !== 0 });
      return;
    }
    case 'task':
      return;
  }
}

/**
 * Ends entries whose native resource ended behind leash's back: timers cleared by a native
 * `clearTimeout`, listeners removed by their own `{ signal }` option, `once` listeners that
 * fired, listeners whose target (or function) the garbage collector took; and `abort`
 * listeners on a signal that has aborted, which can never run again. Runs when the live
 * count doubles (amortized O(1) per registration) and before every snapshot.
 */
export function sweep(report = true): void {
  const collected: Entry[] = [];
  const lookAtTargets = report || collectedSinceLastLook();
  walk(rootScope, (entry) => {
    if (entry.kind === 'listener') {
      // A sweep can run inside `link`, before the registration has filled in its listener.
      if (entry.original === undefined) return;
      if (lookAtTargets && (targetOf(entry) === undefined || listenerOf(entry) === undefined)) collected.push(entry);
      else if (userSignals.get(entry)?.aborted || (entry.flags & ONCE && !stillListening(entry)) || abortFired(entry)) end(entry);
    } else if (entry.kind !== 'task' && timerEnded(entry) === true) {
      end(entry);
    }
  });
  if (collected.length > 0) endCollected(collected);
  sweepAt = Math.max(1024, liveCount * 2);
}

/**
 * Reading a weak reference keeps its target alive to the end of the turn, so a sweep that read
 * every listener's target in a long synchronous loop would keep them all from being collected:
 * the sweeps the registrations trigger read them only once the garbage collector has cleared
 * weak references since the last such read (this sentinel's target is gone). Reports always read.
 */
let sentinel = weakly({});

function collectedSinceLastLook(): boolean {
  if (sentinel.deref() !== undefined) return false;
  sentinel = weakly({});
  return true;
}

/** Ends listener entries whose target or function the garbage collector took, pruning each listener's chain once. */
function endCollected(entries: readonly Entry[]): void {
  const listeners = new Set<object>();
  for (const entry of entries) {
    const listener = listenerOf(entry);
    if (listener !== undefined) listeners.add(listener); // else its chain went with it
    end(entry, false);
  }
  for (const listener of listeners) pruneChain(listener);
}

/**
 * Ends `scope` with `signal`'s reason when `signal` aborts (at once if it already has). Returns
 * the function that stops following: call it when the scope's work is done, so the outside
 * signal keeps no listener. One listener per scope, never one per resource.
 */
export function follow(scope: Scope, signal: AbortSignal | undefined): () => void {
  if (signal === undefined) return noop;
  if (signal.aborted) {
    scope.abort(signal.reason);
    return noop;
  }
  const onAbort = () => scope.abort(signal.reason);
  signal.addEventListener('abort', onAbort);
  return () => signal.removeEventListener('abort', onAbort);
}

function noop(): void {}

/** Calls `visit` for every live entry in `scope` and its descendants. */
export function walk(scope: Scope, visit: (entry: Entry, scope: Scope) => void): void {
  flushDeferredListener();
  let entry = scope.head;
  while (entry !== null) {
    const next = entry.next;
    visit(entry, scope);
    entry = next;
  }
  for (const child of [...scope.children]) walk(child, visit);
}

/** Per-site counters, in creation order of the sites. */
export function siteStats(): IterableIterator<Site> {
  flushDeferredListener();
  return sites.values();
}

export function liveTotal(): number {
  flushDeferredListener();
  return liveCount;
}

/**
 * `fn()`, as a plain call: AsyncLocalStorage calls its callback with `this` = null, which a strict
 * `function` would see (a held call's ES5 thunk reads the caller's `this`, `undefined` there).
 */
function callPlainly<T>(fn: () => T): T {
  return fn();
}
