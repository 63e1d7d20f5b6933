/**
 * Listener wrappers for EventTarget (`addEventListener`/`removeEventListener`) and Node
 * EventEmitter (`on`, `addListener`, `once`, `prependListener`, `prependOnceListener`, `off`,
 * `removeListener`). A listener belongs to the scope that added it, wherever it later fires.
 *
 * The target's own method is called once, with exactly the caller's arguments — `once` included,
 * and on an EventEmitter the method the caller named (a subclass's `once` override runs) — so the
 * target sees the caller's listener, and de-duplication, `fired` guards, removal by the original
 * function and `listeners()` are the platform's own. A `once` listener that fired, or that native
 * code removed, is found gone by the sweep (see `stillListening`). EventTarget's de-duplication is
 * mirrored: adding the same (type, listener, capture) twice registers one entry. The live
 * entries of a listener are chained on the function itself, so a remove finds its entry without
 * a lookup table.
 */
import * as config from './config';
import { CAPTURE, chain, chainOf, EMITTER, listenerOf, newestListener, ONCE, targetOf, userSignals, weakly, type Entry } from './entry';
import { emitterRemovesOnce, mixedOnce, stillListening } from './native-listeners';
import { currentScope, end, endDeferredListener, flushDeferredListener, isDeferredListener, register, registerListener, type Scope } from './scope';

type Listener = ((event: any) => unknown) | { handleEvent(event: any): unknown };
/** The DOM's listener options, spelled out: Node's types do not declare them globally. */
export interface ListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}
type EmitterLike = {
  on(event: string | symbol, listener: (...args: any[]) => void): unknown;
  off(event: string | symbol, listener: (...args: any[]) => void): unknown;
  removeListener(event: string | symbol, listener: (...args: any[]) => void): unknown;
  [method: string]: any;
};
export type AddMethod = 'on' | 'addListener' | 'once' | 'prependListener' | 'prependOnceListener';
export type RemoveMethod = 'off' | 'removeListener';

/**
 * How this platform's EventTarget reads a boolean third argument. The DOM reads it as `capture`
 * in both add and remove; Node 20 does in add and ignores it in remove. Entries key on what the
 * platform will actually match, or a later remove would miss them. Probed once at load.
 */
function probeBooleanCapture(addOptions: boolean | ListenerOptions, removeOptions: boolean | ListenerOptions): boolean {
  const target = new EventTarget();
  let calls = 0;
  const probe = () => calls++;
  target.addEventListener('probe', probe, addOptions);
  target.removeEventListener('probe', probe, removeOptions);
  target.dispatchEvent(new Event('probe'));
  return calls === 0;
}
const addReadsBoolean = probeBooleanCapture(true, { capture: true });
const removeReadsBoolean = probeBooleanCapture({ capture: true }, true);

function captureOf(options: unknown, readsBoolean: boolean): boolean {
  if (typeof options === 'boolean') return readsBoolean && options;
  return typeof options === 'object' && options !== null && !!(options as ListenerOptions).capture;
}

/** Functions and listener objects can carry an entry chain; anything else goes straight to native. */
function canKey(listener: unknown): listener is object {
  return typeof listener === 'function' || (typeof listener === 'object' && listener !== null);
}

/**
 * The newest live entry of `listener` on `handle` for `type` with these flags, `once` or not:
 * `CAPTURE` or 0 for an EventTarget, `EMITTER` for an EventEmitter (Node removes the most
 * recently added match, and the chain is newest first). `once` entries that fired on the way
 * are ended.
 */
function findEntry(handle: unknown, type: string | symbol, listener: object, flags: number): Entry | null {
  // The newest registration of all, when it matches, is the newest for this listener too.
  const newest = newestListener();
  if (newest !== null && listenerOf(newest) === listener && targetOf(newest) === handle && newest.type === type && newest.flags === flags) return newest;
  let node = chainOf(listener);
  while (node !== null) {
    const next = node.same;
    if (targetOf(node) === handle && node.type === type && (node.flags & ~ONCE) === flags) {
      // A `once` listener that fired is gone natively: the match is an older registration. The
      // count compares with every live entry, so the newest registration must be one.
      if (!(node.flags & ONCE)) return node;
      flushDeferredListener();
      if (stillListening(node)) return node;
      end(node);
    }
    node = next;
  }
  return null;
}

/**
 * With the same function registered on one emitter and event both plain and `once`, the live
 * entry of the kind Node's remove takes (the last of its list, see `emitterRemovesOnce`), newest
 * first; null when Node holds neither.
 */
function entryNodeRemoves(emitter: EmitterLike, event: string | symbol, listener: object): Entry | null {
  const once = emitterRemovesOnce(emitter, event, listener);
  if (once === undefined) return null;
  for (let node = chainOf(listener); node !== null; node = node.same) {
    if (targetOf(node) === emitter && node.type === event && node.flags & EMITTER && ((node.flags & ONCE) !== 0) === once) return node;
  }
  return null;
}

