/**
 * What the transformer uses to pass a signal down: the ambient signal, a copy of an options
 * object with a signal added, and the check after an `await` for `cancelAtAwait`.
 */
import { currentScope } from './scope';

/** The ambient scope's signal: aborts when the innermost `run` scope (or the root) ends. */
export function signal(): AbortSignal {
  return currentScope().signal;
}

/**
 * Returns `options` with `signal` added, without mutating it: `{ ...options, signal }`, or
 * `{ signal }` when options is null or undefined. Options that already carry a signal, and calls
 * with no signal to give, get `options` back unchanged.
 */
export function withSignal<T>(options: T, signal: AbortSignal | undefined): T & { signal?: AbortSignal } {
  if (signal === undefined) return options as T & { signal?: AbortSignal };
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
