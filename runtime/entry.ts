/**
 * Registry entries: one per live timer, listener or task, owned by the scope that started it.
 *
 * An entry is a node in its scope's intrusive doubly linked list, so adding and ending one is a
 * few pointer writes (no Set, no Map, no per-resource 'abort' listener), and ending a scope walks
 * its list once. Every kind shares one class so the hot paths stay monomorphic.
 */
import { fakeTimerId, holds, type FakeClock } from './fake-clocks';
import type { Scope } from './scope';

export type Kind = 'timeout' | 'interval' | 'immediate' | 'listener' | 'task';

/** Every kind, in the order reports list them. */
export const KINDS: readonly Kind[] = ['timeout', 'interval', 'immediate', 'listener', 'task'];

/** Per-site counters, like a pprof profile's per-stack counts. */
export class Site {
  created = 0;
  live = 0;
  peak = 0;
  /** Tasks that were still pending when the garbage collector found nobody referencing them. */
  abandoned = 0;
  /** Rejections of tasks whose promise the callee may hold too, left to that holder rather than re-raised as unhandled (`spawnShared`). */
  unraised = 0;
  constructor(
    /** The static site id the instrumented call passed, e.g. `src/server.ts:42:7 handle`. */
    readonly id: string,
    readonly kind: Kind,
  ) {}
}

export const CAPTURE = 1;
export const EMITTER = 2;
/** Added with `once`: the platform removes it when it fires, and the sweep notices. */
export const ONCE = 4;
/**
 * A task entry for a promise handed to a combinator (`observeAll`): the combinator was its reader.
 * Found abandoned, it ends quietly (`abandoned.ts`): nothing waits behind a race's loser.
 */
export const COMBINED = 8;

/**
 * What few entries carry lives beside them, so that every entry stays small: an entry is
 * allocated per timer and listener, and on Node 20 a larger one shows up as GC time.
 */
export const stacks = new WeakMap<Entry, string>();
/** A `signal` the caller passed in listener options: native code removes the listener on abort. */
export const userSignals = new WeakMap<Entry, AbortSignal>();

/**
 * Fields are assigned in the constructor rather than declared with initializers: V8 runs class
 * field initializers as a separate step, measured ~15% slower per entry on Node 24.
 */
export class Entry {
  declare prev: Entry | null;
  declare next: Entry | null;
  /** Chain of live entries registered for the same listener function (newest first); for a task, the next task on its young or old list (`abandoned.ts`). */
  declare same: Entry | null;
  /**
   * For a listener, the function (or object) the caller passed, registered natively as is, held
   * weakly (`listenerOf`): the key a later remove call looks for. For a task, the previous task on its list.
   * For a timer started through a fake clock's global (`timers.ts`): the @sinonjs/fake-timers clock, or the
   * function node:test's mock timers put in place of the global.
   */
  declare original: any;
  declare type: string | symbol | undefined;
  /** Listener flags: `CAPTURE`, `EMITTER` (the handle is a Node EventEmitter, not an EventTarget), `ONCE`; for a task, `COMBINED`. */
  declare flags: number;
  /** The owning scope; null once the entry has ended. */
  declare scope: Scope | null;
  declare readonly kind: Kind;
  declare readonly site: Site;
  /** When it started, in milliseconds since leash loaded (`clock.startedAt` gives the epoch time). */
  declare readonly start: number;
  /** Timer handle, a listener's target held weakly (`targetOf`), or a task's promise while it is young (`abandoned.ts`). */
  declare handle: any;
  constructor(scope: Scope, kind: Kind, site: Site, start: number, handle: unknown) {
    this.prev = null;
    this.next = null;
    this.same = null;
    this.original = undefined;
    this.type = undefined;
    this.flags = 0;
    this.scope = scope;
    this.kind = kind;
    this.site = site;
    this.start = start;
    this.handle = handle;
  }
}

/**
 * A listener entry holds its target and its function weakly. The target holds the function
 * while the registration is live, so neither goes while it could still fire; but a listener on
 * an object nobody references any more (a per-request or per-instance emitter whose listeners
 * are never removed) is garbage in plain JavaScript, and leash must neither keep that object
 * alive nor report its listener as a leak: once the garbage collector takes either, the entry
 * ends at the next sweep (`sweep`, before every report and leak check).
 */
export function weakly<T extends object>(value: T): WeakRef<T> {
  return new WeakRef(value);
}

/** A listener entry's target, or undefined once the garbage collector took it. */
export function targetOf(entry: Entry): any {
  return (entry.handle as WeakRef<object>).deref();
}

/** A listener entry's function (or listener object), or undefined once the garbage collector took it. */
export function listenerOf(entry: Entry): any {
  return (entry.original as WeakRef<object>).deref();
}

