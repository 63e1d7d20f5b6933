/**
 * Registry entries: one per live timer, listener or task, owned by the scope that started it.
 *
 * An entry is a node in its scope's intrusive doubly linked list, so adding and ending one is a
 * few pointer writes (no Set, no Map, no per-resource 'abort' listener), and ending a scope walks
 * its list once. Every kind shares one class so the hot paths stay monomorphic.
 */
import type { Scope } from './scope';

export type Kind = 'timeout' | 'interval' | 'immediate' | 'listener' | 'task';

/** Per-site counters, like a pprof profile's per-stack counts. */
export class Site {
  created = 0;
  live = 0;
  peak = 0;
  constructor(
    /** The static site id the instrumented call passed, e.g. `src/server.ts:42:7 handle`. */
    readonly id: string,
    readonly kind: Kind,
  ) {}
}

export class Entry {
  prev: Entry | null = null;
  next: Entry | null = null;
  /** Chain of live entries registered for the same listener function (newest first). */
  same: Entry | null = null;
  /** The listener as registered natively: the caller's, or a wrapper for `once`. */
  fn: any = undefined;
  /** The listener the caller passed: the key a later remove call looks for. */
  original: any = undefined;
  type: string | symbol | undefined = undefined;
  capture = false;
  /** true: `handle` is a Node EventEmitter; false: an EventTarget. */
  emitter = false;
  /** A `signal` the caller passed in listener options: native code removes the listener on abort. */
  userSignal: AbortSignal | undefined = undefined;
  constructor(
    /** The owning scope; null once the entry has ended. */
    public scope: Scope | null,
    readonly kind: Kind,
    readonly site: Site,
    readonly start: number,
    readonly stack: string | undefined,
    /** Timer handle, listener target, or null for tasks. */
    public handle: any,
  ) {}
}
