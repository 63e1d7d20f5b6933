/**
 * What the transformer uses to pass a signal down: the ambient signal, a copy of an options
 * object with a signal added, and the check after an `await` for `cancelAtAwait`.
 */
import * as config from './config';
import { currentScope, rootScope } from './scope';

/** The ambient scope's signal: aborts when the innermost `run` scope (or the root) ends. */
export function signal(): AbortSignal {
  return currentScope().signal;
}

/**
 * The signal instrumented code injects where a call got none (`leash/hooks` exports it as
 * `signal`): the ambient scope's, or `undefined` — inject nothing — in the root scope and in
 * `track` mode. Outside any scope bind mode changes nothing: the root's signal never aborts, so
 * injecting it would only leave an abort listener per call on a process-lifetime signal. Track
 * mode observes and never hands a callee a signal it did not have plain.
 */
export function injectedSignal(): AbortSignal | undefined {
  if (config.mode === 'track') return undefined;
  const scope = currentScope();
  return scope === rootScope ? undefined : scope.signal;
}

/** What the spreads below give when there is nothing to inject: spreading it adds nothing. */
const NOTHING: readonly never[] = Object.freeze([]);
const NO_PROPERTY: Readonly<Record<string, never>> = Object.freeze({});

/** Whether an injected value is passed on: never in track mode, never when it is `undefined`. */
function passes(signal: AbortSignal | null | undefined): signal is AbortSignal {
  return signal != null && config.mode !== 'track';
}

/**
 * `f(a, ...signalArgs(S))`: the injected signal as one more argument, or no argument at all —
 * so a call that gets nothing to inject keeps the arity it had plain (`arguments.length`, mocks'
 * `toHaveBeenCalledWith`). `fill` leading `undefined`s reach a later position, as in
 * `sleep(ms, undefined, { signal })`.
 */
export function signalArgs(signal: AbortSignal | null | undefined, fill = 0): readonly unknown[] {
  if (!passes(signal)) return NOTHING;
  return fill === 0 ? [signal] : [...new Array<undefined>(fill), signal];
}

/** `f(a, ...optionsArgs(S))`: `{ signal: S }` as one more argument, or no argument at all. */
export function optionsArgs(signal: AbortSignal | null | undefined, fill = 0): readonly unknown[] {
  if (!passes(signal)) return NOTHING;
  return fill === 0 ? [{ signal }] : [...new Array<undefined>(fill), { signal }];
}

/** `{ a, ...signalProperty(S) }`: a `signal` property, or none, so the object keeps its plain shape. */
export function signalProperty(signal: AbortSignal | null | undefined): { signal?: AbortSignal } {
  return passes(signal) ? { signal } : NO_PROPERTY;
}

/**
 * Returns `options` with `signal` added, without mutating it: `{ ...options, signal }`, or
 * `{ signal }` when options is null or undefined. Options that already carry a signal, calls
 * with no signal to give, and every call in `track` mode get `options` back unchanged.
 */
export function withSignal<T>(options: T, signal: AbortSignal | undefined): T & { signal?: AbortSignal } {
  if (signal === undefined || config.mode === 'track') return options as T & { signal?: AbortSignal };
  if (options === undefined || options === null) return { signal } as T & { signal: AbortSignal };
  if (typeof options !== 'object') return options as T & { signal?: AbortSignal };
  if ((options as { signal?: unknown }).signal != null) return options as T & { signal?: AbortSignal };
  return { ...options, signal };
}

/**
 * `await x` becomes `resumed(await x)` with `cancelAtAwait`: if the ambient scope ended while the
 * function was suspended, throw its reason instead of going on; otherwise return the value.
 */
export function resumed<T>(value: T): T {
  const scope = currentScope();
  if (scope.aborted) throw scope.reason;
  return value;
}
