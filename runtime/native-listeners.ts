/**
 * Whether a `once` listener is still registered on its target. leash hands the caller's
 * listener to the platform as is (a wrapper would be a different function to the target, its
 * overrides and its remove calls), so it does not see a `once` listener fire; the sweep asks the
 * target instead. Only the sweep and a repeated add call this, never the per-call path.
 *
 * The platform tells how many registrations of a function it holds for a type, not which: an
 * EventTarget lists the function once per registration (capture and not, `once` or not), an
 * EventEmitter lists a `once` registration as a wrapper carrying it in `.listener`. So the answer
 * is a count: the `once` entry is gone when the target holds fewer such registrations than
 * leash has live entries for them. Only `once` registrations end natively (a listener with its
 * own `signal` is swept by that signal), so the missing ones are `once` entries, and the sweep,
 * ending them one at a time, stops when the counts agree.
 */
import { getEventListeners } from 'node:events';
import { chainOf, EMITTER, listenerOf, ONCE, targetOf, type Entry } from './entry';

const objectToString = Object.prototype.toString;

/**
 * Whether this is an `abort` listener on an AbortSignal that has aborted: a signal fires `abort`
 * once, so the registration can never run again, though the signal still holds it (plain code
 * leaves it; xstate's tests keep such signals reachable through a mock's recorded event). The
 * signal is recognized by its tag, so a DOM shim's (jsdom's) counts as well as Node's.
 */
export function abortFired(entry: Entry): boolean {
  if (entry.type !== 'abort' || (entry.flags & EMITTER) !== 0) return false;
  const target = targetOf(entry);
  return target !== undefined && target.aborted === true && objectToString.call(target) === '[object AbortSignal]';
}

/** An emitter's registrations for `type` (`once` ones as Node's wrappers), or undefined when it cannot list them. */
function rawListenersOf(handle: any, type: string | symbol | undefined): unknown[] | undefined {
  return typeof handle.rawListeners === 'function' ? handle.rawListeners(type) : undefined;
}

/** Node's `once` wrapper carries the caller's function as `.listener`. */
function isOnceWrapperOf(fn: unknown, original: unknown): boolean {
  return fn !== original && (fn as { listener?: unknown }).listener === original;
}

/** Whether the target still holds this entry's registration (false once either was collected). */
export function stillListening(entry: Entry): boolean {
  const handle = targetOf(entry);
  const original = listenerOf(entry);
  if (handle === undefined || original === undefined) return false;
  const { type } = entry;
  const emitter = (entry.flags & EMITTER) !== 0;
  let held = 0;
  if (emitter) {
    const raw = rawListenersOf(handle, type);
    if (raw === undefined) return true;
    for (const fn of raw) if (isOnceWrapperOf(fn, original)) held++;
  } else {
    let listeners: unknown[];
    try {
      listeners = getEventListeners(handle, type as string);
    } catch {
      // Not a Node EventTarget (a DOM shim, say): its listeners cannot be read, so the entry stays
      // until it is removed or its scope ends.
      return true;
    }
    for (const fn of listeners) if (fn === original) held++;
  }
  // Live entries for the same registrations: on an emitter the `once` ones, on a target all.
  let tracked = 0;
  for (let node = chainOf(original); node !== null; node = node.same) {
    if (targetOf(node) === handle && node.type === type && (!emitter || (node.flags & ONCE) !== 0)) tracked++;
  }
  return held >= tracked;
}

/**
 * Node's `removeListener(type, fn)` removes the last registration of `fn` in the emitter's list,
 * plain or `once` (whose wrapper carries `fn` as `.listener`); `prependListener` makes that not
 * always the newest. Returns which kind it would remove now — `true` for a `once` wrapper,
 * `false` for a plain one — or `undefined` when the emitter cannot be read or holds neither.
 */
export function emitterRemovesOnce(handle: any, type: string | symbol, original: unknown): boolean | undefined {
  const raw = rawListenersOf(handle, type) ?? [];
  for (let i = raw.length - 1; i >= 0; i--) {
    if (raw[i] === original) return false;
    if (isOnceWrapperOf(raw[i], original)) return true;
  }
  return undefined;
}

/** The wrapper Node registered for the newest `once` registration of `original` (the last in its list). */
export function onceWrapper(handle: any, type: string | symbol, original: unknown): unknown {
  return rawListenersOf(handle, type)?.findLast((fn) => isOnceWrapperOf(fn, original));
}

/**
 * Whether another live entry registers the same function for the same emitter and type with the
 * other `once`-ness: only then can leash's pick of an entry and Node's pick of a registration
 * differ in what they are.
 */
export function mixedOnce(entry: Entry): boolean {
  const once = entry.flags & ONCE;
  const listener = listenerOf(entry);
  if (listener === undefined) return false;
  const target = targetOf(entry);
  for (let node = chainOf(listener); node !== null; node = node.same) {
    if (node !== entry && targetOf(node) === target && node.type === entry.type && (node.flags & ONCE) !== once) return true;
  }
  return false;
}