export function addEventListener(
  site: string,
  target: EventTarget,
  type: string,
  listener: Listener | null | undefined,
  options?: boolean | ListenerOptions,
): void {
  const scope = currentScope();
  if (!canKey(listener)) {
    target.addEventListener(type, listener as any, options);
    return;
  }
  if (scope.aborted && config.mode === 'bind') return;
  const capture = captureOf(options, addReadsBoolean);
  const flags = capture ? CAPTURE : 0;
  // Native de-duplication: an existing (type, listener, capture) makes this add a no-op.
  if (isDeferredListener(target, type, listener, flags) || findEntry(target, type, listener, flags) !== null) {
    target.addEventListener(type, listener as any, options);
    return;
  }
  const userSignal = typeof options === 'object' && options !== null ? options.signal : undefined;
  if (userSignal?.aborted) {
    target.addEventListener(type, listener as any, options);
    return;
  }
  const once = typeof options === 'object' && options !== null && options.once === true;
  if (!once && userSignal === undefined && !config.stacks && !scope.aborted) {
    target.addEventListener(type, listener as any, options);
    registerListener(scope, site, target, type, listener, flags);
    return;
  }
  flushDeferredListener(); // the deferred registration is always the newest
  const entry = register(scope, 'listener', site, weakly(target));
  entry.type = type;
  entry.original = weakly(listener);
  entry.flags = once ? flags | ONCE : flags;
  if (userSignal !== undefined) userSignals.set(entry, userSignal);
  try {
    target.addEventListener(type, listener as any, options);
  } catch (error) {
    end(entry);
    throw error;
  }
  chain(entry);
}

export function removeEventListener(
  _site: string,
  target: EventTarget,
  type: string,
  listener: Listener | null | undefined,
  options?: boolean | { capture?: boolean },
): void {
  if (canKey(listener)) {
    const flags = captureOf(options, removeReadsBoolean) ? CAPTURE : 0;
    if (!endDeferredListener(target, type, listener, flags)) {
      const entry = findEntry(target, type, listener, flags);
      if (entry !== null) end(entry);
    }
  }
  target.removeEventListener(type, listener as any, options);
}

/**
 * The common case first, in a function small enough for the optimizing compiler to inline into
 * its caller: a plain `on`/`addListener` of a function in a live scope, deferred (see
 * `registerListener`). Only when Node puts it last: its remove by function then takes this
 * registration. Everything else is `addListenerInScope`.
 */
export function addListener<E extends EmitterLike>(site: string, emitter: E, method: AddMethod, event: string | symbol, listener: (...args: any[]) => void): E {
  const scope = currentScope();
  if ((method === 'on' || method === 'addListener') && typeof listener === 'function' && !scope.aborted && !config.stacks) {
    const result = method === 'on' ? emitter.on(event, listener) : emitter.addListener(event, listener);
    registerListener(scope, site, emitter, event, listener, EMITTER);
    return result;
  }
  return addListenerInScope(scope, site, emitter, method, event, listener);
}

function addListenerInScope<E extends EmitterLike>(scope: Scope, site: string, emitter: E, method: AddMethod, event: string | symbol, listener: (...args: any[]) => void): E {
  if (typeof listener !== 'function') return emitter[method](event, listener);
  if (scope.aborted && config.mode === 'bind') return emitter;
  const once = method === 'once' || method === 'prependOnceListener';
  flushDeferredListener(); // the deferred registration is always the newest
  const entry = register(scope, 'listener', site, weakly(emitter));
  entry.flags = once ? EMITTER | ONCE : EMITTER;
  entry.type = event;
  entry.original = weakly(listener);
  let result: any;
  try {
    result = emitter[method](event, listener);
  } catch (error) {
    end(entry);
    throw error;
  }
  chain(entry);
  return result;
}

/**
 * The common case first, small for the same reason as `addListener`: the remove of the newest
 * registration. Everything else finds its entry in `endListenerEntry`.
 */
export function removeListener<E extends EmitterLike>(_site: string, emitter: E, method: RemoveMethod, event: string | symbol, listener: (...args: any[]) => void): E {
  if (typeof listener === 'function' && !endDeferredListener(emitter, event, listener, EMITTER)) endListenerEntry(emitter, event, listener);
  return (method === 'off' ? emitter.off(event, listener) : emitter.removeListener(event, listener)) as E;
}

/** Ends the entry Node's remove of `listener` takes, if leash has one. */
function endListenerEntry(emitter: EmitterLike, event: string | symbol, listener: object): void {
  const entry = findEntry(emitter, event, listener, EMITTER);
  if (entry !== null) end(mixedOnce(entry) ? (entryNodeRemoves(emitter, event, listener) ?? entry) : entry);
}
