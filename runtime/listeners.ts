/**
 * Listener wrappers for EventTarget (`addEventListener`/`removeEventListener`) and Node
 * EventEmitter (`on`, `addListener`, `once`, `prependListener`, `prependOnceListener`, `off`,
 * `removeListener`). A listener belongs to the scope that added it, wherever it later fires.
 *
 * The caller's listener is registered as is, so native removal and `listeners()` keep working;
 * only `once` listeners get a wrapper, which ends the entry when it fires. EventEmitter once
 * wrappers carry `.listener` like Node's own, so `off(event, original)` still finds them.
 * EventTarget's de-duplication is kept: adding the same (type, listener, capture) twice
 * registers one entry. The live entries of a listener are chained on the function itself, so a
 * remove finds its entry without a lookup table.
 */
import * as config from './config';
import { CAPTURE, chain, chainOf, EMITTER, userSignals, type Entry } from './entry';
import { currentScope, end, register } from './scope';

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
 * The newest live entry of `listener` on `handle` for `type` with these flags: `CAPTURE` or 0 for
 * an EventTarget, `EMITTER` for an EventEmitter (Node removes the most recently added match, and
 * the chain is newest first).
 */
function findEntry(handle: unknown, type: string | symbol, listener: object, flags: number): Entry | null {
  let node = chainOf(listener);
  while (node !== null) {
    if (node.handle === handle && node.type === type && node.flags === flags) return node;
    node = node.same;
  }
  return null;
}

/**
 * The wrappers for `once` listeners end their entry when they fire. They are made in their own
 * functions: a closure written inline would make every add call allocate a context for the
 * variables it captures, `once` or not.
 */
function targetOnce(entry: Entry, listener: Listener): (event: unknown) => unknown {
  return function (this: unknown, event: unknown) {
    end(entry);
    return typeof listener === 'function' ? listener.call(this, event) : listener.handleEvent(event);
  };
}

function emitterOnce(entry: Entry, emitter: EmitterLike, event: string | symbol, listener: (...args: any[]) => void): (...args: any[]) => unknown {
  const wrapper = function (this: unknown, ...args: any[]) {
    emitter.removeListener(event, wrapper);
    end(entry);
    return listener.apply(this, args);
  };
  // Like Node's own once wrapper, so `off(event, listener)` and `listeners()` see the original.
  (wrapper as { listener?: unknown }).listener = listener;
  return wrapper;
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
  // Native de-duplication: an existing (type, listener, capture) makes this add a no-op.
  if (findEntry(target, type, listener, capture ? CAPTURE : 0) !== null) {
    target.addEventListener(type, listener as any, options);
    return;
  }
  const userSignal = typeof options === 'object' && options !== null ? options.signal : undefined;
  if (userSignal?.aborted) return;
  const entry = register(scope, 'listener', site, target);
  entry.type = type;
  entry.original = listener;
  entry.flags = capture ? CAPTURE : 0;
  entry.fn = typeof options === 'object' && options !== null && options.once === true ? targetOnce(entry, listener) : listener;
  if (userSignal !== undefined) userSignals.set(entry, userSignal);
  try {
    target.addEventListener(type, entry.fn, options);
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
    const entry = findEntry(target, type, listener, captureOf(options, removeReadsBoolean) ? CAPTURE : 0);
    if (entry !== null) {
      end(entry);
      if (entry.fn !== listener) target.removeEventListener(type, entry.fn, options);
    }
  }
  target.removeEventListener(type, listener as any, options);
}

export function addListener<E extends EmitterLike>(site: string, emitter: E, method: AddMethod, event: string | symbol, listener: (...args: any[]) => void): E {
  const scope = currentScope();
  if (typeof listener !== 'function') return emitter[method](event, listener);
  if (scope.aborted && config.mode === 'bind') return emitter;
  const entry = register(scope, 'listener', site, emitter);
  entry.flags = EMITTER;
  entry.type = event;
  entry.original = listener;
  let result: any;
  try {
    if (method === 'once' || method === 'prependOnceListener') {
      entry.fn = emitterOnce(entry, emitter, event, listener);
      result = method === 'once' ? emitter.on(event, entry.fn) : emitter.prependListener(event, entry.fn);
    } else {
      entry.fn = listener;
      result = method === 'on' ? emitter.on(event, listener) : emitter[method](event, listener);
    }
  } catch (error) {
    end(entry);
    throw error;
  }
  chain(entry);
  return result;
}

export function removeListener<E extends EmitterLike>(_site: string, emitter: E, method: RemoveMethod, event: string | symbol, listener: (...args: any[]) => void): E {
  if (typeof listener === 'function') {
    const entry = findEntry(emitter, event, listener, EMITTER);
    if (entry !== null) end(entry);
  }
  return (method === 'off' ? emitter.off(event, listener) : emitter.removeListener(event, listener)) as E;
}
