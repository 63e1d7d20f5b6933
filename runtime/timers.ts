/**
 * Timer wrappers: `setTimeout`, `setInterval`, `setImmediate` and their clears, registered with
 * the ambient scope. They call the *current* globals, so fake timers keep working, and return the
 * native handle (a Node `Timeout` keeps `ref`, `unref`, `refresh`, `hasRef` and
 * `Symbol.toPrimitive`). A native clear on a wrapped timer also works: the entry is swept.
 *
 * How a one-shot timer's end is seen depends on whether anyone can see the callback leash passes:
 * - through the global `setTimeout` leash loaded with, nobody can, so the callback is wrapped to
 *   end the entry as it fires: the count of live timers and each site's `peak` stay exact.
 * - through anything else — a spy (`vi.spyOn(globalThis, 'setTimeout')`), a fake clock, node:test's
 *   mock timers — the caller's own function is passed, so `toHaveBeenCalledWith(callback, 100)`
 *   holds as it does without leash, and the sweep before every report asks the handle (or its
 *   fake clock) whether it has ended (`timerEnded`). A `peak` counts such timers until a sweep.
 *
 * In an ended scope (`bind` mode) a timer is created and cleared at once — the handle is real,
 * the callback never runs — so a callback that re-arms itself cannot outlive its scope.
 */
import { isFake } from './clock';
import * as config from './config';
import { timerEnded, timerIds, type Entry } from './entry';
import { fakeClockOf, isNodeMockTimer } from './fake-clocks';
import { currentScope, end, register, type Scope } from './scope';

/** The globals leash loaded with, unless a fake clock had replaced them already: a callback passed to these is seen by nobody. */
const unseenSetTimeout = isFake(globalThis.setTimeout) ? undefined : globalThis.setTimeout;
const unseenSetImmediate = isFake(globalThis.setImmediate) ? undefined : globalThis.setImmediate;
const unseenSetInterval = isFake(globalThis.setInterval) ? undefined : globalThis.setInterval;

/** Property on a timer handle pointing at its entry, so a clear finds it in O(1). */
const ENTRY = Symbol('leash.timer');

type Callback = (...args: any[]) => void;
/** A timer's start function, called with the caller's `this` (none, or the object it was written on). */
type Start = (this: unknown, callback: any, ...args: any[]) => any;
/** The object a timer call was written on (`window`, `self`, `global`): whatever it holds under the timer's name is called, on it. */
type TimerOwner = Pick<typeof globalThis, 'setTimeout' | 'setInterval' | 'setImmediate' | 'clearTimeout' | 'clearInterval' | 'clearImmediate'>;
type TimeoutHandle = ReturnType<typeof globalThis.setTimeout>;
type ImmediateHandle = ReturnType<typeof globalThis.setImmediate>;

function attach(handle: any, entry: Entry): void {
  if (handle !== null && typeof handle === 'object') handle[ENTRY] = entry;
  else timerIds.set(handle, entry);
}

function entryOf(handle: any): Entry | undefined {
  if (handle !== null && typeof handle === 'object') return handle[ENTRY];
  return timerIds.get(handle);
}

export function setTimeout(site: string, callback: Callback, ms?: number, ...args: any[]): TimeoutHandle {
  return timeout(site, undefined, globalThis.setTimeout, callback, ms, args);
}

/** `owner.setTimeout(callback, ms, ...args)`, as written (`window.setTimeout(...)`): `owner`'s own function, called on it. */
export function setTimeoutOn(site: string, owner: TimerOwner, callback: Callback, ms?: number, ...args: any[]): TimeoutHandle {
  return timeout(site, owner, owner.setTimeout, callback, ms, args);
}

function timeout(site: string, owner: TimerOwner | undefined, set: Start, callback: Callback, ms: number | undefined, args: any[]): TimeoutHandle {
  const scope = currentScope();
  if (scope.aborted && config.mode === 'bind') {
    const handle = set.call(owner, callback, ms, ...args);
    refuse(owner, 'clearTimeout', handle);
    return handle;
  }
  if (typeof callback !== 'function') return set.call(owner, callback, ms, ...args);
  if (set !== unseenSetTimeout) return followed(scope, 'timeout', site, set.call(owner, callback, ms, ...args), set, ms);
  const entry = register(scope, 'timeout', site, undefined);
  const handle = set.call(owner, endsThen(entry, callback, args), ms, ...args);
  entry.handle = handle;
  attach(handle, entry);
  return handle;
}

/**
 * Registers a one-shot timer started with the caller's own callback, through a global leash did
 * not load with (see the head of this file). The sweep ends it once `timerEnded` says so. A handle
 * that says nothing (a number from a DOM-style `setTimeout`, an unknown mock's object) ends by
 * leash's own estimate, `ms` later on the real clock (at once if leash loaded under a fake clock),
 * so a timer that fired is never reported as a leak.
 */
function followed<H>(scope: Scope, kind: 'timeout' | 'immediate', site: string, handle: H, set: unknown, ms: number | undefined): H {
  const entry = register(scope, kind, site, handle);
  attach(handle, entry);
  if (!startedBy(entry, set) && timerEnded(entry) === undefined) {
    // leash's own estimate runs on the real timer, never a fake clock's, which would count it (as `clock.ts`).
    if (unseenSetTimeout === undefined) end(entry);
    else unseenSetTimeout(() => end(entry), kind === 'timeout' ? ms : 0).unref?.();
  }
  return handle;
}