/**
 * Timer handles that are primitives (timers outside Node return numbers), mapped to their
 * entries; Node's Timeout objects carry their entry in a property instead.
 */
export const timerIds = new Map<unknown, Entry>();

/** Property on a listener function (or listener object) holding its chain of live entries. */
export const SAME: unique symbol = Symbol('leash.entries');

/** Chains for listeners that cannot take a property (frozen, sealed, non-extensible). */
const sealedChains = new WeakMap<object, Entry | null>();
/** Whether `sealedChains` was ever used: until then a listener with no chain property has no chain, without a WeakMap lookup per add. */
let anySealed = false;

/**
 * The newest listener entry, not yet on its listener's chain. Many listeners are removed soon
 * after they are added (an add/remove pair around one event, a handler per request); the remove
 * finds the entry here (`newestListener`), and neither call writes the listener function:
 * setting and clearing the chain property cost ~25 ns of a ~60 ns EventEmitter on+off wrapper
 * on Node 20. Every other chain access puts it on its chain first.
 */
let unchained: Entry | null = null;

/** The entry of the newest listener registration, when it is still live and not yet on its chain. */
export function newestListener(): Entry | null {
  return unchained;
}

function chainPending(): void {
  const entry = unchained;
  unchained = null;
  if (entry !== null) link(entry);
}

/** The newest live entry registered for `listener`, or null. */
export function chainOf(listener: any): Entry | null {
  if (unchained !== null) chainPending();
  const head = listener[SAME];
  return head !== undefined ? head : anySealed ? (sealedChains.get(listener) ?? null) : null;
}

/**
 * Sets the chain head. Writing a symbol property is ~1 ns; checking `Object.isExtensible` first
 * would cost ~20 ns on every call, so a failed write (strict mode throws) falls back instead.
 */
function setChain(listener: any, head: Entry | null): void {
  try {
    listener[SAME] = head;
  } catch {
    anySealed = true;
    sealedChains.set(listener, head);
  }
}

/** Adds `entry` at the head of the chain of its listener (`listenerOf(entry)`); see `unchained`. */
export function chain(entry: Entry): void {
  if (unchained !== null) chainPending();
  unchained = entry;
}

function link(entry: Entry): void {
  const listener = listenerOf(entry);
  if (listener === undefined) return; // collected: its chain went with it
  entry.same = chainOf(listener);
  setChain(listener, entry);
}

/**
 * Takes every ended entry (its scope null) out of `listener`'s chain in one pass. Listener entries
 * the garbage collector ended are many at once, often on one shared function (a `noop`, a bound
 * handler): removing each with `unchain` walks the chain once per entry.
 */
export function pruneChain(listener: object): void {
  if (unchained !== null && unchained.scope === null) unchained = null;
  let head = chainOf(listener);
  while (head !== null && head.scope === null) head = head.same;
  setChain(listener, head);
  for (let node = head; node !== null; node = node.same) {
    let next = node.same;
    while (next !== null && next.scope === null) next = next.same;
    node.same = next;
  }
}

/** Removes `entry` from the chain of its listener. */
export function unchain(entry: Entry): void {
  if (entry === unchained) {
    unchained = null;
    return;
  }
  const listener = listenerOf(entry);
  if (listener === undefined) {
    entry.same = null; // collected, and its chain with it
    return;
  }
  let node = chainOf(listener);
  let prev: Entry | null = null;
  while (node !== null) {
    if (node === entry) {
      if (prev === null) setChain(listener, node.same);
      else prev.same = node.same;
      entry.same = null;
      return;
    }
    prev = node;
    node = node.same;
  }
}

/**
 * Whether a timer entry's handle has ended, from what the handle (or the fake clock that started
 * it, `entry.original`) shows:
 * - a Node `Timeout` or `Immediate` sets `_destroyed` once it fired or was cleared;
 * - a @sinonjs/fake-timers clock drops its id when it fired, was cleared or the clock was reset;
 * - node:test's mock timers (`entry.original` is the function they put in place of the global)
 *   take it out of their queue, and drop the queue when `reset()` puts the real globals back. (A
 *   timer from before a reset counts as pending again if the same mock timers are enabled anew.)
 * Undefined when nothing says.
 */
export function timerEnded(entry: Entry): boolean | undefined {
  const handle = entry.handle;
  const by: unknown = entry.original;
  if (typeof by === 'function') return typeof handle.priorityQueuePosition !== 'number' || (by !== globalThis.setTimeout && by !== globalThis.setInterval && by !== globalThis.setImmediate);
  if (by !== undefined) {
    const held = holds(by as FakeClock, fakeTimerId(handle));
    return held === undefined ? undefined : !held;
  }
  if (handle === null || typeof handle !== 'object' || typeof handle._destroyed !== 'boolean') return undefined;
  return handle._destroyed;
}
