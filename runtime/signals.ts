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
 * `signal`): `own`, the enclosing function's signal when it has one (`leash.signal(options?.signal)`),
 * else the ambient scope's — and `undefined`, inject nothing, in the root scope and in `track`
 * mode, own signal or not. Outside any scope bind mode changes nothing: the root's signal never
 * aborts (injecting it would leave an abort listener per call on a process-lifetime signal), and a
 * signal the function was given but did not pass on was not passed plain either — node:test's
 * `t.signal` passed to a `fork` there killed the child as the test ended, and its `AbortError`
 * ended the rest of the suite. Track mode observes and never hands a callee a signal it did not
 * have plain.
 */
export function injectedSignal(own?: AbortSignal | null): AbortSignal | undefined {
  if (config.mode === 'track') return undefined;
  const scope = currentScope();
  return scope === rootScope ? undefined : (own ?? scope.signal);
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

const NO_ARGUMENTS: readonly unknown[] = Object.freeze([]);
const NO_PROPERTIES: Readonly<Record<string, never>> = Object.freeze({});

/**
 * What both emitters spread after a call's own arguments, `f(a, ...signalArgs(S, 1, true))`:
 * nothing when `S` is `undefined` (the root scope, track mode), so the callee gets exactly the
 * caller's arguments; else `undefined` for each omitted optional parameter before the signal's,
 * then `S` (or `{ signal: S }` for an options parameter).
 */
export function signalArgs(signal: AbortSignal | undefined, omitted: number, options: boolean): readonly unknown[] {
  if (signal === undefined) return NO_ARGUMENTS;
  const last = options ? { signal } : signal;
  if (omitted === 0) return [last]; // the common case, as a literal: no pushes
  const args: unknown[] = [];
  for (let i = 0; i < omitted; i++) args.push(undefined);
  args.push(last);
  return args;
}

/** What both emitters spread into an options literal, `{ a, ...signalProperty(S) }`: no `signal` key when `S` is `undefined`. */
export function signalProperty(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? NO_PROPERTIES : { signal };
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