/**
 * Keeps on `entry` what `timerEnded` asks about a timer `set` started, when `set` is a fake
 * clock's: the @sinonjs/fake-timers clock, or the function node:test's mock timers put in place
 * of the global (while it is, they may still run the timer; `reset()` puts the real one back and
 * drops every timer). Returns whether it was one.
 */
function startedBy(entry: Entry, set: unknown): boolean {
  const clock = fakeClockOf(set);
  if (clock !== undefined) entry.original = clock;
  else if (typeof set === 'function' && isNodeMockTimer(entry.handle)) entry.original = set;
  else return false;
  return true;
}

/**
 * Wraps a timeout's or immediate's callback so that it ends the entry before it runs. Node
 * passes the handle as `this` and fake timers pass nothing, so the entry is captured, not looked
 * up; the no-argument case avoids a rest array per call.
 */
function endsThen(entry: Entry, callback: Callback, args: any[]): Callback {
  if (args.length === 0) {
    return function (this: unknown) {
      end(entry);
      callback.call(this);
    };
  }
  return function (this: unknown, ...callArgs: any[]) {
    end(entry);
    callback.apply(this, callArgs);
  };
}

export function setInterval(site: string, callback: Callback, ms?: number, ...args: any[]): TimeoutHandle {
  return interval(site, undefined, globalThis.setInterval, callback, ms, args);
}

/** `owner.setInterval(callback, ms, ...args)`, as written: `owner`'s own function, called on it. */
export function setIntervalOn(site: string, owner: TimerOwner, callback: Callback, ms?: number, ...args: any[]): TimeoutHandle {
  return interval(site, owner, owner.setInterval, callback, ms, args);
}

function interval(site: string, owner: TimerOwner | undefined, set: Start, callback: Callback, ms: number | undefined, args: any[]): TimeoutHandle {
  const scope = currentScope();
  const handle = set.call(owner, callback, ms, ...args);
  if (scope.aborted && config.mode === 'bind') {
    refuse(owner, 'clearInterval', handle);
    return handle;
  }
  if (typeof callback !== 'function') return handle;
  const entry = register(scope, 'interval', site, handle);
  attach(handle, entry);
  if (set !== unseenSetInterval) startedBy(entry, set);
  return handle;
}

export function setImmediate(site: string, callback: Callback, ...args: any[]): ImmediateHandle {
  return immediate(site, undefined, globalThis.setImmediate, callback, args);
}

/** `owner.setImmediate(callback, ...args)`, as written: `owner`'s own function, called on it. */
export function setImmediateOn(site: string, owner: TimerOwner, callback: Callback, ...args: any[]): ImmediateHandle {
  return immediate(site, owner, owner.setImmediate, callback, args);
}

function immediate(site: string, owner: TimerOwner | undefined, set: Start, callback: Callback, args: any[]): ImmediateHandle {
  const scope = currentScope();
  if (scope.aborted && config.mode === 'bind') {
    const handle = set.call(owner, callback, ...args);
    refuse(owner, 'clearImmediate', handle);
    return handle;
  }
  if (typeof callback !== 'function') return set.call(owner, callback, ...args);
  if (set !== unseenSetImmediate) return followed(scope, 'immediate', site, set.call(owner, callback, ...args), set, 0);
  const entry = register(scope, 'immediate', site, undefined);
  const handle = set.call(owner, endsThen(entry, callback, args), ...args);
  entry.handle = handle;
  attach(handle, entry);
  return handle;
}

export function clearTimeout(_site: string, handle: unknown): void {
  clearAndEnd(undefined, 'clearTimeout', handle);
}

export function clearInterval(_site: string, handle: unknown): void {
  clearAndEnd(undefined, 'clearInterval', handle);
}

export function clearImmediate(_site: string, handle: unknown): void {
  clearAndEnd(undefined, 'clearImmediate', handle);
}

/** `owner.clearTimeout(handle)`, as written (`window.clearTimeout(...)`). */
export function clearTimeoutOn(_site: string, owner: TimerOwner, handle: unknown): void {
  clearAndEnd(owner, 'clearTimeout', handle);
}

/** `owner.clearInterval(handle)`, as written. */
export function clearIntervalOn(_site: string, owner: TimerOwner, handle: unknown): void {
  clearAndEnd(owner, 'clearInterval', handle);
}

/** `owner.clearImmediate(handle)`, as written. */
export function clearImmediateOn(_site: string, owner: TimerOwner, handle: unknown): void {
  clearAndEnd(owner, 'clearImmediate', handle);
}

type Clear = 'clearTimeout' | 'clearInterval' | 'clearImmediate';

/** Ends the handle's entry, if leash has one, and clears it as the caller wrote it. */
function clearAndEnd(owner: TimerOwner | undefined, clear: Clear, handle: unknown): void {
  const entry = entryOf(handle);
  if (entry !== undefined) end(entry);
  clearOn(owner, clear, handle);
}

/** `owner[clear](handle)` called on `owner`, or the current global's when the call named no object. */
function clearOn(owner: TimerOwner | undefined, clear: Clear, handle: unknown): void {
  (owner ?? globalThis)[clear](handle as never);
}

/** Clears a timer an ended scope refused; an object without that clear (a stub of `window`) has the global's. */
function refuse(owner: TimerOwner | undefined, clear: Clear, handle: unknown): void {
  clearOn(owner !== undefined && typeof owner[clear] === 'function' ? owner : undefined, clear, handle);
}
